import { describe, expect, it } from 'vitest';
import { readableStack, topAppFrame } from '../../src/render/readable-stack.js';

const ROOT = '/srv/app';

describe('readableStack', () => {
  it('marks the app frames, leaves node:internal out and folds a run of library frames into one line', () => {
    const stack = [
      'TypeError: card declined',
      `    at chargeCard (${ROOT}/src/payments.js:10:11)`,
      `    at Layer.handle (${ROOT}/node_modules/express/lib/router/layer.js:95:5)`,
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      `    at next (${ROOT}/node_modules/express/lib/router/route.js:149:13)`,
      `    at Route.dispatch (${ROOT}/node_modules/express/lib/router/route.js:119:3)`,
      `    at handle (${ROOT}/src/routes.js:4:2)`,
      '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
      '    at Object..js (node:internal/modules/cjs/loader:1706:10)',
    ].join('\n');
    expect(readableStack(stack, ROOT)).toEqual([
      { kind: 'text', text: 'TypeError: card declined' },
      { kind: 'app', text: 'at chargeCard (src/payments.js:10:11)' },
      { kind: 'folded', text: '… 3 frames in node_modules/express' },
      { kind: 'app', text: 'at handle (src/routes.js:4:2)' },
    ]);
  });

  it('names the packages of a run through several, and shows a lone library frame from node_modules on', () => {
    const stack = [
      'Error: x',
      '    at a (/opt/deps/node_modules/body-parser/index.js:1:1)',
      '    at b (/opt/deps/node_modules/qs/lib/parse.js:1:1)',
      '    at c (/opt/deps/node_modules/@scope/pkg/index.js:1:1)',
      '    at d (/opt/deps/node_modules/raw-body/index.js:1:1)',
      `    at own (${ROOT}/src/own.js:2:3)`,
      '    at e (/opt/deps/node_modules/p-retry/index.js:7:7)',
    ].join('\n');
    expect(readableStack(stack, ROOT).map((line) => line.text)).toEqual([
      'Error: x',
      '… 4 frames in node_modules (body-parser, qs, @scope/pkg, +1)',
      'at own (src/own.js:2:3)',
      'at e (node_modules/p-retry/index.js:7:7)',
    ]);
  });

  it('keeps caused-by lines and says how many frames were left out of a stack of Node frames only', () => {
    const stack = [
      'Error: outer',
      '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
      '    at node:internal/main/run_main_module:28:49',
      'caused by: Error: inner',
    ].join('\n');
    expect(readableStack(stack, ROOT)).toEqual([
      { kind: 'text', text: 'Error: outer' },
      { kind: 'text', text: 'caused by: Error: inner' },
      { kind: 'folded', text: '… 2 frames in node:internal' },
    ]);
  });
});

describe('topAppFrame', () => {
  it('is the app frame nearest the throw, as path:function, or path:line for an unnamed function', () => {
    const stack = [
      'Error: x',
      `    at lib (${ROOT}/node_modules/lib/index.js:1:1)`,
      `    at charge (${ROOT}/src/pay.js:3:9)`,
      `    at main (${ROOT}/src/main.js:1:1)`,
    ].join('\n');
    expect(topAppFrame(stack, ROOT)).toBe('src/pay.js:charge');
    expect(topAppFrame(`Error: x\n    at file://${ROOT}/src/main.mjs:12:5`, ROOT)).toBe('src/main.mjs:12');
    expect(topAppFrame(`Error: x\n    at lib (${ROOT}/node_modules/lib/index.js:1:1)`, ROOT)).toBeUndefined();
  });
});
