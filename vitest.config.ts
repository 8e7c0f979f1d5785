import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './test/plain-summary-reporter.js';

export default defineConfig({
  test: {
    reporters: ['default', new PlainSummaryReporter()],
    projects: [
      { test: { name: 'core', root: 'packages/core', include: ['test/**/*.test.ts'] } },
      { test: { name: 'pino', root: 'packages/pino', include: ['test/**/*.test.ts'] } },
      { test: { name: 'winston', root: 'packages/winston', include: ['test/**/*.test.ts'] } },
      { test: { name: 'redis', root: 'packages/redis', include: ['test/**/*.test.ts'], hookTimeout: 30_000 } },
      // Real pino (worker thread) and real winston in child processes against the loopback fake Chat.
      {
        test: {
          name: 'integration',
          root: 'test',
          include: ['**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
