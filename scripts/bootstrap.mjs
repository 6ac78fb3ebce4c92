#!/usr/bin/env node
// Runs before `npm test` and `npm run drill` (npm's pre-scripts), so that each README command
// does its own setup on a fresh machine: npm dependencies when missing or stale, then
// `pgdrill setup` (Docker engine, node image). Idempotent; a second run takes about a second.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 3);
}

if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  console.error('pgdrill: installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
run(process.execPath, [path.join(root, 'bin', 'pgdrill.mjs'), 'setup']);
