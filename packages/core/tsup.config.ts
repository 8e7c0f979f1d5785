import { defineConfig } from 'tsup';
import { dualPackageBuild } from '../tsup.shared.js';

// p-queue and its helpers are ESM-only.
export default defineConfig(dualPackageBuild(['p-queue', 'p-timeout', 'eventemitter3']));
