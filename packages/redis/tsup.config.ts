import { defineConfig } from 'tsup';
import { dualPackageBuild } from '../tsup.shared.js';

export default defineConfig(dualPackageBuild());
