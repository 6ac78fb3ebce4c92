#!/usr/bin/env node
// Compiles src/ to dist/ (tsconfig.build.json) so that the CLI starts without tsx, and stamps
// the build with the newest source mtime it saw before compiling (bin/built.mjs compares). A
// failed or impossible build (no TypeScript installed, a type error) removes the stamp: the CLI
// then runs from the sources, which is slower but never wrong. Exit 0 either way, unless
// --strict, so that `npm install` never fails on it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP, builtIsCurrent, newestInput } from '../bin/built.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

if (builtIsCurrent(root) && !process.argv.includes('--force')) process.exit(0);
rmSync(path.join(root, STAMP), { force: true });
if (!existsSync(tsc)) {
  console.error('pgdrill: TypeScript is not installed; the CLI runs from its sources (slower start)');
  process.exit(strict ? 1 : 0);
}
const before = newestInput(root);
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('pgdrill: the build failed (see above); the CLI runs from its sources (slower start)');
  process.exit(strict ? 1 : 0);
}
mkdirSync(path.join(root, 'dist'), { recursive: true });
writeFileSync(path.join(root, STAMP), String(before));
