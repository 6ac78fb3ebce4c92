/**
 * A throw nobody awaited is pgdrill failing: exit 3 with a redacted message, never Node's default
 * stack and exit 1 (which reads as "the drill found a problem"). Checked on the real
 * bin/pgdrill.mjs, with a preloaded module that throws from a timer once the CLI has started.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MARKER = 'PGDRILL-MARKER-crash-9f2Qx7';

// Waits until the CLI installed its handlers, then throws (or rejects) from a timer.
const strayFailure = (kind: 'throw' | 'reject') => `
const wait = setInterval(() => {
  if (process.listenerCount('uncaughtException') === 0) return;
  clearInterval(wait);
  setTimeout(() => {
    const error = new Error('stray failure with token=' + process.env.PGDRILL_TEST_TOKEN);
    ${kind === 'throw' ? 'throw error;' : 'Promise.reject(error);'}
  }, 0);
}, 1);`;

function runWithStrayFailure(kind: 'throw' | 'reject') {
  return spawnSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(strayFailure(kind))}`,
      path.join(ROOT, 'bin/pgdrill.mjs'),
      'list',
      'scenarios',
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PGDRILL_TEST_TOKEN: MARKER } },
  );
}

describe('a failure nobody awaited', () => {
  it.each(['throw', 'reject'] as const)('a stray %s: exit 3, redacted, no stack', { timeout: 90_000 }, (kind) => {
    const run = runWithStrayFailure(kind);
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toContain('pgdrill: internal error: stray failure with token=[REDACTED]');
    expect(run.stderr).toContain('This is a bug in pgdrill');
    expect(run.stderr + run.stdout).not.toContain(MARKER);
    expect(run.stderr).not.toMatch(/^\s+at /m); // no stack without PGDRILL_DEBUG
  });
});
