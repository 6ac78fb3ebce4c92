#!/usr/bin/env node
// Runs before `npm test` and `npm run drill` (npm's pre-scripts), so that each README command
// does its own setup on a fresh machine: npm dependencies when missing or stale, with
// `--with-chromium` what the tests need besides Node (Chromium, openssl), the compiled
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
// What the tests use besides Node: headless Chromium for the report render tests (Debian's
// package, never a browser download) and openssl, which checks a signed manifest the way the
// help tells an auditor to. Installed when missing (root on Debian), else exit 3 saying how:
// a missing tool fails loudly, never skips a test.
if (process.argv.includes('--with-chromium')) {
  const browsers = ['chromium', 'chromium-browser', 'google-chrome'];
  const missing = [
    ...(!process.env.PGDRILL_CHROMIUM && !browsers.some(onPath) ? ['chromium'] : []),
    ...(onPath('openssl') ? [] : ['openssl']),
  ];
  if (missing.length > 0) {
    if (process.getuid?.() !== 0 || !existsSync('/etc/debian_version')) {
      console.error(
        `pgdrill: the tests need ${missing.join(' and ')}: install it (Debian/Ubuntu: \`sudo apt-get install ${missing.join(' ')}\`), then rerun.`,
      );
      process.exit(3);
    }
    console.error(`pgdrill: installing ${missing.join(' and ')} for the tests (apt-get)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], env);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], env);
  }
}
// The tests drill every major; a drill builds the image of its scenario's major when it starts.
const images = process.argv.includes('--with-chromium') ? ['--pg', '15,17,18'] : ['--no-image'];
run(process.execPath, [path.join(root, 'bin', 'pgdrill.mjs'), 'setup', ...images]);
