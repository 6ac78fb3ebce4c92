/**
 * A PostgreSQL cluster in containers: `PgCluster` describes it, `start()` brings up pg-1 as
 * primary and pg-2… as streaming replicas on a network of its own, and returns a
 * `StartedCluster`, the only handle that can touch running nodes. Everything is labelled with
 * the run id; `dispose()` removes it all, also after a half-finished start.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { GenericContainer, Wait } from 'testcontainers';
import type { TopologySpec, VolumeName } from '../model/model.ts';
import { InfrastructureError, StepFailedError, TeamConfigError, errorMessage } from '../errors.ts';
import { dockerClient, LABEL_NODE, runLabels } from './docker-client.ts';
import { DirectEndpoint, PgBouncerEndpoint } from './endpoint.ts';
import type { ClientEndpoint, ClusterOptions, EndpointTarget, FreshNodeStart } from './runtime.ts';
import { PGBOUNCER_PORT, PgBouncer } from './pgbouncer.ts';
import {
  HAPROXY_PRIMARY_PORT,
  HAPROXY_REPLICA_PORT,
  HaproxyEndpoint,
  patroniEnv,
  startEtcd,
  readTeamHaproxy,
  startHaproxy,
  waitForLeader,
} from './patroni.ts';
import { stuckOnDcs } from './patroni-stall.ts';
import { type SidecarContainer, startSidecar } from './sidecar.ts';
import { ADMIN_PORT, CLIENT_PORT, PgNode } from './pg-node.ts';
import { removeResources } from './resources.ts';
import { createRunNetwork } from './run-network.ts';
import { startTeamPgBouncer } from './team-pgbouncer.ts';
import { trackRun, untrackRun } from './active-runs.ts';
import { generateSshKey, secretsEnvFile, type ClusterSecrets } from './secrets.ts';
import {
  type NodeConfNeeds,
  renderScenarioConf,
  scenarioParameters,
  standbyIdentity,
  synchronousStandbyNames,
} from './postgres-conf.ts';
import { readTeamPatroni, teamPatroniFile, teamPatroniRefused } from './team-patroni.ts';
import { readTeamEtcd } from './team-etcd.ts';
import { type NodeFile, teamPostgresFiles } from './team-postgres.ts';
import { ARCHIVE_DIR, BACKUP_DIR, PGDATA, VOLUME_PATHS, pgBinDir } from './node-layout.ts';
import { dataChecksumsOf } from '../model/pg-major.ts';
import { PGDRILL_HBA_LINES } from '../model/team-postgres.ts';

/** Where a node finds the run's SSH key (topology.postgres.ssh); pgdrill-node sets up sshd when it is there. */
const SSH_KEY_FILE = '/run/pgdrill/ssh_key';

const READY = /pgdrill-node\[[^\]]+\]: ready/;

export class PgCluster {
  /** one key for all nodes of the run, when the scenario asks for SSH between them */
  private readonly sshKey: string | null;

  constructor(private readonly options: ClusterOptions) {
    // the run generates it with the passwords (so it is redacted with them); a key of its own otherwise
    this.sshKey = options.topology.postgres.ssh ? (options.secrets.sshKey ?? generateSshKey()) : null;
  }

  async start(): Promise<StartedCluster> {
    const { runId, scenario, topology } = this.options;
    const labels = runLabels(runId, scenario);
    const networkName = `pgdrill-${runId}`;
    trackRun(runId);
    try {
      const { gateway } = await createRunNetwork(dockerClient(), networkName, labels);
      const archiveBytes = this.options.limitedVolumes?.archive;
      if (topology.postgres.archive || archiveBytes) {
        // A size-limited archive is a tmpfs volume: shared by the nodes for as long as they run.
        const driverOpts = archiveBytes ? { type: 'tmpfs', device: 'tmpfs', o: `size=${archiveBytes}` } : undefined;
        await dockerClient().createVolume({
          Name: this.archiveVolume,
          Labels: labels,
          ...(driverOpts ? { DriverOpts: driverOpts } : {}),
        });
      }
      if (this.options.backups) await dockerClient().createVolume({ Name: this.backupVolume, Labels: labels });
      const names = Array.from({ length: topology.postgres.replicas + 1 }, (_, i) => `pg-${i + 1}`);
      const [primaryName, ...replicaNames] = names as [string, ...string[]];
      if (topology.patroni) return await this.startPatroni(names, networkName, gateway, labels);
      const { primary, replicas } = await this.startReplication(
        primaryName,
        replicaNames,
        networkName,
        gateway,
        labels,
      );
      const nodes = [primary, ...replicas];
      // A cascading standby confirms to its upstream, never to the primary: it cannot be synchronous.
      const primaryStandbys = replicas.filter((replica) => !topology.postgres.standbys?.[replica.name]?.upstream);
      const syncNames = synchronousStandbyNames(
        topology,
        primaryStandbys.map((replica) => replica.applicationName),
      );
      if (syncNames) {
        // Every node gets it, as identical configs would: it matters on whichever is primary.
        for (const node of nodes) {
          await node.query(`ALTER SYSTEM SET synchronous_standby_names = '${syncNames}'`);
          await node.query('SELECT pg_reload_conf()');
        }
      }
      const bouncer = topology.pgbouncer
        ? await this.startPgBouncer(
            { host: primary.hostname, port: CLIENT_PORT, name: primary.name },
            'pgdrill',
            networkName,
            gateway,
            labels,
            primary,
            nodes,
          )
        : undefined;
      const endpoint = bouncer ? new PgBouncerEndpoint(bouncer) : new DirectEndpoint(primary);
      return new StartedCluster(
        runId,
        nodes,
        endpoint,
        bouncer,
        undefined,
        this.freshNodes(networkName, gateway, labels),
      );
    } catch (error) {
      await removeResources(runId).catch(() => {});
      untrackRun(runId);
      // the team's own file refused: a finding (exit 1), not a broken infrastructure
      if (error instanceof InfrastructureError || error instanceof TeamConfigError) throw error;
      throw new InfrastructureError('PGDRILL_NODE_START_FAILED', `the cluster did not start: ${errorMessage(error)}`, {
        cause: error,
        hint: 'Run `pgdrill doctor`; if the image is stale, `pgdrill setup` rebuilds it.',
      });
    }
  }

  /**
   * The primary and every replica start at once: a replica's entrypoint retries its base backup
   * until its upstream (the primary, or `standbys.<node>.upstream` for a cascading one) serves
   * it, so nothing waits on the harness. Every start settles before a failure is acted on: a
   * clean-up that ran while a sibling was still being created would miss it, so a failed start
   * also removes what the others bring up meanwhile.
   */
  private async startReplication(
    primaryName: string,
    replicaNames: string[],
    network: string,
    gateway: string,
    labels: Record<string, string>,
  ): Promise<{ primary: PgNode; replicas: PgNode[] }> {
    const { runId, topology } = this.options;
    const upstreamOf = (name: string) => topology.postgres.standbys?.[name]?.upstream ?? primaryName;
    const [primaryFiles, replicaFiles] = await Promise.all([
      this.teamFilesFor('primary'),
      this.teamFilesFor('replica'),
    ]);
    const ofPrimary = replicaNames.filter((name) => upstreamOf(name) === primaryName);
    const slots = ofPrimary.map((name) => standbyIdentity(topology, name).slot);
    // The engine creates and starts containers about one at a time, and every replica waits for
    // the primary: the primary's container goes first, the replicas' once it runs (measured: the
    // primary started last of three at 2.6 s, first at 0.8 s), so it boots while they are created.
    let primaryRunning!: () => void;
    let primaryFailed!: (error: unknown) => void;
    const running = new Promise<void>((resolve, reject) => {
      primaryRunning = resolve;
      primaryFailed = reject;
    });
    running.catch(() => {}); // a primary's failure is reported by its own start
    const primaryStart = this.startNode(primaryName, 'primary', network, gateway, labels, {
      command: ['primary'],
      env: { PGDRILL_STANDBY_SLOTS: slots.join(' ') },
      ...primaryFiles,
      onRunning: primaryRunning,
    });
    // a primary that failed before it ran takes its replicas' starts with it: nothing to wait for
    primaryStart.then(() => primaryRunning(), primaryFailed);
    const starts = [
      primaryStart,
      ...replicaNames.map(async (name) => {
        await running;
        return this.startNode(name, 'replica', network, gateway, labels, {
          command: ['replica'],
          env: {
            PGDRILL_PRIMARY_HOST: `pgdrill-${runId}-${upstreamOf(name)}`,
            ...(ofPrimary.includes(name) ? { PGDRILL_SLOT_CREATED: '1' } : {}),
          },
          ...replicaFiles,
        });
      }),
    ];
    // Every start succeeded, or one failed and the others, which would wait out their deadline
    // for an upstream that is gone, are swept until they have all settled.
    await Promise.all(starts).catch(async () => {
      while (!(await settledWithin(starts, 250))) await removeResources(runId).catch(() => {});
    });
    const settled = await Promise.allSettled(starts);
    const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) throw rejected.reason;
    const [primary, ...replicas] = settled.map((r) => (r as PromiseFulfilledResult<PgNode>).value);
    return { primary: primary!, replicas };
  }

  /**
   * Starts nodes outside the cluster's replication (restore and PITR targets): same image,
   * secrets and settings, on the same network, but archiving off and the archive mounted
   * read-only, so a restored server can read the cluster's WAL and never write into it.
   */
  private freshNodes(network: string, gateway: string, labels: Record<string, string>): FreshNodeFactory {
    return (name, start) =>
      this.startNode(name, 'primary', network, gateway, labels, {
        command: [start],
        // initdb of its own: a restore target never shares the cluster's system identifier
        env: { PGDRILL_INITDB: '1' },
        fresh: true,
      });
  }

  /** What the run's backups and subscriber need set in every node's postgresql.conf. */
  private confNeeds(): NodeConfNeeds {
    return { ...this.options.backups, logical: this.options.logicalSubscriber };
  }

  /** The team's postgresql.conf and pg_hba.conf for a node of `role`, when the scenario gives them. */
  private async teamFilesFor(role: 'primary' | 'replica'): Promise<{ files?: NodeFile[]; teamFiles?: string[] }> {
    const { files, names } = await teamPostgresFiles(this.options.topology, role, this.confNeeds());
    return files.length === 0 ? {} : { files, teamFiles: names };
  }

  private async startNode(
    name: string,
    role: 'primary' | 'replica',
    network: string,
    gateway: string,
    labels: Record<string, string>,
    how: {
      command: string[];
      env?: Record<string, string>;
      files?: { content: string; target: string; mode: number }[];
      fresh?: boolean;
      /** names of the team's files among `files` (topology.postgres.config / hba), for a refusal */
      teamFiles?: string[];
      /** called once the container runs (its log is attached), before it is ready */
      onRunning?: () => void;
    },
  ): Promise<PgNode> {
    const { runId, image, secrets } = this.options;
    const topology = how.fresh ? withoutArchiving(this.options.topology) : this.options.topology;
    const hasArchive = this.options.topology.postgres.archive || this.options.limitedVolumes?.archive;
    const mounts = [
      ...(hasArchive
        ? [{ source: this.archiveVolume, target: ARCHIVE_DIR, mode: how.fresh ? ('ro' as const) : ('rw' as const) }]
        : []),
      ...(this.options.backups ? [{ source: this.backupVolume, target: BACKUP_DIR, mode: 'rw' as const }] : []),
    ];
    const hostname = `pgdrill-${runId}-${name}`;
    const standby = standbyIdentity(this.options.topology, name);
    // testcontainers removes a container whose wait fails: keep what it said while starting.
    const output: string[] = [];
    const container = new GenericContainer(image)
      .withLogConsumer((stream) => {
        how.onRunning?.();
        stream.on('data', (chunk: Buffer | string) => output.push(...String(chunk).split('\n').filter(Boolean)));
      })
      .withName(hostname)
      .withHostname(name)
      .withNetworkMode(network)
      .withLabels({ ...labels, [LABEL_NODE]: name })
      .withEnvironment({
        PGDRILL_NODE: name,
        PGDRILL_SLOT: standby.slot,
        PGDRILL_APPLICATION_NAME: standby.applicationName,
        PGDRILL_HOST: hostname,
        // initdb's, or the image's data directory turned over with pg_checksums (pgdrill-node)
        PGDRILL_DATA_CHECKSUMS: dataChecksumsOf(this.options.topology.postgres) ? 'on' : 'off',
        ...how.env,
      })
      .withCommand(how.command)
      .withExposedPorts(CLIENT_PORT, ADMIN_PORT)
      // iptables and tc inside the node: partitions, bandwidth limits, the admin port redirect.
      .withAddedCapabilities('NET_ADMIN')
      .withTmpFs(how.fresh ? {} : this.nodeTmpfs())
      // The WAL archive is one volume shared by the cluster, as an NFS share would be.
      .withBindMounts(mounts)
      .withCopyContentToContainer([
        { content: secretsEnvFile(secrets), target: '/run/pgdrill/secrets.env', mode: 0o600 },
        ...(this.sshKey ? [{ content: this.sshKey, target: SSH_KEY_FILE, mode: 0o600 }] : []),
        {
          content: renderScenarioConf(topology, this.confNeeds()),
          target: '/etc/pgdrill/scenario.conf',
          mode: 0o644,
        },
        ...(how.files ?? []),
      ])
      .withWaitStrategy(Wait.forLogMessage(READY))
      .withStartupTimeout(this.options.startupTimeoutMs ?? 120_000);
    try {
      const started = await container.start();
      return new PgNode(
        name,
        hostname,
        started,
        role,
        secrets.superuser,
        { ip: started.getIpAddress(network), gateway },
        standby,
      );
    } catch (error) {
      const refused = output.findIndex((line) => line.includes('PostgreSQL did not start:'));
      if (how.teamFiles && refused >= 0) {
        // the server's own words about the team's files: a finding, not the infrastructure;
        // its first complaint on the first line, which summaries show alone
        const said = output.slice(refused + 1);
        const first = said
          .find((line) => /\b(LOG|FATAL|ERROR|PANIC):/.test(line))
          ?.replace(/^.*?\b(LOG|FATAL|ERROR|PANIC):\s*/, '');
        throw new TeamConfigError(
          `PostgreSQL on ${name} (${role}) did not start with the team's ${how.teamFiles.join(' and ')} (topology.postgres)${first ? `: ${first}` : ''}\n(postgresql.conf's line numbers are the file's own)\n${said.join('\n')}`,
          { cause: error },
        );
      }
      const tail = output.slice(-15);
      const logs = tail.length ? `\n--- last lines of ${name} ---\n${tail.join('\n')}` : '';
      throw new InfrastructureError(
        'PGDRILL_NODE_NOT_READY',
        `${name} (${role}) never became ready: ${errorMessage(error)}${logs}`,
        {
          cause: error,
          hint: 'The node log above says why; `pgdrill setup` rebuilds a stale image.',
        },
      );
    }
  }

  /**
   * etcd members, then every PostgreSQL node under Patroni; Patroni elects the leader and builds
   * the replicas itself. Returns once one leader runs and every replica streams from it.
   */
  private async startPatroni(
    names: string[],
    network: string,
    gateway: string,
    labels: Record<string, string>,
  ): Promise<StartedCluster> {
    const { runId, image, topology, secrets } = this.options;
    const patroni = topology.patroni!;
    const team = patroni.config ? await readTeamPatroni(patroni.config) : undefined;
    const scope = team?.scope ?? patroni.scope ?? `pgdrill-${runId}`;
    const etcdTeam = patroni.etcdConfig ? await readTeamEtcd(patroni.etcdConfig) : undefined;
    const etcd = await startEtcd({
      runId,
      image,
      network,
      gateway,
      labels,
      members: patroni.etcd,
      scope,
      ...(etcdTeam ? { team: etcdTeam } : {}),
    });
    const etcdHosts = etcd.map((m) => `${m.hostname}:2379`);
    const env = patroniEnv(
      { ...patroni, ...(team?.namespace ? { namespace: team.namespace } : {}) },
      topology.postgres.replication,
    );
    const parameters = scenarioParameters(topology, this.confNeeds());
    const settled = await Promise.allSettled(
      names.map((name) =>
        this.startNode(name, 'replica', network, gateway, labels, {
          command: ['patroni', etcdHosts.join(',')],
          env: { PGDRILL_SCOPE: scope },
          files: [
            { content: env, target: '/etc/pgdrill/patroni.env', mode: 0o644 },
            ...(team
              ? [
                  teamPatroniFile(team, {
                    name,
                    host: `pgdrill-${runId}-${name}`,
                    etcdHosts,
                    dataDir: PGDATA,
                    binDir: pgBinDir(this.options.topology.postgres.version),
                    superuserPassword: secrets.superuser,
                    replicationPassword: secrets.replication,
                    hba: PGDRILL_HBA_LINES,
                    parameters,
                    postBootstrap: '/usr/local/bin/pgdrill-node post-bootstrap',
                  }),
                ]
              : []),
          ],
        }),
      ),
    );
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const nodes = settled.map((r) => (r as PromiseFulfilledResult<PgNode>).value);
    const stalled = async () =>
      (await exitedNode(nodes)) ?? stuckOnDcs(await Promise.all(nodes.map((n) => n.logs().catch(() => ''))));
    const leader = await waitForLeader(nodes, this.options.startupTimeoutMs ?? 120_000, stalled).catch(
      async (error: unknown) => {
        // with pgdrill's own patroni.yml a cluster that never forms is the infrastructure; with the team's, a finding
        if (team && error instanceof InfrastructureError) throw await teamPatroniRefused(team, nodes, error);
        throw error;
      },
    );
    for (const node of nodes) node.role = node === leader ? 'primary' : 'replica';
    const teamConfig = topology.haproxyConfig ? await readTeamHaproxy(topology.haproxyConfig) : undefined;
    const haproxy = topology.haproxy
      ? await startHaproxy({
          runId,
          image,
          network,
          gateway,
          labels,
          pgHosts: nodes.map((n) => n.hostname),
          leader,
          ...(teamConfig ? { teamConfig, extraHosts: hostEntries(topology, nodes) } : {}),
        })
      : undefined;
    const bouncer = topology.pgbouncer
      ? await this.startPgBouncerForPatroni(
          leader,
          nodes,
          haproxy,
          teamConfig?.port ?? HAPROXY_PRIMARY_PORT,
          network,
          gateway,
          labels,
        )
      : undefined;
    const endpoint = bouncer
      ? new PgBouncerEndpoint(bouncer)
      : haproxy
        ? new HaproxyEndpoint(haproxy, teamConfig?.port)
        : new DirectEndpoint(leader);
    // An election takes ttl for the old key to expire, a loop or two to notice, retries on top.
    const timings = team?.timings ?? { ...patroni, retryTimeout: patroni.retryTimeout ?? 10 };
    const electionTimeoutMs = (timings.ttl + 2 * timings.loopWait + timings.retryTimeout + 15) * 1000;
    return new StartedCluster(
      runId,
      nodes,
      endpoint,
      bouncer,
      {
        etcd,
        haproxy,
        electionTimeoutMs,
        ...(haproxy && !teamConfig ? { haproxyReplicaPort: HAPROXY_REPLICA_PORT } : {}),
      },
      this.freshNodes(network, gateway, labels),
    );
  }

  /**
   * PgBouncer under Patroni: in front of HAProxy's leader port (backend: haproxy), or pinned to
   * the first leader's host, as a pgbouncer.ini naming one host is — Patroni moves the leader,
   * nobody moves PgBouncer.
   */
  private startPgBouncerForPatroni(
    leader: PgNode,
    nodes: PgNode[],
    haproxy: SidecarContainer | undefined,
    haproxyPort: number,
    network: string,
    gateway: string,
    labels: Record<string, string>,
  ): Promise<PgBouncer> {
    if (this.options.topology.pgbouncer?.backend === 'haproxy' && haproxy) {
      return this.startPgBouncer(
        { host: haproxy.hostname, port: haproxyPort, name: haproxy.name },
        'haproxy',
        network,
        gateway,
        labels,
        leader,
        nodes,
      );
    }
    return this.startPgBouncer(
      { host: leader.hostname, port: CLIENT_PORT, name: leader.name },
      'nobody',
      network,
      gateway,
      labels,
      leader,
      nodes,
    );
  }

  private async startPgBouncer(
    backend: { host: string; port: number; name: string },
    movedBy: PgBouncer['movedBy'],
    network: string,
    gateway: string,
    labels: Record<string, string>,
    primary: PgNode,
    nodes: PgNode[],
  ): Promise<PgBouncer> {
    const { runId, image, topology, secrets } = this.options;
    const config = topology.pgbouncer?.config;
    if (config) {
      // the team's pgbouncer.ini: its own [databases], pool mode and port; nobody rewrites it
      return startTeamPgBouncer({
        runId,
        image,
        network,
        gateway,
        labels,
        config,
        topology,
        primary,
        extraHosts: hostEntries(topology, nodes),
        appPassword: secrets.app,
        adminPassword: secrets.superuser,
      });
    }
    const sidecar = await startSidecar(
      { runId, image, network, gateway, labels },
      {
        name: 'pgbouncer',
        command: ['pgbouncer', backend.host, String(backend.port)],
        env: { PGDRILL_POOL_MODE: topology.pgbouncer?.poolMode ?? 'session' },
        ports: [PGBOUNCER_PORT],
        files: [{ content: secretsEnvFile(secrets), target: '/run/pgdrill/secrets.env', mode: 0o600 }],
      },
    );
    return new PgBouncer(sidecar, secrets.superuser, backend.name, movedBy);
  }

  /** data and wal volumes that disk-full drills fill: a tmpfs of their own per node */
  private nodeTmpfs(): Record<string, string> {
    const mounts: Record<string, string> = {};
    for (const volume of ['data', 'wal'] as const) {
      const bytes = this.options.limitedVolumes?.[volume];
      if (bytes) mounts[VOLUME_PATHS[volume]] = `rw,size=${bytes}`;
    }
    return mounts;
  }

  private get archiveVolume(): string {
    return `pgdrill-${this.options.runId}-archive`;
  }

  private get backupVolume(): string {
    return `pgdrill-${this.options.runId}-backup`;
  }
}

/** The topology with archiving off: a restored node reads the archive, it never adds to it. */
function withoutArchiving(topology: TopologySpec): TopologySpec {
  return { ...topology, postgres: { ...topology.postgres, archive: false } };
}

export type FreshNodeFactory = (name: string, start: FreshNodeStart) => Promise<PgNode>;

export class StartedCluster implements AsyncDisposable {
  private disposed = false;
  /** nodes started by restores and PITRs: outside replication, in the report's logs */
  readonly freshNodes: PgNode[] = [];

  constructor(
    readonly runId: string,
    readonly nodes: PgNode[],
    readonly endpoint: ClientEndpoint,
    readonly pgbouncer?: PgBouncer,
    /** Patroni's etcd members and HAProxy, when the topology has them */
    readonly managed?: {
      etcd: SidecarContainer[];
      haproxy?: SidecarContainer;
      /** HAProxy's port to the replicas, when pgdrill wrote its configuration (a team's file names its own) */
      haproxyReplicaPort?: number;
      electionTimeoutMs: number;
    },
    private readonly startFresh?: FreshNodeFactory,
  ) {}

  /**
   * A new node outside the cluster, named `<prefix>-N`, for a restore or a PITR to fill. The
   * cluster owns it: dispose() removes it with the rest, logs() collects its log.
   */
  async startFreshNode(prefix: string, start: FreshNodeStart): Promise<PgNode> {
    if (!this.startFresh)
      throw new InfrastructureError('PGDRILL_NO_FRESH_NODES', 'this cluster cannot start fresh nodes');
    const name = `${prefix}-${this.freshNodes.filter((n) => n.name.startsWith(`${prefix}-`)).length + 1}`;
    const node = await this.startFresh(name, start);
    this.freshNodes.push(node);
    return node;
  }

  /**
   * Under Patroni, roles change without pgdrill doing anything: re-read them from the nodes
   * (pg_is_in_recovery) before each step. A primary that no longer answers while another node
   * leads is a former primary. Two nodes out of recovery at once (an old leader cut off from
   * etcd that has not demoted itself yet, beside the one promoted in its place): the one on the
   * newest timeline is the primary, the other a former primary that Patroni is about to demote.
   */
  async refreshRoles(): Promise<void> {
    if (!this.managed) return;
    const timelines = new Map<PgNode, number>();
    await Promise.all(
      this.nodes
        .filter((n) => n.alive)
        .map(async (node) => {
          const row = await node
            .queryOne<{ r: boolean; tli: string | null }>(
              'SELECT pg_is_in_recovery() AS r, CASE WHEN NOT pg_is_in_recovery() THEN substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) END AS tli',
            )
            .catch(() => null);
          if (!row) return;
          node.role = row.r ? 'replica' : 'primary';
          if (row.tli) timelines.set(node, Number.parseInt(row.tli, 16));
        }),
    );
    if (timelines.size > 1) {
      const newest = Math.max(...timelines.values());
      for (const [node, tli] of timelines) if (tli < newest) node.role = 'former-primary';
    }
    if (this.nodes.some((n) => n.alive && n.role === 'primary')) {
      for (const node of this.nodes) if (!node.alive && node.role === 'primary') node.role = 'former-primary';
    }
  }

  /** etcd members and HAProxy, when the topology has them */
  sidecars(): SidecarContainer[] {
    return [...(this.managed?.etcd ?? []), ...(this.managed?.haproxy ? [this.managed.haproxy] : [])];
  }

  /** A target that may also be an etcd member or HAProxy (faults that act on containers). */
  resolveAny(ref: string): PgNode | SidecarContainer {
    return this.sidecars().find((s) => s.name === ref) ?? this.resolve(ref);
  }

  /** The PostgreSQL node listening at `ip` on the run's network: who really acknowledged a write. */
  nodeAt(ip: string): string | undefined {
    return this.nodes.find((n) => n.network.ip === ip)?.name;
  }

  /** The current primary: the node most recently started or promoted as primary, in whatever state. */
  primary(): PgNode {
    const primary = this.nodes.find((n) => n.role === 'primary');
    if (!primary) throw new StepFailedError('there is no live primary in the cluster');
    return primary;
  }

  /**
   * Where a read-only client goes: HAProxy's replica port where pgdrill configured HAProxy (it
   * balances over the replicas Patroni reports healthy), else each live replica's own port.
   */
  replicaPath(): EndpointTarget[] {
    const { haproxy, haproxyReplicaPort } = this.managed ?? {};
    if (haproxy && haproxyReplicaPort)
      return [{ node: `haproxy:${haproxyReplicaPort}`, ...haproxy.hostAddress(haproxyReplicaPort) }];
    return this.liveReplicas().map((n) => ({ node: n.name, ...n.clientAddress }));
  }

  /** replicas whose PostgreSQL is running (a stopped or paused one cannot follow anyone) */
  liveReplicas(): PgNode[] {
    return this.nodes.filter((n) => n.role === 'replica' && n.alive);
  }

  node(name: string): PgNode | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  freshNode(name: string): PgNode | undefined {
    return this.freshNodes.find((n) => n.name === name);
  }

  /**
   * Resolves a target as written in a scenario, at the moment a step runs: `primary`,
   * `replica` / `replica-N` (the first / Nth node in the replica role, by name, whatever its
   * state: a paused replica-1 is still the one to resume) or a node name.
   */
  resolve(ref: string): PgNode {
    if (ref === 'primary') return this.primary();
    const replicaMatch = /^replica(?:-(\d+))?$/.exec(ref);
    if (replicaMatch) {
      const replicas = this.nodes.filter((n) => n.role === 'replica');
      const replica = replicas[Number(replicaMatch[1] ?? '1') - 1];
      if (!replica) {
        throw new StepFailedError(
          `no ${ref} right now (replicas: ${replicas.map((n) => n.name).join(', ') || 'none'})`,
        );
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
      [...this.nodes, ...this.freshNodes].map(
        async (n) => [n.name, await n.logs().catch((e) => `(logs unavailable: ${errorMessage(e)})`)] as const,
      ),
    );
    for (const sidecar of this.sidecars()) {
      entries.push([sidecar.name, await sidecar.output().catch(() => '(logs unavailable)')]);
    }
    if (this.pgbouncer) {
      entries.push([
        'pgbouncer',
        await this.pgbouncer.member
          .readFile('/var/log/pgdrill/pgbouncer.log')
          .catch((e) => `(logs unavailable: ${errorMessage(e)})`),
      ]);
    }
    return Object.fromEntries(entries);
  }

  /** Removes every container, network and volume of the run. A failure stays tracked for Ctrl-C and says what to run. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    await Promise.allSettled([...this.nodes, ...this.freshNodes].map((n) => n.closeConnections()));
    try {
      await removeResources(this.runId);
    } catch (error) {
      throw new InfrastructureError(
        'PGDRILL_TEARDOWN_FAILED',
        `could not remove the containers of run ${this.runId}: ${errorMessage(error)}`,
        {
          cause: error,
          hint: 'Run `pgdrill clean` to remove them.',
        },
      );
    }
    this.disposed = true;
    untrackRun(this.runId);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

/**
 * How the containers that read a team's file (HAProxy, PgBouncer) resolve the names it uses:
 * each node's own name and every alias of topology.hosts, as /etc/hosts entries. (Docker network
 * aliases would need testcontainers to attach the container to the default bridge as well.)
 */
function hostEntries(topology: TopologySpec, nodes: PgNode[]): { host: string; ipAddress: string }[] {
  const ipOf = new Map(nodes.map((n) => [n.name, n.network.ip]));
  const entries = nodes.map((n) => ({ host: n.name, ipAddress: n.network.ip }));
  for (const [alias, node] of Object.entries(topology.hosts)) {
    const ipAddress = ipOf.get(node);
    if (ipAddress) entries.push({ host: alias, ipAddress });
  }
  return entries;
}

/** Whether every promise settled within `ms`. */
const settledWithin = (promises: Promise<unknown>[], ms: number): Promise<boolean> =>
  Promise.race([Promise.allSettled(promises).then(() => true), delay(ms, false)]);

/** A node whose container exited by itself while Patroni was to form the cluster, with its log's last lines. */
async function exitedNode(nodes: PgNode[]): Promise<string | undefined> {
  for (const node of nodes) {
    const code = await node.exitedWith();
    if (code === null) continue;
    const tail = (await node.logs().catch(() => ''))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-3)
      .join(' | ');
    return `${node.name}'s container exited (code ${code})${tail ? `; its log ends: ${tail}` : ''}`;
  }
  return undefined;
}
