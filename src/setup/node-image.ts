/**
 * The node images, one per PostgreSQL major: built locally from compose/node on the Debian
 * release that packages that major, tagged by the hash of that folder and the major so a change
 * rebuilds it and an unchanged tree costs one `inspect`. Its base (debian:<release>-slim) is
 * pulled when a registry answers, else made with debootstrap and imported.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { InfrastructureError, errorMessage } from '../errors.ts';
import { dockerClient } from '../topology/docker-client.ts';
import { adminEnv, aptInstall, type Log } from './docker-engine.ts';
import type { PgMajor } from '../model/pg-major.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE_IMAGE_DIR = path.join(PROJECT_ROOT, 'compose', 'node');
const DEBIAN_MIRROR = 'http://deb.debian.org/debian';

/**
 * The Debian release that packages each major with a consistent set of Patroni, etcd, HAProxy,
 * pgBackRest and PgBouncer. forky is Debian testing: its versions move, and each image records
 * what it got. This machine's debootstrap has no forky script; sid's bootstraps it.
 */
const DEBIAN: Record<PgMajor, { release: string; script?: string }> = {
  15: { release: 'bookworm' },
  17: { release: 'trixie' },
  18: { release: 'forky', script: '/usr/share/debootstrap/scripts/sid' },
};

const baseImage = (major: PgMajor) => `debian:${DEBIAN[major].release}-slim`;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** `pgdrill-node:pg<major>-<12 hex>` — the hash of the major, its release and every file under compose/node, names included. */
export async function nodeImageName(major: PgMajor): Promise<string> {
  const hash = createHash('sha256').update(`${major}\0${DEBIAN[major].release}\0`);
  for (const file of await listFiles(NODE_IMAGE_DIR)) {
    hash
      .update(file)
      .update('\0')
      .update(await readFile(path.join(NODE_IMAGE_DIR, file)))
      .update('\0');
  }
  return `pgdrill-node:pg${major}-${hash.digest('hex').slice(0, 12)}`;
}

export async function imageExists(name: string): Promise<boolean> {
  try {
    await dockerClient().getImage(name).inspect();
    return true;
  } catch {
    return false;
  }
}

export async function ensureNodeImage(major: PgMajor, log: Log): Promise<string> {
  const image = await nodeImageName(major);
  if (await imageExists(image)) return image;
  await ensureBaseImage(major, log);
  const started = performance.now();
  const { release } = DEBIAN[major];
  log(
    `building ${image} (PostgreSQL ${major} on Debian ${release}) from compose/node (the first build downloads Debian's packages, a few minutes; later builds reuse that layer)…`,
  );
  try {
    // every line of the build as it comes: a build that takes minutes must show it is moving
    await streamLines(
      execa(
        'docker',
        [
          'build',
          '--force-rm', // else the legacy builder keeps a failed step's container (an apt error, exit 100)
          '--build-arg',
          `DEBIAN_RELEASE=${release}`,
          '--build-arg',
          `PG_MAJOR=${major}`,
          '-t',
          image,
          NODE_IMAGE_DIR,
        ],
        { env: { DOCKER_BUILDKIT: '0' }, all: true },
      ),
      log,
    );
    log(`built ${image} in ${seconds(started)}`);
    await removeStaleImages(major, image, log);
  } catch (cause) {
    throw new InfrastructureError('PGDRILL_IMAGE_BUILD_FAILED', `docker build of ${image} failed: ${tail(cause)}`, {
      cause,
      hint: 'The build installs Debian packages: check that the Debian mirror is reachable from containers.',
    });
  }
  return image;
}

async function ensureBaseImage(major: PgMajor, log: Log): Promise<void> {
  const base = baseImage(major);
  if (await imageExists(base)) return;
  log(`pulling ${base}…`);
  const pulled = await execa('docker', ['pull', '-q', base], { reject: false, timeout: 120_000 });
  if (pulled.exitCode === 0) return;
  log(`no registry answered (${firstLine(pulled.stderr)}); building ${base} with debootstrap (~45 s)…`);
  await importDebootstrapBase(major, log);
}

async function importDebootstrapBase(major: PgMajor, log: Log): Promise<void> {
  const base = baseImage(major);
  const { release, script } = DEBIAN[major];
  if (process.getuid?.() !== 0) {
    throw new InfrastructureError('PGDRILL_BASE_IMAGE_MISSING', `${base} is missing and cannot be pulled.`, {
      hint: `As root, run \`pgdrill setup --pg ${major}\` (it uses debootstrap), or load ${base} into Docker yourself.`,
    });
  }
  // debootstrap is in /usr/sbin, not on root's PATH after a plain `su`
  const env = adminEnv();
  const { exitCode } = await execa('sh', ['-c', 'command -v debootstrap'], { reject: false, env });
  if (exitCode !== 0) await aptInstall(['debootstrap']);
  const rootfs = await mkdtemp(path.join(tmpdir(), 'pgdrill-rootfs-'));
  const started = performance.now();
  try {
    await streamLines(
      execa('debootstrap', ['--variant=minbase', release, rootfs, DEBIAN_MIRROR, ...(script ? [script] : [])], {
        env,
        all: true,
      }),
      log,
    );
    await execa('sh', ['-c', `tar -C "$1" -c . | docker import - "$2"`, 'import', rootfs, base], { env });
    log(`made ${base} in ${seconds(started)}`);
  } catch (cause) {
    throw new InfrastructureError('PGDRILL_BASE_IMAGE_FAILED', `debootstrap of ${base} failed: ${tail(cause)}`, {
      cause,
    });
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
}

/**
 * Earlier builds of this major's image (compose/node has changed since) and images of before
 * majors had their own (`pgdrill-node:<hash>`): each is most of a gigabyte no drill will use
 * again. One a container still uses stays (the engine refuses), and so does any other failure.
 */
async function removeStaleImages(major: PgMajor, keep: string, log: Log): Promise<void> {
  const images = await dockerClient()
    .listImages({ filters: { reference: ['pgdrill-node'] } })
    .catch(() => []);
  const stale = images
    .flatMap((i) => i.RepoTags ?? [])
    .filter(
      (tag) => tag !== keep && (tag.startsWith(`pgdrill-node:pg${major}-`) || /^pgdrill-node:[0-9a-f]{12}$/.test(tag)),
    );
  for (const tag of stale) {
    const removed = await dockerClient()
      .getImage(tag)
      .remove()
      .then(
        () => true,
        () => false,
      );
    if (removed) log(`removed ${tag}, an earlier build`);
  }
}

const firstLine = (text: string) => text.split('\n')[0] ?? '';
const tail = (error: unknown) => errorMessage(error).split('\n').slice(-3).join(' ');

/** A command's output, line by line as it comes, indented under the phase that runs it; resolves when it exits. */
async function streamLines(command: ResultPromise<{ all: true }>, log: Log): Promise<void> {
  for await (const line of command.iterable({ from: 'all' })) {
    const text = String(line).trimEnd();
    if (text) log(`  │ ${text.length > 160 ? `${text.slice(0, 159)}…` : text}`);
  }
  await command;
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
