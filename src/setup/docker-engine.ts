/**
 * Finds a reachable Docker engine, or — as root on Debian with no engine — installs docker.io
 * and starts dockerd. Anything else gets an InfrastructureError saying what to install.
 */
import { accessSync, closeSync, constants, existsSync, openSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { execa } from 'execa';
import { InfrastructureError } from '../errors.ts';
import { done, notYet, pollWithin } from '../poll.ts';
import { dockerClient } from '../topology/docker-client.ts';
import { unmountStaleEngineMounts } from './stale-mounts.ts';

export type Log = (line: string) => void;

/** Whether the engine answers a ping before `signal` aborts (a hung engine is not an answering one). */
export async function pingEngine(signal: AbortSignal): Promise<boolean> {
  const docker = dockerClient();
  // @types/dockerode leaves out ping's options; dockerode hands abortSignal to its modem
  const ping = docker.ping.bind(docker) as unknown as (opts: { abortSignal: AbortSignal }) => Promise<unknown>;
  try {
    await ping({ abortSignal: signal });
    return true;
  } catch {
    return false;
  }
}

/** Whether the engine answers a ping, however long it takes. */
export const isEngineReachable = (): Promise<boolean> => pingEngine(new AbortController().signal);

const canAdminister = () => process.getuid?.() === 0 && existsSync('/etc/debian_version');

/**
 * Where dockerd lives besides PATH: root's PATH lacks /usr/sbin after a plain `su` (without `-`)
 * on Debian, yet that is where docker.io installs it.
 */
export const DOCKERD_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/usr/local/bin'];
const DOCKERD_LOG = '/var/log/pgdrill-dockerd.log';

/** The first executable `name` on `pathEnv`, then in `extraDirs`; null if none. */
export function findExecutable(
  name: string,
  pathEnv: string | undefined,
  extraDirs: readonly string[] = [],
  isExecutable: (file: string) => boolean = isExecutableFile,
): string | null {
  const dirs = [...(pathEnv ?? '').split(path.delimiter), ...extraDirs].filter((d) => path.isAbsolute(d));
  for (const dir of new Set(dirs)) {
    const file = path.join(dir, name);
    if (isExecutable(file)) return file;
  }
  return null;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

const findDockerd = () => findExecutable('dockerd', process.env.PATH, DOCKERD_DIRS);

const ADMIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * `pathEnv` with the system directories root needs appended where missing. dpkg refuses to run
 * without ldconfig and start-stop-daemon, dockerd needs iptables, and debootstrap lives in
 * /usr/sbin: all missing from PATH after a plain `su`.
 */
export function adminPath(pathEnv: string | undefined): string {
  const dirs = (pathEnv ?? '').split(path.delimiter).filter(Boolean);
  return [...dirs, ...ADMIN_DIRS.filter((d) => !dirs.includes(d))].join(path.delimiter);
}

/** the environment for the system tools setup runs as root */
export const adminEnv = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: adminPath(process.env.PATH) });

export async function ensureDockerEngine(log: Log): Promise<void> {
  if (await isEngineReachable()) return;
  if (process.env.DOCKER_HOST) {
    throw new InfrastructureError(
      'PGDRILL_DOCKER_UNREACHABLE',
      `Docker at DOCKER_HOST=${process.env.DOCKER_HOST} does not answer.`,
      {
        hint: 'Start that engine or unset DOCKER_HOST, then run `pgdrill doctor`.',
      },
    );
  }
  if (!canAdminister()) {
    throw new InfrastructureError('PGDRILL_DOCKER_UNREACHABLE', 'No Docker engine answers on /var/run/docker.sock.', {
      hint: 'Install and start Docker (Docker Engine or Docker Desktop), make sure this user may use it, then run `pgdrill setup`.',
    });
  }
  let dockerd = findDockerd();
  if (!dockerd) {
    log('installing docker.io (apt-get)…');
    await aptInstall(['docker.io']);
    dockerd = findDockerd();
    if (!dockerd) {
      throw new InfrastructureError(
        'PGDRILL_DOCKERD_START_FAILED',
        `docker.io is installed but no dockerd was found on PATH or in ${DOCKERD_DIRS.join(', ')}.`,
        {
          hint: 'Check `dpkg -L docker.io | grep dockerd`, or start a Docker engine yourself and rerun `pgdrill setup`.',
        },
      );
    }
  }
  await unmountStaleEngineMounts(log);
  log(`starting ${dockerd}…`);
  const failed = startDockerd(dockerd);
  const done = new AbortController();
  try {
    await Promise.race([waitForEngine(60_000, done.signal), failed.promise]);
  } finally {
    failed.stopWatching();
    done.abort(); // a start failure ends the wait too
  }
}

export async function aptInstall(packages: string[]): Promise<void> {
  const env = { ...adminEnv(), DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await execa('apt-get', ['update', '-qq'], { env });
    await execa('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env });
  } catch (cause) {
    throw new InfrastructureError('PGDRILL_APT_FAILED', `apt-get install ${packages.join(' ')} failed.`, {
      cause,
      hint: "Check that Debian's package mirror is reachable, or install the packages yourself.",
    });
  }
}

/**
 * Starts dockerd detached and unref'd: the engine outlives this process, as a system service
 * would. `promise` rejects if it cannot be started, or exits while we wait and no engine answers.
 */
export function startDockerd(
  dockerd: string,
  logPath = DOCKERD_LOG,
): { promise: Promise<never>; stopWatching: () => void } {
  const hint = `See ${logPath}, or run \`${dockerd}\` by hand to see why it does not start.`;
  let watching = true;
  let reject!: (error: InfrastructureError) => void;
  const promise = new Promise<never>((_, r) => (reject = r));
  promise.catch(() => {}); // only observed while we wait; never an unhandled rejection
  const fail = (message: string, cause?: unknown) => {
    if (watching) reject(new InfrastructureError('PGDRILL_DOCKERD_START_FAILED', message, { cause, hint }));
  };
  let out: number | undefined;
  try {
    out = openSync(logPath, 'a');
    const child = spawn(dockerd, [], { detached: true, stdio: ['ignore', out, out], env: adminEnv() });
    // Never removed: an 'error' event with no listener would crash the process.
    child.on('error', (cause) => fail(`cannot start ${dockerd}: ${cause.message}`, cause));
    child.once('exit', (code, signal) => {
      // e.g. another engine (from systemd) got there first: fine if it answers
      void isEngineReachable().then(
        (up) => up || fail(`${dockerd} exited (${signal ?? `code ${code}`}) before it answered.`),
      );
    });
    child.unref();
  } catch (cause) {
    fail(`cannot start ${dockerd}: ${(cause as Error).message}`, cause);
  } finally {
    if (out !== undefined) closeSync(out); // the child has its own copy
  }
  return { promise, stopWatching: () => (watching = false) };
}

/** Until dockerd answers; returns early, quietly, when `signal` says the start already failed. */
async function waitForEngine(timeoutMs: number, signal: AbortSignal): Promise<void> {
  const answered = await pollWithin(
    async () => ((await isEngineReachable()) ? done(true) : notYet('no answer on the socket')),
    { what: 'dockerd answering', timeoutMs, intervalMs: 250, signal },
  ).catch((error: unknown) => {
    if (signal.aborted) return null;
    throw error;
  });
  if (answered === null || answered.reached) return;
  throw new InfrastructureError('PGDRILL_DOCKERD_START_FAILED', `dockerd did not answer within ${timeoutMs / 1000}s.`, {
    hint: `See ${DOCKERD_LOG}.`,
  });
}
