/**
 * The one place pgdrill talks to Docker directly (networks, volumes, clean-up, kills);
 * containers themselves are started through testcontainers.
 */
import Docker from 'dockerode';

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

export function runLabels(runId: string, scenario: string): Record<string, string> {
  return { [LABEL_MANAGED]: 'true', [LABEL_RUN_ID]: runId, [LABEL_SCENARIO]: scenario };
}
