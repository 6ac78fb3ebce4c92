/**
 * The Patroni topology's other parts: an etcd cluster (the DCS), the settings every Patroni node
 * shares, the wait for an elected leader, and HAProxy routing clients to whoever leads.
 */
import pg from 'pg';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HaproxyConfig, TopologySpec } from '../model/model.ts';
import { clientBindPorts, prepareTeamFile } from '../model/team-file.ts';
import type { ClientEndpoint, EndpointTarget } from './runtime.ts';
import type { NodeAddress, PgNode } from './pg-node.ts';
import { InfrastructureError, TeamConfigError } from '../errors.ts';
import { done, notYet, pollUntil, pollWithin } from '../poll.ts';
import { superuserConnection } from './pg-connection.ts';
import { PARTITION_CHAIN, type SidecarContainer, startSidecar, type SidecarOptions } from './sidecar.ts';
import { type TeamEtcd, teamEtcdMember, teamEtcdRefused, teamEtcdUnhealthy } from './team-etcd.ts';

/** N etcd members forming one cluster; returns once the cluster answers as healthy. */
export async function startEtcd(
  o: SidecarOptions & { members: number; scope: string; team?: TeamEtcd },
): Promise<SidecarContainer[]> {
  const names = Array.from({ length: o.members }, (_, i) => `etcd-${i + 1}`);
  const initialCluster = names.map((n) => `${n}=http://pgdrill-${o.runId}-${n}:2380`).join(',');
  const { team } = o;
  const members = await Promise.all(
    names.map((n) =>
      startSidecar(o, {
        ...(team
          ? teamEtcdMember(team, {
              name: n,
              host: `pgdrill-${o.runId}-${n}`,
              initialCluster,
              token: o.scope,
              dataDir: '/var/lib/pgdrill/etcd',
            })
          : { name: n, command: ['etcd', n, initialCluster] }),
        env: { PGDRILL_SCOPE: o.scope },
        ports: [2379],
        netAdmin: true,
      }),
    ),
  ).catch((error: unknown) => {
    throw team ? teamEtcdRefused(team, error) : error;
  });
  const endpoints = members.map((m) => `http://${m.hostname}:2379`).join(',');
  // 150 probes 200 ms apart, each an exec of up to ~100 ms, was the budget before: about 45 s.
  await pollUntil(
    async () => {
      const health = await members[0]!.exec(['etcdctl', '--endpoints', endpoints, 'endpoint', 'health']);
      return health.exitCode === 0 ? done(undefined) : notYet(health.output.trim().split('\n').slice(-1)[0] ?? '');
    },
    {
      what: 'etcd healthy',
      timeoutMs: 45_000,
      intervalMs: 200,
      fatal: () => false,
      onTimeout: (t) =>
        new InfrastructureError(
          'PGDRILL_ETCD_NOT_READY',
          `the etcd cluster (${names.join(', ')}) never became healthy (last: ${t.last})`,
        ),
    },
  ).catch(async (error: unknown) => {
    // pgdrill's own settings are known to form a cluster; the team's file may not
    throw team ? await teamEtcdUnhealthy(team, members, error) : error;
  });
  return members;
}

/**
 * The settings file each Patroni node's entrypoint sources (no secrets in it). Under Patroni,
 * `replication: sync` is Patroni's synchronous_mode: Patroni, not pgdrill, owns
 * synchronous_standby_names there.
 */
export function patroniEnv(
  p: NonNullable<TopologySpec['patroni']>,
  replication: TopologySpec['postgres']['replication'] = 'async',
): string {
  const lines = {
    PATRONI_TTL: p.ttl,
    PATRONI_LOOP_WAIT: p.loopWait,
    PATRONI_RETRY_TIMEOUT: p.retryTimeout ?? 10,
    PATRONI_MAXIMUM_LAG_ON_FAILOVER: p.maximumLagOnFailover ?? 1048576,
    PATRONI_SYNCHRONOUS_MODE: p.synchronousMode ?? replication === 'sync',
    PATRONI_SYNCHRONOUS_MODE_STRICT: p.synchronousModeStrict ?? false,
    PATRONI_USE_PG_REWIND: p.usePgRewind ?? true,
    PATRONI_NAMESPACE: p.namespace ?? '/service/',
  };
  return `${Object.entries(lines)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
}

/** How often a leaderless cluster's logs are read for a stall (Patroni retries every 5 s). */
const STALL_CHECK_MS = 5_000;

/**
 * Until exactly one node leads and every other one streams from it. While no node answers,
 * `stalled` (every STALL_CHECK_MS) may say why none ever will; the wait ends then, as at a timeout.
 */
export async function waitForLeader(
  nodes: PgNode[],
  timeoutMs: number,
  stalled?: () => Promise<string | undefined>,
): Promise<PgNode> {
  const started = performance.now();
  let nextStallCheck = started + STALL_CHECK_MS;
  return pollUntil(
    async () => {
      const roles = await Promise.all(
        nodes.map((n) =>
          n.queryOne<{ r: boolean }>('SELECT pg_is_in_recovery() AS r').then(
            (row) => row.r,
            () => null,
          ),
        ),
      );
      const leaders = nodes.filter((_, i) => roles[i] === false);
      if (leaders.length === 1 && roles.every((r) => r !== null)) {
        const leader = leaders[0]!;
        const streaming = await leader
          .query<{ n: string }>("SELECT count(*)::text AS n FROM pg_stat_replication WHERE state = 'streaming'")
          .then(
            (rows) => Number(rows[0]?.n ?? 0),
            () => 0,
          );
        if (streaming >= nodes.length - 1) return done(leader);
        return notYet(`${leader.name} leads, ${streaming} of ${nodes.length - 1} replica(s) streaming`);
      }
      const state = `${leaders.length} leader(s); ${roles.filter((r) => r === null).length} node(s) not answering`;
      if (stalled && roles.every((r) => r === null) && performance.now() >= nextStallCheck) {
        nextStallCheck = performance.now() + STALL_CHECK_MS;
        const why = await stalled();
        if (why)
          throw new InfrastructureError(
            'PGDRILL_NO_LEADER',
            `Patroni did not form a cluster: ${why} after ${Math.round((performance.now() - started) / 1000)}s (${state})`,
            { hint: "Each node's log in the report holds Patroni's own account." },
          );
      }
      return notYet(state);
    },
    {
      what: 'a Patroni leader',
      timeoutMs,
      intervalMs: 250,
      onTimeout: (t) =>
        new InfrastructureError(
          'PGDRILL_NO_LEADER',
          `Patroni did not form a cluster within ${timeoutMs / 1000}s (${t.last})`,
          { hint: "Each node's log in the report holds Patroni's own account." },
        ),
    },
  );
}

export const HAPROXY_PRIMARY_PORT = 5000;
/** our haproxy.cfg's port to the replicas (Patroni's /replica health check) */
export const HAPROXY_REPLICA_PORT = 5001;

/**
 * HAProxy starts with every server marked up until its health checks fail twice, so for a couple
 * of seconds it round-robins writes onto replicas. The drill starts from a clean baseline: once
 * `leader`'s port 5000 has answered from the leader on enough fresh connections in a row.
 */
export async function startHaproxy(
  o: SidecarOptions & {
    pgHosts: string[];
    leader: PgNode;
    teamConfig?: TeamHaproxy;
    /** how the team's file resolves its host names (topology.hosts) */
    extraHosts?: { host: string; ipAddress: string }[];
  },
): Promise<SidecarContainer> {
  const team = o.teamConfig;
  const port = team?.port ?? HAPROXY_PRIMARY_PORT;
  const haproxy = await startSidecar(
    o,
    team
      ? {
          name: 'haproxy',
          command: [],
          entrypoint: ['/usr/bin/tini', '-s', '--', 'bash', TEAM_HAPROXY_SCRIPT],
          files: [
            { content: team.text, target: TEAM_HAPROXY_CFG, mode: 0o644 },
            { content: teamHaproxyScript(), target: TEAM_HAPROXY_SCRIPT, mode: 0o755 },
          ],
          ports: [port],
          netAdmin: true,
          ...(o.extraHosts ? { extraHosts: o.extraHosts } : {}),
        }
      : {
          name: 'haproxy',
          command: ['haproxy', o.pgHosts.join(',')],
          ports: [HAPROXY_PRIMARY_PORT, HAPROXY_REPLICA_PORT],
          netAdmin: true,
        },
  ).catch((error: unknown) => {
    // HAProxy names the path it read; its line numbers are the team's file's own
    if (team && error instanceof TeamConfigError)
      throw new TeamConfigError(
        `${error.message}\n(${TEAM_HAPROXY_CFG} is the team's ${team.name}, topology.haproxy.config: the line numbers are its own)`,
        { cause: error },
      );
    throw error;
  });
  const target = haproxy.hostAddress(port);
  const needed = 2 * o.pgHosts.length + 4;
  let inARow = 0;
  const routed = await pollWithin(
    async () => {
      for (; inARow < needed; inARow++) {
        const onLeader = await answersAsPrimary(target, o.leader.superuserPassword);
        if (!onLeader) {
          inARow = 0;
          return notYet('a connection through port 5000 landed on a replica or failed');
        }
      }
      return done(undefined);
    },
    { what: 'HAProxy routing to the leader', timeoutMs: 60_000, intervalMs: 200 },
  );
  // As before: a run of fresh connections on the leader at the end is enough, a full one is the aim.
  if (!routed.reached && inARow === 0) {
    const what = `HAProxy never routed port ${port} to the Patroni leader within 60 s (last: ${routed.timeout.last})`;
    // pgdrill's own haproxy.cfg is known to route: then it is the infrastructure; the team's may not
    if (team) {
      throw new TeamConfigError(`${what}: the team's haproxy.cfg does not send clients to the leader`);
    }
    throw new InfrastructureError('PGDRILL_HAPROXY_NOT_ROUTING', what);
  }
  return haproxy;
}

/** Reads the team's haproxy.cfg, applies its declared substitutions, and finds the clients' port. */
export async function readTeamHaproxy(config: HaproxyConfig): Promise<TeamHaproxy> {
  const { text } = prepareTeamFile(await readFile(config.file, 'utf8'), config.substitutions);
  const ports = clientBindPorts(text);
  // the scenario loader already insists on topology.haproxy.port unless exactly one port is found
  const port = config.port ?? (ports.length === 1 ? ports[0] : undefined);
  if (port === undefined)
    throw new TeamConfigError(
      `${path.basename(config.file)} takes clients on ${ports.length === 0 ? 'no TCP port' : `ports ${ports.join(', ')}`}: name the one for PostgreSQL in topology.haproxy.port`,
    );
  return { name: path.basename(config.file), text, port };
}

/** A team's haproxy.cfg, substitutions applied, and the port clients use. */
export interface TeamHaproxy {
  /** the file's name, for messages (never the runner's absolute path) */
  name: string;
  text: string;
  port: number;
}

/** Where the team's file is put: HAProxy's errors quote this path with the team's line numbers. */
export const TEAM_HAPROXY_CFG = '/etc/haproxy/haproxy.cfg';
const TEAM_HAPROXY_SCRIPT = '/etc/pgdrill/run-team-haproxy.sh';

/**
 * HAProxy with the team's file, as written: `haproxy -c` first, whose complaint (file and line)
 * is the finding when it refuses; then in the foreground (-db: a `daemon` line would detach it
 * from the container) with the partition chain every pgdrill container has.
 */
function teamHaproxyScript(): string {
  return `set -u
mkdir -p /run/haproxy /var/lib/haproxy
if ! out=$(haproxy -c -f ${TEAM_HAPROXY_CFG} 2>&1); then
  echo "pgdrill-node[haproxy]: refused by $(haproxy -v | head -n 1 | cut -d' ' -f1,3)"
  printf '%s\n' "$out" | grep -v NOTICE
  sleep 1
  exit 78
fi
${PARTITION_CHAIN}
echo "pgdrill-node[haproxy]: ready (haproxy, the team's haproxy.cfg)"
exec haproxy -W -db -f ${TEAM_HAPROXY_CFG}
`;
}

/** A fresh connection to `target` lands on a server out of recovery. */
async function answersAsPrimary(target: NodeAddress, password: string): Promise<boolean> {
  const client = new pg.Client(
    superuserConnection(target, password, { purpose: 'haproxy-check', connectTimeoutMs: 1_000 }),
  );
  client.on('error', () => {});
  return client
    .connect()
    .then(() => client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r'))
    .then(
      (res) => res.rows[0]?.r === false,
      () => false,
    )
    .finally(() => client.end().catch(() => {}));
}

/**
 * Clients connect to HAProxy's port 5000, which routes to whichever node answers 200 on
 * Patroni's GET /primary: nothing to repoint after a failover, HAProxy follows the leader.
 */
export class HaproxyEndpoint implements ClientEndpoint {
  readonly kind = 'haproxy' as const;

  constructor(
    private readonly haproxy: SidecarContainer,
    readonly port = HAPROXY_PRIMARY_PORT,
  ) {}

  target(): EndpointTarget {
    return { node: 'haproxy', ...this.haproxy.hostAddress(this.port) };
  }

  async repoint(): Promise<null> {
    // HAProxy's health checks move the traffic; an operator has nothing to do here.
    return null;
  }
}
