import { BoundedMap } from '../bounded-map.js';
/** One frame of a V8 stack trace, reduced to what identifies code across builds and hosts. */
export interface StackFrame {
  /**
   * Function name as V8 printed it (`Foo.bar`, `new Foo`, `<anonymous>`), or `''`; without the `Module.`
   * V8 puts before an ES module's export when it is called through its namespace object.
   */
  readonly functionName: string;
  /** File path relative to the project root, `/`-separated, without extension; or a `node:` specifier. */
  readonly file: string;
  /** Whether the frame is the application's own code (not Node internals, `node_modules` or eval). */
  readonly inApp: boolean;
}

/** V8 indents every frame line; a message line starting with `at ` is no frame. */
const FRAME_START = /^[ \t]+at (?:async )?/;
const LINE_AND_COLUMN = /(?::\d+){1,2}$/;
const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const PROMISE_ELEMENT = /^index \d+$/;
/** Where the first frame line of a stack starts, after a heading of one or more lines. */
const FIRST_FRAME_LINE = /\n[ \t]+at /;

/**
 * Distinct stacks whose frames are remembered per project root (up to twice as many, see BoundedMap):
 * one throw site logged again is parsed once. Only stacks up to {@link REMEMBERED_STACK_LENGTH}
 * characters are remembered (a stack is typically 1–3 KB), so that the cache holds about 7 MB per root
 * at worst, its strings and parsed frames together.
 */
const REMEMBERED_STACKS = 250;
const REMEMBERED_STACK_LENGTH = 8192;
/** Project roots with stacks remembered (a process has one or a few). */
const REMEMBERED_ROOTS = 2;
/**
 * Per project root, then per the frame lines of a stack: two lookups rather than one key joining both,
 * which would copy the whole stack into a new string for every record.
 */
const parsedStacks = new BoundedMap<string, BoundedMap<string, readonly StackFrame[]>>(REMEMBERED_ROOTS);

/**
 * Parses the `at ...` lines of a V8 stack; other lines (the message) are skipped. A line is
 * `at [async ]FUNCTION (LOCATION)` or `at [async ]LOCATION`; it is split with string searches, in one
 * pass, so that a hostile line full of ` (` costs its length, not its square. The frames of a stack
 * seen before (the same throw site, whatever its message) are returned as they were parsed then.
 */
export function parseStackFrames(stack: string, projectRoot: string): readonly StackFrame[] {
  // The lines before the first frame are the error's heading (its message, of one or more lines, which
  // differs from record to record): the frames are what follows it.
  const heading = FRAME_START.test(stack) ? -1 : (FIRST_FRAME_LINE.exec(stack)?.index ?? stack.length);
  const frameLines = heading === -1 ? stack : stack.slice(heading + 1);
  if (stack.length > REMEMBERED_STACK_LENGTH) return Object.freeze(parseFrames(frameLines, projectRoot));
  let ofRoot = parsedStacks.get(projectRoot);
  if (ofRoot === undefined) {
    ofRoot = new BoundedMap(REMEMBERED_STACKS);
    parsedStacks.set(projectRoot, ofRoot);
  }
  const known = ofRoot.get(frameLines);
  if (known !== undefined) return known;
  const frames = Object.freeze(parseFrames(frameLines, projectRoot));
  ofRoot.set(frameLines, frames);
  return frames;
}

function parseFrames(stack: string, projectRoot: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const parts = frameLineParts(line);
    if (parts === undefined) continue;
    const { functionName, path, origin } = parts;
    frames.push({
      functionName,
      file: relativePath(path, projectRoot).replace(SOURCE_EXTENSION, ''),
      inApp: origin === 'app',
    });
  }
  return frames;
}

/** Where a frame's code comes from. */
export type FrameOrigin = 'app' | 'library' | 'node' | 'eval';

/** The parts of one `at …` line of a V8 stack. */
export interface FrameLineParts {
  /** As V8 printed it, without `Module.`; `''` when the line names no function. */
  readonly functionName: string;
  /** The file as V8 printed it, without line and column; `eval` for eval'd code, `''` when it names none. */
  readonly path: string;
  /** `:12:5`, or `''`. */
  readonly lineAndColumn: string;
  readonly origin: FrameOrigin;
}

/**
 * Reads an `at [async ]FUNCTION (LOCATION)` or `at [async ]LOCATION` line, or returns `undefined` for any
 * other line (an error's heading, a `caused by:` line). Split with string searches, in one pass, so that
 * a hostile line full of ` (` costs its length, not its square.
 */
export function frameLineParts(line: string): FrameLineParts | undefined {
  const start = FRAME_START.exec(line);
  if (start === null) return undefined;
  // A stack with CRLF line ends (written on or for Windows) keeps its \r on each line.
  const rest = line.slice(start[0].length, line.endsWith('\r') ? -1 : undefined);
  const open = rest.endsWith(')') ? rest.indexOf(' (') : -1;
  const functionName = open === -1 ? '' : rest.slice(0, open).replace(/^Module\./, '');
  const location = open === -1 ? rest : rest.slice(open + 2, -1);
  if (location.startsWith('eval ')) return { functionName, path: 'eval', lineAndColumn: '', origin: 'eval' };
  const lineAndColumn = LINE_AND_COLUMN.exec(location)?.[0] ?? '';
  const path = location.slice(0, location.length - lineAndColumn.length);
  return { functionName, path, lineAndColumn, origin: originOf(path) };
}

/**
 * `<anonymous>` is a built-in's frame (`Array.map`, `new Promise`), and `index 3` the element of a
 * `Promise.all` that rejected (`at async Promise.all (index 3)`): Node's, like `node:` and `internal/`.
 */
function originOf(path: string): FrameOrigin {
  const node =
    path === '' ||
    path.startsWith('node:') ||
    path.startsWith('internal/') ||
    path === 'native' ||
    PROMISE_ELEMENT.test(path) ||
    path.includes('<anonymous>');
  if (node) return 'node';
  return path.includes('node_modules') ? 'library' : 'app';
}

/**
 * The path relative to the project root, `/`-separated. A path outside the root keeps only its last two
 * segments (from `node_modules/` on for a library), so that no absolute path (which differs per host)
 * remains.
 */
export function relativePath(path: string, projectRoot: string): string {
  let normalised = path.replace(/^file:\/\//, '').replaceAll('\\', '/');
  const root = projectRoot.replaceAll('\\', '/').replace(/\/?$/, '/');
  if (normalised.startsWith(root)) normalised = normalised.slice(root.length);
  else if (/^(?:[A-Za-z]:)?\//.test(normalised) && !normalised.includes('node_modules/')) {
    normalised = normalised.split('/').slice(-2).join('/');
  }
  return normalised;
}

/**
 * The package a library file belongs to: `@scope/name` or `name` under (the last) node_modules, `node`
 * for Node's internals, else the file itself.
 */
export function packageOf(file: string): string {
  const modules = file.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const [scopeOrName = '', name] = file.slice(modules + 'node_modules/'.length).split('/', 2);
    return scopeOrName.startsWith('@') && name !== undefined ? `${scopeOrName}/${name}` : scopeOrName;
  }
  if (file.startsWith('node:') || file.startsWith('internal/')) return 'node';
  return file;
}
