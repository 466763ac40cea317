#!/usr/bin/env node
// The `ngstudio` command. It runs the agent compiled to JavaScript
// (dist/agent/cli.mjs, made by `npm run build` and shipped in the package);
// in a checkout whose sources changed since that build, or that was never
// built, it runs the TypeScript through tsx's loader, so a fresh clone works
// after `npm install` with no build step.
import { pathToFileURL } from 'node:url';
import { freshBundle } from './bundle.mjs';

const bundle = freshBundle('dist/agent/cli.mjs', 'dist/agent/meta.json', 'agent/cli.ts');
let main;
if (bundle !== null) ({ main } = await import(pathToFileURL(bundle).href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../agent/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
