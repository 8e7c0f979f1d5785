import { rmSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// Cleaned once here: tsup's own `clean` runs per config, in parallel, and could delete the other format's output.
rmSync('dist', { recursive: true, force: true });

const shared: Options = { entry: ['src/index.ts'], target: 'node20', sourcemap: true, dts: true };

export default defineConfig([
  { ...shared, format: 'esm' },
  // p-queue and its helpers are ESM-only: bundle them into the CommonJS build so `require` works
  // without relying on Node's require(esm).
  { ...shared, format: 'cjs', noExternal: ['p-queue', 'p-timeout', 'eventemitter3'] },
]);
