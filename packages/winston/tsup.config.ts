import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

rmSync('dist', { recursive: true, force: true });

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  target: 'node20',
  sourcemap: true,
  dts: true,
});
