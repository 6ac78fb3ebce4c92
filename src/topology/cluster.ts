/**
 * A PostgreSQL cluster in containers: `PgCluster` describes it, `start()` brings up pg-1 as
 * primary and pg-2… as streaming replicas on a network of its own, and returns a
 * `StartedCluster`, the only handle that can touch running nodes. Everything is labelled with
 * the run id; `dispose()` removes it all, also after a half-finished start.
 */
import { GenericContainer, Wait } from 'testcontainers';
import type { TopologySpec } from '../scenario/model.ts';
import { InfrastructureError, StepFailedError, errorMessage } from '../errors.ts';
import { dockerClient, LABEL_NODE, runLabels } from './docker-client.ts';
import { DirectEndpoint, type ClientEndpoint } from './endpoint.ts';
import { PgNode } from './pg-node.ts';
import { removeResources } from './resources.ts';
import { trackRun, untrackRun } from './active-runs.ts';
import { secretsEnvFile, type ClusterSecrets } from './secrets.ts';
import { ARCHIVE_DIR, renderScenarioConf } from './postgres-conf.ts';

export interface ClusterOptions {
  runId: string;
  scenario: string;
  image: string;
  topology: TopologySpec;
  secrets: ClusterSecrets;
  /** @default 120_000 */
  startupTimeoutMs?: number;
}

const READY = /pgdrill-node\[[^\]]+\]: ready/;

export class PgCluster {
  constructor(private readonly options: ClusterOptions) {}

  async start(): Promise<StartedCluster> {
    const { runId, scenario, topology } = this.options;
    const labels = runLabels(runId, scenario);
    const networkName = `pgdrill-${runId}`;
    trackRun(runId);
    try {
      await dockerClient().createNetwork({ Name: networkName, Labels: labels, CheckDuplicate: true });
      if (topology.postgres.archive) {
        await dockerClient().createVolume({ Name: this.archiveVolume, Labels: labels });
      }
      const names = Array.from({ length: topology.postgres.replicas + 1 }, (_, i) => `pg-${i + 1}`);
      const [primaryName, ...replicaNames] = names as [string, ...string[]];
      const primary = await this.startNode(primaryName, 'primary', networkName, labels);
      const replicas = await Promise.all(
        replicaNames.map((name) => this.startNode(name, 'replica', networkName, labels, primary.hostname)),
      );
      return new StartedCluster(runId, [primary, ...replicas], new DirectEndpoint(primary));
    } catch (error) {
      await removeResources(runId).catch(() => {});
      untrackRun(runId);
      if (error instanceof InfrastructureError) throw error;
      throw new InfrastructureError('PGDRILL_NODE_START_FAILED', `the cluster did not start: ${errorMessage(error)}`, {
        cause: error,
        hint: 'Run `pgdrill doctor`; if the image is stale, `pgdrill setup` rebuilds it.',
      });
    }
  }

  private async startNode(
    name: string,
    role: 'primary' | 'replica',
    network: string,
    labels: Record<string, string>,
    primaryHost?: string,
  ): Promise<PgNode> {
    const { runId, image, topology, secrets } = this.options;
    const hostname = `pgdrill-${runId}-${name}`;
    const slot = name.replace(/-/g, '_');
    const container = new GenericContainer(image)
      .withName(hostname)
      .withHostname(name)
      .withNetworkMode(network)
      .withLabels({ ...labels, [LABEL_NODE]: name })
      .withEnvironment({ PGDRILL_NODE: name, PGDRILL_SLOT: slot, ...(primaryHost ? { PGDRILL_PRIMARY_HOST: primaryHost } : {}) })
      .withCommand([role])
      .withExposedPorts(5432)
      // The WAL archive is one volume shared by the cluster, as an NFS share would be.
      .withBindMounts(topology.postgres.archive ? [{ source: this.archiveVolume, target: ARCHIVE_DIR, mode: 'rw' }] : [])
      .withCopyContentToContainer([
        { content: secretsEnvFile(secrets), target: '/run/pgdrill/secrets.env', mode: 0o600 },
        { content: renderScenarioConf(topology, this.replicaSlots()), target: '/etc/pgdrill/scenario.conf', mode: 0o644 },
      ])
      .withWaitStrategy(Wait.forLogMessage(READY))
      .withStartupTimeout(this.options.startupTimeoutMs ?? 120_000);
    try {
      return new PgNode(name, hostname, await container.start(), role, secrets.superuser);
    } catch (error) {
      const logs = await containerLogTail(hostname);
      throw new InfrastructureError('PGDRILL_NODE_NOT_READY', `${name} (${role}) never became ready: ${errorMessage(error)}${logs}`, {
        cause: error,
        hint: 'The node log above says why; `pgdrill setup` rebuilds a stale image.',
      });
    }
  }

  private get archiveVolume(): string {
    return `pgdrill-${this.options.runId}-archive`;
  }

  private replicaSlots(): string[] {
    return Array.from({ length: this.options.topology.postgres.replicas }, (_, i) => `pg_${i + 2}`);
  }
}

async function containerLogTail(name: string): Promise<string> {
  try {
    const buffer = (await dockerClient().getContainer(name).logs({ stdout: true, stderr: true })) as unknown as Buffer;
    const { demuxDockerLog } = await import('./pg-node.ts');
    const lines = demuxDockerLog(buffer).trim().split('\n').slice(-15);
    return lines.length ? `\n--- last lines of ${name} ---\n${lines.join('\n')}` : '';
  } catch {
    return '';
  }
}

export class StartedCluster implements AsyncDisposable {
  private disposed = false;

  constructor(
    readonly runId: string,
    readonly nodes: PgNode[],
    readonly endpoint: ClientEndpoint,
  ) {}

  /** The current primary: the node most recently started or promoted as primary. */
  primary(): PgNode {
    const primary = this.nodes.find((n) => n.role === 'primary');
    if (!primary) throw new StepFailedError('there is no live primary in the cluster');
    return primary;
  }

  liveReplicas(): PgNode[] {
    return this.nodes.filter((n) => n.role === 'replica');
  }

  liveNodes(): PgNode[] {
    return this.nodes.filter((n) => n.alive);
  }

  node(name: string): PgNode | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  /**
   * Resolves a target as written in a scenario, at the moment a step runs: `primary`,
   * `replica` (the first live replica), `replica-N` (the Nth live replica by name) or a node name.
   */
  resolve(ref: string): PgNode {
    if (ref === 'primary') return this.primary();
    const replicaMatch = /^replica(?:-(\d+))?$/.exec(ref);
    if (replicaMatch) {
      const index = Number(replicaMatch[1] ?? '1') - 1;
      const replica = this.liveReplicas()[index];
      if (!replica) {
        const live = this.liveReplicas().map((n) => n.name).join(', ') || 'none';
        throw new StepFailedError(`no live ${ref} right now (live replicas: ${live})`);
      }
      return replica;
    }
    const node = this.node(ref);
    if (!node) throw new StepFailedError(`no node named ${ref}`);
    return node;
  }

  /** Marks `node` as the one primary; any other node still claiming to be primary is a former primary. */
  recordPromotion(node: PgNode): void {
    for (const other of this.nodes) if (other !== node && other.role === 'primary') other.role = 'former-primary';
    node.role = 'primary';
  }

  async logs(): Promise<Record<string, string>> {
    const entries = await Promise.all(
      this.nodes.map(async (n) => [n.name, await n.logs().catch((e) => `(logs unavailable: ${errorMessage(e)})`)] as const),
    );
    return Object.fromEntries(entries);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.allSettled(this.nodes.map((n) => n.closeConnections()));
    await removeResources(this.runId);
    untrackRun(this.runId);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}
