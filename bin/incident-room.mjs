#!/usr/bin/env node
// The `incident-room` command. The CLI is TypeScript run through tsx, like the relay and web mode.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../electron/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
