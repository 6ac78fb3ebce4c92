/**
 * A lock file so that two `pgdrill setup`s (say `npm test` and `npm run drill` started together,
 * each running setup from its pre-script) do not both install docker.io, start two dockerds or
 * build the same image at once. The second waits for the first, then finds everything there.
 */
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InfrastructureError } from '../errors.ts';
import { sleep } from '../poll.ts';

export const SETUP_LOCK_PATH = path.join(tmpdir(), 'pgdrill-setup.lock');

export interface LockOptions {
  /** give up after this long waiting for another holder. @default 300_000 */
  timeoutMs?: number;
  /** @default 250 */
  pollMs?: number;
  /** said once when another process holds the lock */
  onWait?: (holderPid: number | null) => void;
  /** @default checks with signal 0 */
  isAlive?: (pid: number) => boolean;
}

/** Runs `fn` holding the lock at `lockPath`; the lock is removed when `fn` settles. */
export async function withLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  await acquire(lockPath, options);
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => {});
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it just belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquire(lockPath: string, options: LockOptions): Promise<void> {
  const { timeoutMs = 300_000, pollMs = 250, onWait, isAlive = isProcessAlive } = options;
  const deadline = performance.now() + timeoutMs;
  let told = false;
  for (;;) {
    if (await tryCreate(lockPath)) return;
    const holder = await readHolder(lockPath);
    if (holder === undefined) continue; // removed between our attempt and the read: try again now
    if (holder !== null && !isAlive(holder)) {
      await takeOverStale(lockPath, holder);
      continue;
    }
    if (performance.now() >= deadline) {
      throw new InfrastructureError(
        'PGDRILL_SETUP_LOCKED',
        `another pgdrill setup${holder ? ` (pid ${holder})` : ''} has held ${lockPath} for over ${Math.round(timeoutMs / 1000)} s.`,
        {
          hint: `Wait for it to finish; if no pgdrill setup is running, delete ${lockPath}.`,
        },
      );
    }
    if (!told) {
      told = true;
      onWait?.(holder);
    }
    await sleep(pollMs);
  }
}

/**
 * Exclusive create, with the content in place the moment the lock exists: the PID is written
 * to a private file first, then hard-linked to the lock path (link fails if the path exists).
 */
async function tryCreate(lockPath: string): Promise<boolean> {
  const mine = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(mine, `${process.pid}\n`, { flag: 'wx' });
  try {
    await link(mine, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new InfrastructureError(
      'PGDRILL_SETUP_LOCK_FAILED',
      `cannot create the setup lock ${lockPath}: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    await unlink(mine).catch(() => {});
  }
}

/** the holder's PID; null if unreadable (not ours to judge); undefined if the lock is gone */
async function readHolder(lockPath: string): Promise<number | null | undefined> {
  try {
    const pid = Number.parseInt(await readFile(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
}

/**
 * Removes a lock left by a dead process. Renaming it aside first is atomic, so of two waiters
 * that both saw the stale lock only one removes it; if what was renamed turns out to be a fresh
 * lock (another waiter took over between our read and our rename), it is put back.
 */
async function takeOverStale(lockPath: string, stalePid: number): Promise<void> {
  const aside = `${lockPath}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return; // someone else moved it first
  }
  const pid = Number.parseInt(await readFile(aside, 'utf8').catch(() => ''), 10);
  if (pid !== stalePid) await link(aside, lockPath).catch(() => {});
  await unlink(aside).catch(() => {});
}
