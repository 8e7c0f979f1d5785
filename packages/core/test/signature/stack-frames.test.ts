import { describe, expect, it } from 'vitest';
import { parseStackFrames } from '../../src/signature/stack-frames.js';

const ROOT = '/srv/app';

describe('parseStackFrames', () => {
  it('keeps function and relative file without line, column or extension, and tells in-app frames apart', () => {
    expect(
      parseStackFrames(
        [
          'TypeError: card declined',
          `    at chargeCard (${ROOT}/src/payments.js:10:11)`,
          `    at handle (${ROOT}/node_modules/express/lib/router.js:10:5)`,
          '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
        ].join('\n'),
        ROOT,
      ),
    ).toEqual([
      { functionName: 'chargeCard', file: 'src/payments', inApp: true },
      { functionName: 'handle', file: 'node_modules/express/lib/router', inApp: false },
      { functionName: 'process.processTicksAndRejections', file: 'node:internal/process/task_queues', inApp: false },
    ]);
  });

  it('reads frames without a function name and file:// URLs', () => {
    expect(parseStackFrames(`Error: x\n    at file://${ROOT}/src/main.mjs:3:1`, ROOT)).toEqual([
      { functionName: '', file: 'src/main', inApp: true },
    ]);
  });

  it('does not count eval, anonymous or Windows library frames as in-app', () => {
    const stack = [
      'Error: x',
      '    at eval (eval at run (/srv/app/src/a.js:1:1), <anonymous>:1:1)',
      '    at <anonymous>',
      '    at lib (C:\\srv\\app\\node_modules\\lib\\index.js:1:1)',
      '    at own (C:\\srv\\app\\src\\own.ts:2:3)',
    ].join('\n');
    expect(parseStackFrames(stack, 'C:\\srv\\app').map((frame) => [frame.file, frame.inApp])).toEqual([
      ['eval', false],
      ['<anonymous>', false],
      ['node_modules/lib/index', false],
      ['src/own', true],
    ]);
  });

  it('does not count the element of a Promise.all as in-app', () => {
    const stack = ['Error: x', `    at load (${ROOT}/src/load.js:3:9)`, '    at async Promise.all (index 3)'].join(
      '\n',
    );
    expect(parseStackFrames(stack, ROOT).map((frame) => frame.inApp)).toEqual([true, false]);
  });

  it('parses a throw site once, whatever its message, of one line or of several', () => {
    const frames = `    at charge (${ROOT}/src/pay.js:3:9)\n    at main (${ROOT}/src/main.js:1:1)`;
    const first = parseStackFrames(`Error: order 1 failed\n${frames}`, ROOT);
    expect(parseStackFrames(`Error: order 2 failed\nDETAIL: key (id)=(2) exists\n${frames}`, ROOT)).toBe(first);
    expect(parseStackFrames(`Error: order 3 failed\n  at the gate\n${frames}`, ROOT)).not.toBe(first);
    expect(first.map((frame) => frame.functionName)).toEqual(['charge', 'main']);
  });

  it('reads stacks with CRLF line ends as it reads LF ones, and takes no unindented message line for a frame', () => {
    const frames = [`    at charge (${ROOT}/src/pay.js:10:5)`, `    at main (${ROOT}/src/main.js:1:1)`];
    const lf = parseStackFrames(['Error: x', ...frames].join('\n'), ROOT);
    expect(parseStackFrames(['Error: x', ...frames].join('\r\n'), ROOT)).toEqual(lf);
    expect(parseStackFrames(['Error: retry failed', 'at least 3 attempts', ...frames].join('\n'), ROOT)).toBe(lf);
  });
});
