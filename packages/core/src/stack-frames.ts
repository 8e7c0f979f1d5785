/** One frame of a V8 stack trace, reduced to what identifies code across builds and hosts. */
export interface StackFrame {
  /** Function name as V8 printed it (`Foo.bar`, `new Foo`, `<anonymous>`), or `''`. */
  readonly functionName: string;
  /** File path relative to the project root, `/`-separated, without extension; or a `node:` specifier. */
  readonly file: string;
  /** Whether the frame is the application's own code (not Node internals, `node_modules` or eval). */
  readonly inApp: boolean;
}

const FRAME_WITH_FUNCTION = /^\s*at (?:async )?(.*?) \((.*)\)$/;
const FRAME_WITHOUT_FUNCTION = /^\s*at (?:async )?(.*)$/;
const LINE_AND_COLUMN = /(?::\d+){1,2}$/;
const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Parses the `at ...` lines of a V8 stack; other lines (message, `caused by:`) are skipped. */
export function parseStackFrames(stack: string, projectRoot: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    if (!/^\s*at /.test(line)) continue;
    const withFunction = FRAME_WITH_FUNCTION.exec(line);
    const functionName = withFunction?.[1] ?? '';
    const location = withFunction?.[2] ?? FRAME_WITHOUT_FUNCTION.exec(line)?.[1] ?? '';
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

function relativePath(path: string, projectRoot: string): string {
  let normalised = path.replace(/^file:\/\//, '').replaceAll('\\', '/');
  const root = projectRoot.replaceAll('\\', '/').replace(/\/?$/, '/');
  if (normalised.startsWith(root)) normalised = normalised.slice(root.length);
  return normalised.replace(SOURCE_EXTENSION, '');
}
