#!/usr/bin/env node
// The `ngstudio` command. The agent is TypeScript run through tsx's loader,
// so a fresh clone works after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../agent/cli.ts');
process.exitCode = await main(process.argv.slice(2));
