#!/usr/bin/env node
// pgdrill runs the compiled CLI in dist/ when it was built from the current sources (`npm run
// build`, run by `npm install` and before `npm test` / `npm run drill`), else the TypeScript
// sources through tsx: no build step is ever required, it only makes starts faster.
// PGDRILL_FROM_SOURCE=1 forces the sources.
// Ryuk (testcontainers' reaper) cannot be pulled without a registry; pgdrill removes its
// own containers by label instead, also on Ctrl-C and via `pgdrill clean`.
import { fileURLToPath } from 'node:url';
import { builtIsCurrent } from './built.mjs';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
const root = fileURLToPath(new URL('../', import.meta.url));
if (process.env.PGDRILL_FROM_SOURCE !== '1' && builtIsCurrent(root)) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
