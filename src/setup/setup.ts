/** `pgdrill setup`: everything a drill needs, idempotent, seconds when all is there. */
import { InfrastructureError } from '../errors.ts';
import { ensureDockerEngine, isEngineReachable, type Log } from './docker-engine.ts';
import { SETUP_LOCK_PATH, withLock } from './lock.ts';
import { ensureNodeImage, nodeImageName } from './node-image.ts';
import { dockerClient } from '../topology/docker-client.ts';
import type { PgMajor } from '../model/pg-major.ts';

/** A major's node image, by tag and by the engine's id for it (the report names both). */
export interface NodeImage {
  image: string;
  imageId: string;
}

/**
 * One setup at a time on this machine (`npm test` and `npm run drill` each run one first): a
 * second waits for the first (up to 5 minutes), then finds everything in place.
 */
export async function setup(log: Log, majors: readonly PgMajor[]): Promise<{ images: string[] }> {
  return withLock(
    SETUP_LOCK_PATH,
    async () => {
      await timed(log, 'Docker engine', () => ensureDockerEngine(log));
      const images: string[] = [];
      for (const major of majors)
        images.push(await timed(log, `node image for PostgreSQL ${major}`, () => ensureNodeImage(major, log)));
      return { images };
    },
    { onWait: (pid) => log(`waiting for another pgdrill setup${pid ? ` (pid ${pid})` : ''} to finish…`) },
  );
}

/**
 * What `pgdrill run` checks before its first drill: it never installs or starts an engine on its
 * own, so a dead engine is an infrastructure error (exit 3) with advice. A major's image that is
 * missing (never built, or compose/node changed) is built first, with its progress, as
 * `pgdrill setup --pg <major>` would.
 */
export async function requireReady(majors: readonly PgMajor[], log: Log): Promise<Map<PgMajor, NodeImage>> {
  if (!(await isEngineReachable())) {
    const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    throw new InfrastructureError('PGDRILL_DOCKER_UNREACHABLE', `Docker does not answer at ${where}.`, {
      hint: 'Start Docker, or run `pgdrill setup` (as root on Debian it installs and starts dockerd); `pgdrill doctor` says what is missing.',
    });
  }
  const images = new Map<PgMajor, NodeImage>();
  for (const major of majors) {
    let found = await inspectImage(await nodeImageName(major));
    if (!found) {
      log(`the node image for PostgreSQL ${major} is not built yet: building it first`);
      const built = await withLock(SETUP_LOCK_PATH, () =>
        timed(log, `node image for PostgreSQL ${major}`, () => ensureNodeImage(major, log)),
      );
      found = await inspectImage(built);
      if (!found)
        throw new InfrastructureError('PGDRILL_IMAGE_MISSING', `the node image ${built} is missing after its build.`, {
          hint: `Run \`pgdrill setup --pg ${major}\` and read what it prints.`,
        });
    }
    images.set(major, found);
  }
  return images;
}

async function inspectImage(image: string): Promise<NodeImage | null> {
  return dockerClient()
    .getImage(image)
    .inspect()
    .then(
      (info) => ({ image, imageId: info.Id }),
      () => null,
    );
}

/** One phase of the setup, and how long it took: a fresh machine's setup takes minutes, a warm one's a second. */
async function timed<T>(log: Log, phase: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await run();
  log(`✔ ${phase} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return value;
}
