/**
 * Containers pgdrill starts that hold no PostgreSQL of the cluster: etcd members, HAProxy,
 * PgBouncer. One way to start them (labelled, output kept for a failed start) and one handle
 * that faults can act on (an address, a shell, a kill).
 */
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { InfrastructureError, errorMessage } from '../errors.ts';
import { LABEL_NODE, dockerCall, dockerClient, execScript } from './docker-client.ts';
import type { NodeState } from './pg-node.ts';

/**
 * etcd members and HAProxy: containers pgdrill starts that hold no PostgreSQL. Faults reach
 * them too (kill, pause, partition), so they carry what those need: an address and a shell.
 */
export class SidecarContainer {
  state: NodeState = 'running';

  constructor(
    readonly name: string,
    readonly hostname: string,
    readonly container: StartedTestContainer,
    readonly network: { ip: string; gateway: string },
  ) {}

  get alive(): boolean {
    return this.state === 'running';
  }

  async shell(script: string): Promise<string> {
    return execScript(this.container, this.name, script);
  }

  async kill(): Promise<void> {
    await dockerCall(`kill ${this.name}`, () =>
      dockerClient().getContainer(this.container.getId()).kill({ signal: 'SIGKILL' }),
    );
    this.state = 'killed';
  }
}

export interface SidecarOptions {
  runId: string;
  image: string;
  network: string;
  gateway: string;
  labels: Record<string, string>;
}

const READY = /pgdrill-node\[[^\]]+\]: ready/;

export interface SidecarSpec {
  name: string;
  command: string[];
  env?: Record<string, string>;
  ports: number[];
  /** files copied in before start (secrets among them: never env or argv) */
  files?: { content: string; target: string; mode: number }[];
  /** iptables in the container, so partitions can include it */
  netAdmin?: boolean;
}

export async function startSidecar(o: SidecarOptions, spec: SidecarSpec): Promise<SidecarContainer> {
  const { name, command, env = {}, ports, files = [], netAdmin = false } = spec;
  const hostname = `pgdrill-${o.runId}-${name}`;
  const output: string[] = [];
  try {
    const container = await new GenericContainer(o.image)
      .withName(hostname)
      .withHostname(name)
      .withNetworkMode(o.network)
      .withLabels({ ...o.labels, [LABEL_NODE]: name })
      .withEnvironment({ PGDRILL_NODE: name, PGDRILL_HOST: hostname, ...env })
      .withCommand(command)
      .withExposedPorts(...ports)
      .withAddedCapabilities(...(netAdmin ? ['NET_ADMIN'] : []))
      .withCopyContentToContainer(files)
      .withLogConsumer((stream) =>
        stream.on('data', (chunk: Buffer | string) => output.push(...String(chunk).split('\n').filter(Boolean))),
      )
      .withWaitStrategy(Wait.forLogMessage(READY))
      .withStartupTimeout(60_000)
      .start();
    return new SidecarContainer(name, hostname, container, {
      ip: container.getIpAddress(o.network),
      gateway: o.gateway,
    });
  } catch (error) {
    throw new InfrastructureError(
      'PGDRILL_NODE_NOT_READY',
      `${name} never became ready: ${errorMessage(error)}\n${output.slice(-15).join('\n')}`,
      { cause: error },
    );
  }
}
