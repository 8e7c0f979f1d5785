import { type FrameLineParts, frameLineParts, packageOf, relativePath } from '../signature/stack-frames.js';

/** One line of a stack as a report shows it. */
export interface StackLine {
  /**
   * `app`: a frame of the application's own code, to stand out; `frame`: another frame kept as it is;
   * `folded`: a run of library frames told in one line; `text`: the heading, a `caused by:` line.
   */
  readonly kind: 'app' | 'frame' | 'folded' | 'text';
  readonly text: string;
}

/** Runs of library frames at least this long are told in one line; a lone library frame is shown. */
const FOLDED_RUN = 2;
/** Packages named in the line of a run through several. */
const NAMED_PACKAGES = 3;

/**
 * A stack the way error trackers show it: the heading and `caused by:` lines as they are, the app's own
 * frames marked, paths relative to the project root, Node's internal frames left out, and each run of
 * library frames folded into one line ("… 6 frames in node_modules/express"). A stack of Node's frames
 * only keeps one line saying how many there were. The stack given is already bounded (see
 * boundedRecord): this is one pass over its lines.
 */
export function readableStack(stack: string, projectRoot: string): StackLine[] {
  const lines: StackLine[] = [];
  let run: FrameLineParts[] = [];
  let nodeFrames = 0;
  let framesShown = 0;
  const endRun = () => {
    if (run.length >= FOLDED_RUN) lines.push({ kind: 'folded', text: foldedRun(run) });
    else for (const frame of run) lines.push({ kind: 'frame', text: frameText(frame, projectRoot) });
    framesShown += run.length;
    run = [];
  };
  for (const line of stack.split('\n')) {
    const frame = frameLineParts(line);
    if (frame === undefined) {
      endRun();
      lines.push({ kind: 'text', text: line });
    } else if (frame.origin === 'node') {
      // Left out, and no end to a run of library frames either side of it.
      nodeFrames += 1;
    } else if (frame.origin === 'library') {
      run.push(frame);
    } else {
      endRun();
      framesShown += 1;
      lines.push({ kind: frame.origin === 'app' ? 'app' : 'frame', text: frameText(frame, projectRoot) });
    }
  }
  endRun();
  if (framesShown === 0 && nodeFrames > 0)
    lines.push({ kind: 'folded', text: `… ${nodeFrames} frames in node:internal` });
  return lines;
}

/** The app's frame nearest the throw, as `path:function` (`path:line` for an unnamed function), if any. */
export function topAppFrame(stack: string, projectRoot: string): string | undefined {
  for (const line of stack.split('\n')) {
    const frame = frameLineParts(line);
    if (frame?.origin !== 'app') continue;
    const place = frame.functionName !== '' ? frame.functionName : frame.lineAndColumn.split(':')[1];
    return `${relativePath(frame.path, projectRoot)}:${place ?? ''}`;
  }
  return undefined;
}

function frameText(frame: FrameLineParts, projectRoot: string): string {
  const location = frame.origin === 'eval' ? frame.path : `${shownPath(frame, projectRoot)}${frame.lineAndColumn}`;
  return frame.functionName === '' ? `at ${location}` : `at ${frame.functionName} (${location})`;
}

/** A library's path from its `node_modules/` on, wherever it is installed; others relative to the root. */
function shownPath(frame: FrameLineParts, projectRoot: string): string {
  if (frame.origin !== 'library') return relativePath(frame.path, projectRoot);
  const path = frame.path.replaceAll('\\', '/');
  const at = path.lastIndexOf('node_modules/');
  return at === -1 ? relativePath(frame.path, projectRoot) : path.slice(at);
}

/** "… 6 frames in node_modules/express", or "… 9 frames in node_modules (express, body-parser, qs, +1)". */
function foldedRun(run: readonly FrameLineParts[]): string {
  const packages = [...new Set(run.map((frame) => packageOf(frame.path.replaceAll('\\', '/'))))];
  if (packages.length === 1) return `… ${run.length} frames in node_modules/${packages[0]}`;
  const named = packages.slice(0, NAMED_PACKAGES);
  const more = packages.length > named.length ? `, +${packages.length - named.length}` : '';
  return `… ${run.length} frames in node_modules (${named.join(', ')}${more})`;
}
