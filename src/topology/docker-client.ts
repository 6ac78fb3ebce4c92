/**
 * The one place pgdrill talks to Docker directly (networks, volumes, clean-up, kills);
 * containers themselves are started through testcontainers.
 */
import { hostname } from 'node:os';
import Docker from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';
import { InfrastructureError, errorMessage } from '../errors.ts';

let client: Docker | undefined;

/** A dockerode client honouring DOCKER_HOST, created once. */
export function dockerClient(): Docker {
  client ??= new Docker();
  return client;
}

/** Labels on everything pgdrill creates, so `pgdrill clean` can find leftovers of a killed run. */
export const LABEL_MANAGED = 'io.pgdrill.managed';
export const LABEL_RUN_ID = 'io.pgdrill.run-id';
export const LABEL_NODE = 'io.pgdrill.node';
export const LABEL_SCENARIO = 'io.pgdrill.scenario';
/** `host:pid` of the pgdrill process that owns the run: `clean` leaves a live owner's run alone. */
export const LABEL_OWNER = 'io.pgdrill.owner';

export const ownerLabel = () => `${hostname()}:${process.pid}`;

export function runLabels(runId: string, scenario: string): Record<string, string> {
  return { [LABEL_MANAGED]: 'true', [LABEL_RUN_ID]: runId, [LABEL_SCENARIO]: scenario, [LABEL_OWNER]: ownerLabel() };
}

/** A Docker API call whose failure is the engine's, not the drill's: exit 3 with what was attempted. */
export async function dockerCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new InfrastructureError('PGDRILL_DOCKER_CALL_FAILED', `Docker could not ${what}: ${errorMessage(error)}`, {
      cause: error,
      hint: 'Check the engine with `pgdrill doctor`; `pgdrill clean` removes what the run left.',
    });
  }
}

/**
 * Runs a shell script in a container (as root unless `user` says otherwise; secrets through
 * `env`, never argv). A non-zero exit is an error carrying the end of the output.
 */
export async function execScript(
  container: StartedTestContainer,
  who: string,
  script: string,
  options: { user?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const result = await dockerCall(`run a command in ${who}`, () =>
    container.exec(['bash', '-c', script], { user: options.user ?? 'root', env: options.env }),
  );
  if (result.exitCode !== 0) {
    throw new InfrastructureError(
      'PGDRILL_EXEC_FAILED',
      `${who}: \`${script}\` exited ${result.exitCode}: ${result.output.trim().slice(-600)}`,
    );
  }
  return result.output;
}
