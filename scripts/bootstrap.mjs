#!/usr/bin/env node
// Runs before `npm test` and `npm run drill` (npm's pre-scripts), so that each README command
// does its own setup on a fresh machine: npm dependencies when missing or stale, with
// `--with-chromium` Debian's Chromium for the report render tests (test/render), the compiled
// CLI when the sources changed, then `pgdrill setup` (Docker engine, node image). Idempotent; a second run takes about a second.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 3);
}

/** Whether `command` is an executable file in a PATH directory. */
function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  console.error('pgdrill: installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
// The compiled CLI starts in a fraction of the time the sources take through tsx (bin/pgdrill.mjs
// uses it only while it matches the sources); `npm ci` builds it too, through `prepare`.
run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
// The render tests open report.html in headless Chromium: Debian's package, never a browser download.
const browsers = ['chromium', 'chromium-browser', 'google-chrome'];
if (process.argv.includes('--with-chromium') && !process.env.PGDRILL_CHROMIUM && !browsers.some(onPath)) {
  if (process.getuid?.() !== 0 || !existsSync('/etc/debian_version')) {
    console.error(
      'pgdrill: the report render tests need Chromium: install it (Debian/Ubuntu: `sudo apt-get install chromium`), then rerun.',
    );
    process.exit(3);
  }
  console.error('pgdrill: installing Chromium for the report render tests (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], env);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], env);
}
run(process.execPath, [path.join(root, 'bin', 'pgdrill.mjs'), 'setup']);
