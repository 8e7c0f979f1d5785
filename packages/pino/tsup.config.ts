import { defineConfig } from 'tsup';
import { commandBuild, dualPackageBuild } from '../tsup.shared.js';

export default defineConfig([...dualPackageBuild(), commandBuild('cli')]);
