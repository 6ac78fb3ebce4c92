/**
 * What a Docker engine stopped under load leaves behind, cleared before `pgdrill setup` starts a
 * new one. A dockerd that exits while containers die ignores their exit events, so it never
 * unmounts their root file systems (overlay2/<id>/merged and the resolv.conf, hostname and hosts
 * bound into them). The next dockerd bind-mounts its data root over them: they are hidden, yet
 * keep each directory busy, so every later `docker rm` of those containers fails with "device or
 * resource busy" for as long as the machine runs (CI8 of stop 24). With no dockerd running,
 * nothing can be using a mount under the data root, so setup — which starts the engine where no
 * service manager does — detaches them first.
 */
import { readdir, readFile } from 'node:fs/promises';
import { execa } from 'execa';

export const DEFAULT_DATA_ROOT = '/var/lib/docker';

/** `\040` and the other octal escapes of /proc/self/mountinfo's fields, decoded. */
const unescapeField = (field: string) =>
  field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));

/**
 * The mount points at or under `dataRoot` in a /proc/self/mountinfo text, deepest first (a
 * child before the mount it sits in), each once.
 */
export function mountsUnder(mountinfo: string, dataRoot: string): string[] {
  const root = dataRoot.replace(/\/+$/, '');
  const points = mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((field): field is string => field !== undefined)
    .map(unescapeField)
    .filter((point) => point === root || point.startsWith(`${root}/`));
  const depth = (point: string) => point.split('/').length;
  return [...new Set(points)].sort((a, b) => depth(b) - depth(a) || b.length - a.length);
}

/** The engine's data root: daemon.json's `data-root`, else Docker's default. */
export async function dataRoot(daemonJson = '/etc/docker/daemon.json'): Promise<string> {
  const text = await readFile(daemonJson, 'utf8').catch(() => '');
  try {
    const root = (JSON.parse(text || '{}') as { 'data-root'?: unknown })['data-root'];
    return typeof root === 'string' && root.startsWith('/') ? root : DEFAULT_DATA_ROOT;
  } catch {
    return DEFAULT_DATA_ROOT;
  }
}

/**
 * Whether a dockerd process is alive on this machine (answering or not: then nothing is stale).
 * A zombie is not: the dockerd setup started is reparented when setup exits, and a container's
 * init or a sandbox's may not reap it when it stops.
 */
async function dockerdAlive(): Promise<boolean> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  for (const pid of pids) {
    // "<pid> (<comm>) <state> …": comm may hold spaces and parentheses, so from the last ')'
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (comm === 'dockerd' && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/**
 * Detaches (umount -l) every mount under the data root while no dockerd runs. A mount hidden
 * under another is reached once the one above it is gone, hence the passes.
 */
export async function unmountStaleEngineMounts(log: (line: string) => void): Promise<void> {
  if (await dockerdAlive()) return;
  const root = await dataRoot();
  const read = async () => mountsUnder(await readFile('/proc/self/mountinfo', 'utf8'), root);
  const before = await read();
  if (before.length === 0) return;
  let left = before;
  for (let pass = 0; pass < 4 && left.length > 0; pass++) {
    for (const point of left) await execa('umount', ['-l', point], { reject: false });
    const now = await read();
    if (now.length === left.length) break;
    left = now;
  }
  log(`unmounted ${before.length - left.length} file system(s) a stopped Docker engine left under ${root}`);
  if (left.length > 0) log(`  still mounted (docker rm of their containers may fail): ${left.join(', ')}`);
}
