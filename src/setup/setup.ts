/** `pgdrill setup`: everything a drill needs, idempotent, seconds when all is there. */
import { InfrastructureError } from '../errors.ts';
import { ensureDockerEngine, isEngineReachable, type Log } from './docker-engine.ts';
import { SETUP_LOCK_PATH, withLock } from './lock.ts';
import { ensureNodeImage, nodeImageName } from './node-image.ts';
import { dockerClient } from '../topology/docker-client.ts';

/**
 * One setup at a time on this machine (`npm test` and `npm run drill` each run one first): a
 * second waits for the first (up to 5 minutes), then finds everything in place.
 */
export async function setup(log: Log): Promise<{ image: string }> {
  return withLock(
    SETUP_LOCK_PATH,
    async () => {
      await timed(log, 'Docker engine', () => ensureDockerEngine(log));
      const image = await timed(log, 'node image', () => ensureNodeImage(log));
      return { image };
    },
    { onWait: (pid) => log(`waiting for another pgdrill setup${pid ? ` (pid ${pid})` : ''} to finish…`) },
  );
}

/**
 * What `pgdrill run` checks instead of setting up: it never installs or starts anything on
 * its own, so a dead engine or a missing image is an infrastructure error (exit 3) with advice.
 */
export async function requireReady(): Promise<{ image: string; imageId: string }> {
  if (!(await isEngineReachable())) {
    const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    throw new InfrastructureError('PGDRILL_DOCKER_UNREACHABLE', `Docker does not answer at ${where}.`, {
      hint: 'Start Docker, or run `pgdrill setup` (as root on Debian it installs and starts dockerd); `pgdrill doctor` says what is missing.',
    });
  }
  const image = await nodeImageName();
  const imageId = await dockerClient()
    .getImage(image)
    .inspect()
    .then(
      (info) => info.Id,
      () => null,
    );
  if (!imageId) {
    throw new InfrastructureError(
      'PGDRILL_IMAGE_MISSING',
      `the node image ${image} is not built (compose/node changed or was never built).`,
      {
        hint: 'Run `pgdrill setup` to build it (about 30 s).',
      },
    );
  }
  return { image, imageId };
}

/** One phase of the setup, and how long it took: a fresh machine's setup takes minutes, a warm one's a second. */
async function timed<T>(log: Log, phase: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await run();
  log(`✔ ${phase} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return value;
}
