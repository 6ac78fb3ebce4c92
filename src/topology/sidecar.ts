/**
 * Containers pgdrill starts that hold no PostgreSQL of the cluster: etcd members, HAProxy,
 * PgBouncer. One way to start them (labelled, output kept for a failed start) and one handle
 * that faults can act on (an address, a shell, a kill).
 */
import { GenericContainer, Wait } from 'testcontainers';
import { InfrastructureError, TeamConfigError, errorMessage } from '../errors.ts';
import { LABEL_NODE } from './docker-client.ts';
import { ContainerMember } from './member.ts';

/**
 * etcd members, HAProxy and PgBouncer's container: members that hold no PostgreSQL of the cluster.
 * Faults reach them too (kill, pause, partition) through the Member interface.
 */
export class SidecarContainer extends ContainerMember {}

export interface SidecarOptions {
  runId: string;
  image: string;
  network: string;
  gateway: string;
  labels: Record<string, string>;
}

const READY = /pgdrill-node\[[^\]]+\]: ready/;

/**
 * The chain partitions add their rules to, for a start script of a team's file that replaces the
 * image's entrypoint (which sets it up itself: compose/node/pgdrill-node firewall_setup).
 */
export const PARTITION_CHAIN = 'iptables -N PGDRILL && iptables -I INPUT -j PGDRILL && iptables -I OUTPUT -j PGDRILL';
/** what a start script prints before the component's own complaint about a team's file */
const REFUSED = /pgdrill-node\[[^\]]+\]: refused by (.+)$/;

export interface SidecarSpec {
  name: string;
  command: string[];
  env?: Record<string, string>;
  ports: number[];
  /** files copied in before start (secrets among them: never env or argv) */
  files?: { content: string; target: string; mode: number }[];
  /** iptables in the container, so partitions can include it */
  netAdmin?: boolean;
  /** replaces the image's entrypoint (a team's own file run by its component directly) */
  entrypoint?: string[];
  /** /etc/hosts entries: the names a team's file uses for the nodes */
  extraHosts?: { host: string; ipAddress: string }[];
}

export async function startSidecar(o: SidecarOptions, spec: SidecarSpec): Promise<SidecarContainer> {
  const { name, command, env = {}, ports, files = [], netAdmin = false, entrypoint, extraHosts = [] } = spec;
  const hostname = `pgdrill-${o.runId}-${name}`;
  const output: string[] = [];
  try {
    const image = new GenericContainer(o.image);
    const container = await (entrypoint ? image.withEntrypoint(entrypoint) : image)
      .withName(hostname)
      .withHostname(name)
      .withNetworkMode(o.network)
      .withLabels({ ...o.labels, [LABEL_NODE]: name })
      .withEnvironment({ PGDRILL_NODE: name, PGDRILL_HOST: hostname, ...env })
      .withCommand(command)
      .withExposedPorts(...ports)
      .withAddedCapabilities(...(netAdmin ? ['NET_ADMIN'] : []))
      .withExtraHosts(extraHosts)
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
    const refusal = output.findIndex((line) => REFUSED.test(line));
    if (refusal >= 0) {
      const component = REFUSED.exec(output[refusal]!)?.[1];
      const words = output.slice(refusal + 1, refusal + 16);
      throw new TeamConfigError(`${component} refused it: ${headline(words)}\n${words.join('\n')}`, { cause: error });
    }
    throw new InfrastructureError(
      'PGDRILL_NODE_NOT_READY',
      `${name} never became ready: ${errorMessage(error)}\n${output.slice(-15).join('\n')}`,
      { cause: error },
    );
  }
}

/**
 * The line of a component's complaint that says most in one line: the first naming a file and
 * line (`haproxy.cfg:20]`, `pgbouncer.ini:16)`), else its first error, else its first line.
 */
export function headline(words: string[]): string {
  const line =
    words.find((w) => /\.(cfg|ini|conf|ya?ml):\d+/.test(w)) ??
    words.find((w) => /ERROR|FATAL|ALERT/.test(w)) ??
    words[0];
  // the component's own timestamp and pid prefix says nothing a reader needs here
  return (line ?? '').replace(/^.*?(\[ALERT\]|ERROR|FATAL)\s*(\(\d+\)\s*:\s*)?/, '$1 ').trim();
}
