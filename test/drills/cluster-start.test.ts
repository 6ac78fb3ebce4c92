/**
 * What a started cluster promises the steps after it, checked the moment start() returns: every
 * node answers with this run's passwords (the replicas started on the image's data directory,
 * which has none, and got them by replaying the primary's WAL), they are replicas of that
 * primary (one system identifier) streaming from it, and a replica of a cascading standby, which
 * takes a pg_basebackup instead, streams too. Several rounds: the replicas' readiness races the
 * primary's WAL, and one round may win by luck.
 */
import { describe, expect, it } from 'vitest';
import { PgCluster } from '../../src/topology/cluster.ts';
import { generateSecrets } from '../../src/topology/secrets.ts';
import { nodeImageName } from '../../src/setup/node-image.ts';
import type { TopologySpec } from '../../src/model/model.ts';
import type { PgNode } from '../../src/topology/pg-node.ts';

// Ryuk (testcontainers' reaper) needs a registry: the cluster removes its own containers
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
const ROUNDS = 3;

async function startCluster(round: number, postgres: Record<string, unknown>) {
  return new PgCluster({
    runId: `test-start-${process.pid}-${round}`,
    scenario: 'cluster-start',
    image: await nodeImageName(15),
    topology: { postgres: { version: 15, replication: 'async', settings: {}, ...postgres } } as unknown as TopologySpec,
    secrets: generateSecrets(),
  }).start();
}

const systemId = async (node: PgNode) =>
  (await node.queryOne<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')).id;

describe('a started cluster', () => {
  it(`answers on every node with this run's passwords at once, replicas of one primary (${ROUNDS} rounds)`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      await using cluster = await startCluster(round, { replicas: 2 });
      const [primary, ...replicas] = cluster.nodes;
      // no retry: start() has returned, so every node must let the superuser in now
      const ids = await Promise.all(cluster.nodes.map(systemId));
      expect(new Set(ids).size, `round ${round}: one system identifier`).toBe(1);
      for (const replica of replicas) {
        expect((await replica.queryOne<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).r).toBe(true);
        const app = await replica.queryOne<{ set: boolean }>(
          "SELECT rolpassword IS NOT NULL AS set FROM pg_authid WHERE rolname = 'app'",
        );
        expect(app.set, `round ${round}: ${replica.name} has the app role's password`).toBe(true);
      }
      await expect.poll(() => streamingCount(primary!), { timeout: 10_000 }).toBe(2);
    }
  });

  it('streams to a cascading standby, which takes its own base backup of its upstream', async () => {
    await using cluster = await startCluster(0, { replicas: 2, standbys: { 'pg-3': { upstream: 'pg-2' } } });
    const [primary, middle, cascaded] = cluster.nodes;
    expect(await systemId(cascaded!)).toBe(await systemId(primary!));
    await expect.poll(() => streamingCount(middle!), { timeout: 10_000 }).toBe(1);
    const log = await cascaded!.logs();
    expect(log).not.toMatch(/FATAL/);
  });
});

async function streamingCount(node: PgNode): Promise<number> {
  const [row] = await node.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_replication WHERE state = 'streaming'",
  );
  return row?.n ?? 0;
}
