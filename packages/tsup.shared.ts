import { rmSync } from 'node:fs';
import type { Options } from 'tsup';

/**
 * The build of every gchat-log package: `src/index.ts` as ESM (`dist/index.js`) and CommonJS
 * (`dist/index.cjs`), each with its declarations, for Node.js 20.
 * @param bundledIntoCommonJs ESM-only dependencies to bundle into the CommonJS build, so `require`
 * works without relying on Node's require(esm).
 */
export function dualPackageBuild(bundledIntoCommonJs: string[] = []): Options[] {
  // Cleaned once here: tsup's own `clean` runs per config, in parallel, and could delete the other format's output.
  rmSync('dist', { recursive: true, force: true });
  const shared: Options = { entry: ['src/index.ts'], target: 'node20', sourcemap: true, dts: true };
  return [
    { ...shared, format: 'esm' },
    { ...shared, format: 'cjs', noExternal: bundledIntoCommonJs },
  ];
}

/** A command-line entry point: one ESM file with a shebang, `src/<name>.ts` → `dist/<name>.js`. */
export function commandBuild(name: string): Options {
  return {
    entry: [`src/${name}.ts`],
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
  };
}
