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

const FRAME_START = /^\s*at (?:async )?/;
const LINE_AND_COLUMN = /(?::\d+){1,2}$/;
const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Distinct stacks whose frames are remembered: one throw site logged again is parsed once. */
const REMEMBERED_STACKS = 500;
const parsedStacks = new BoundedMap<string, readonly StackFrame[]>(REMEMBERED_STACKS);

/**
 * Parses the `at ...` lines of a V8 stack; other lines (the message) are skipped. A line is
 * `at [async ]FUNCTION (LOCATION)` or `at [async ]LOCATION`; it is split with string searches, in one
 * pass, so that a hostile line full of ` (` costs its length, not its square. The frames of a stack
 * seen before (the same throw site, whatever its message) are returned as they were parsed then.
 */
export function parseStackFrames(stack: string, projectRoot: string): readonly StackFrame[] {
  // A first line that is no frame is the error's heading (its message, which differs from record to
  // record): the frames are what follows it.
  const newline = stack.indexOf('\n');
  const headed = newline !== -1 && !FRAME_START.test(stack.slice(0, newline));
  const frameLines = headed ? stack.slice(newline + 1) : stack;
  const key = `${projectRoot}\u0000${frameLines}`;
  const known = parsedStacks.get(key);
  if (known !== undefined) return known;
  const frames = Object.freeze(parseFrames(frameLines, projectRoot));
  parsedStacks.set(key, frames);
  return frames;
}

function parseFrames(stack: string, projectRoot: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const start = FRAME_START.exec(line);
    if (start === null) continue;
    const rest = line.slice(start[0].length);
    const open = rest.endsWith(')') ? rest.indexOf(' (') : -1;
    const functionName = open === -1 ? '' : rest.slice(0, open).replace(/^Module\./, '');
    const location = open === -1 ? rest : rest.slice(open + 2, -1);
    frames.push(toFrame(functionName, location, projectRoot));
  }
  return frames;
}

function toFrame(functionName: string, location: string, projectRoot: string): StackFrame {
  if (location.startsWith('eval ')) return { functionName, file: 'eval', inApp: false };
  const path = location.replace(LINE_AND_COLUMN, '');
  const notInApp =
    path === '' ||
    path.startsWith('node:') ||
    path.startsWith('internal/') ||
    path.includes('node_modules') ||
    path.includes('<anonymous>') ||
    path === 'native';
  return { functionName, file: relativePath(path, projectRoot), inApp: !notInApp };
}

/**
 * The path relative to the project root, `/`-separated, without extension. A path outside the root
 * keeps only its last two segments, so that no absolute path (which differs per host) remains.
 */
function relativePath(path: string, projectRoot: string): string {
  let normalised = path.replace(/^file:\/\//, '').replaceAll('\\', '/');
  const root = projectRoot.replaceAll('\\', '/').replace(/\/?$/, '/');
  if (normalised.startsWith(root)) normalised = normalised.slice(root.length);
  else if (/^(?:[A-Za-z]:)?\//.test(normalised) && !normalised.includes('node_modules/')) {
    normalised = normalised.split('/').slice(-2).join('/');
  }
  return normalised.replace(SOURCE_EXTENSION, '');
}

/** The package a library frame belongs to: `@scope/name` or `name` under node_modules, `node` for Node's internals. */
export function packageOf(frame: StackFrame): string {
  const modules = frame.file.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const [scopeOrName = '', name] = frame.file.slice(modules + 'node_modules/'.length).split('/', 2);
    return scopeOrName.startsWith('@') && name !== undefined ? `${scopeOrName}/${name}` : scopeOrName;
  }
  if (frame.file.startsWith('node:') || frame.file.startsWith('internal/')) return 'node';
  return frame.file;
}
