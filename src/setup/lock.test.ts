import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InfrastructureError } from '../errors.ts';
import { isProcessAlive, withLock } from './lock.ts';

let dir: string;
let lockPath: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-lock-test-'));
  lockPath = path.join(dir, 'setup.lock');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** the PID of a process that has exited */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('withLock', () => {
  it('holds the lock, with our PID in it, while fn runs, and removes it after', async () => {
    const seen = await withLock(lockPath, () => readFile(lockPath, 'utf8'));
    expect(seen.trim()).toBe(String(process.pid));
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the lock when fn throws', async () => {
    await expect(withLock(lockPath, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual([]);
  });

  it('a second holder waits for the first', async () => {
    const order: string[] = [];
    let waitedFor: number | null | undefined;
    let release!: () => void;
    const first = withLock(lockPath, async () => {
      order.push('first in');
      await new Promise<void>((r) => (release = r));
      order.push('first out');
    });
    await new Promise((r) => setTimeout(r, 20));
    const second = withLock(lockPath, async () => void order.push('second'), {
      pollMs: 5,
      onWait: (pid) => (waitedFor = pid),
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual(['first in']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second']);
    expect(waitedFor).toBe(process.pid);
  });

  it('takes over a lock left by a dead process', async () => {
    const pid = deadPid();
    expect(isProcessAlive(pid)).toBe(false);
    await writeFile(lockPath, `${pid}\n`);
    let waited = false;
    expect(await withLock(lockPath, async () => 'ran', { onWait: () => (waited = true) })).toBe('ran');
    expect(waited).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it('of two waiters on the same stale lock, only one runs at a time', async () => {
    await writeFile(lockPath, `${deadPid()}\n`);
    let inside = 0;
    let most = 0;
    const run = () =>
      withLock(
        lockPath,
        async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 20));
          inside--;
        },
        { pollMs: 2 },
      );
    await Promise.all([run(), run(), run()]);
    expect(most).toBe(1);
  });

  it('gives up with an InfrastructureError when a live holder keeps it', async () => {
    await writeFile(lockPath, `${process.pid}\n`); // alive: this very process
    const error = await withLock(lockPath, async () => 'ran', { timeoutMs: 50, pollMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).code).toBe('PGDRILL_SETUP_LOCKED');
    expect(await readFile(lockPath, 'utf8')).toBe(`${process.pid}\n`); // not ours to remove
  });
});
