#!/usr/bin/env node
// pgdrill runs from TypeScript source through tsx: no build step in a clone.
// Ryuk (testcontainers' reaper) cannot be pulled without a registry; pgdrill removes its
// own containers by label instead, also on Ctrl-C and via `pgdrill clean`.
import { register } from 'tsx/esm/api';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
register();
await import('../src/cli/main.ts');
