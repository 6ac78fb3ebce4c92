/**
 * The node image: built locally from compose/node, tagged by the hash of that folder so a
 * change rebuilds it and an unchanged tree costs one `inspect`. Its base, debian:bookworm-slim,
 * is pulled when a registry answers, else made with debootstrap and imported.
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

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE_IMAGE_DIR = path.join(PROJECT_ROOT, 'compose', 'node');
const BASE_IMAGE = 'debian:bookworm-slim';
const DEBIAN_MIRROR = 'http://deb.debian.org/debian';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** `pgdrill-node:<12 hex>` — the hash of every file under compose/node, names included. */
export async function nodeImageName(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await listFiles(NODE_IMAGE_DIR)) {
    hash
      .update(file)
      .update('\0')
      .update(await readFile(path.join(NODE_IMAGE_DIR, file)))
      .update('\0');
  }
  return `pgdrill-node:${hash.digest('hex').slice(0, 12)}`;
}

export async function imageExists(name: string): Promise<boolean> {
  try {
    await dockerClient().getImage(name).inspect();
    return true;
  } catch {
    return false;
  }
}

export async function ensureNodeImage(log: Log): Promise<string> {
  const image = await nodeImageName();
  if (await imageExists(image)) return image;
  await ensureBaseImage(log);
  const started = performance.now();
  log(
    `building ${image} from compose/node (the first build downloads Debian's packages, a few minutes; later builds reuse that layer)…`,
  );
  try {
    // every line of the build as it comes: a build that takes minutes must show it is moving
    await streamLines(
      execa('docker', ['build', '-t', image, NODE_IMAGE_DIR], { env: { DOCKER_BUILDKIT: '0' }, all: true }),
      log,
    );
    log(`built ${image} in ${seconds(started)}`);
  } catch (cause) {
    throw new InfrastructureError('PGDRILL_IMAGE_BUILD_FAILED', `docker build of ${image} failed: ${tail(cause)}`, {
      cause,
      hint: 'The build installs Debian packages: check that the Debian mirror is reachable from containers.',
    });
  }
  return image;
}

async function ensureBaseImage(log: Log): Promise<void> {
  if (await imageExists(BASE_IMAGE)) return;
  log(`pulling ${BASE_IMAGE}…`);
  const pulled = await execa('docker', ['pull', '-q', BASE_IMAGE], { reject: false, timeout: 120_000 });
  if (pulled.exitCode === 0) return;
  log(`no registry answered (${firstLine(pulled.stderr)}); building ${BASE_IMAGE} with debootstrap (~30 s)…`);
  await importDebootstrapBase(log);
}

async function importDebootstrapBase(log: Log): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new InfrastructureError('PGDRILL_BASE_IMAGE_MISSING', `${BASE_IMAGE} is missing and cannot be pulled.`, {
      hint: `As root, run \`pgdrill setup\` (it uses debootstrap), or load ${BASE_IMAGE} into Docker yourself.`,
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
      execa('debootstrap', ['--variant=minbase', 'bookworm', rootfs, DEBIAN_MIRROR], { env, all: true }),
      log,
    );
    await execa('sh', ['-c', `tar -C "$1" -c . | docker import - "$2"`, 'import', rootfs, BASE_IMAGE], { env });
    log(`made ${BASE_IMAGE} in ${seconds(started)}`);
  } catch (cause) {
    throw new InfrastructureError('PGDRILL_BASE_IMAGE_FAILED', `debootstrap of ${BASE_IMAGE} failed: ${tail(cause)}`, {
      cause,
    });
  } finally {
    await rm(rootfs, { recursive: true, force: true });
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
