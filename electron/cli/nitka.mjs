#!/usr/bin/env node
// The `nitka` command. Runs the TypeScript sources through tsx, so a clone works after `npm ci`
// without a separate build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');
process.exitCode = await runCli(process.argv.slice(2));
