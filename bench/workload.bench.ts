/**
 * The workload's pace against pgbench's, measured in the same run on the same cluster: 4
 * clients, one-row insert per transaction (the workload's own statement, RETURNING the server's
 * address, in the simple protocol both use), as fast as possible for 10 s, over the same route (the host's mapped client port).
 * Then the workload at `rate: 200` on the healthy cluster: the rate it reached. Rounds
 * alternate, so a busy machine slows both alike. Targets: >= 0.9x pgbench; >= 0.95x the rate.
 * Reported, never asserted: not a test.
 */
import { execa } from 'execa';
import { PgCluster } from '../src/topology/cluster.ts';
import { generateSecrets } from '../src/topology/secrets.ts';
import { nodeImageName } from '../src/setup/node-image.ts';
import { Workload, WORKLOAD_DDL } from '../src/workload/workload.ts';
import { WORKLOAD_DATABASE, WORKLOAD_TABLE } from '../src/topology/workload-database.ts';
import { DirectEndpoint } from '../src/topology/endpoint.ts';
import { sleep } from '../src/poll.ts';
import type { TopologySpec } from '../src/model/model.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = 4;
const RATE = 200;

const image = await nodeImageName(15);
const secrets = generateSecrets();
const topology = {
  postgres: { version: 15, replicas: 2, replication: 'async', settings: { wal_keep_size: '128MB' } },
} as unknown as TopologySpec;
const cluster = await new PgCluster({
  runId: `bench-wl-${process.pid}`,
  scenario: 'bench',
  image,
  topology,
  secrets,
}).start();

async function workload(rate?: number): Promise<number> {
  // each workload numbers its keys from 1
  await cluster.primary().query(`TRUNCATE ${WORKLOAD_TABLE}`, [], WORKLOAD_DATABASE);
  const run = new Workload({
    spec: { clients: CLIENTS, ...(rate ? { rate } : {}) } as never,
    endpoint: new DirectEndpoint(cluster.primary()),
    credentials: { user: 'app', password: secrets.app, database: WORKLOAD_DATABASE },
    nodeAt: (ip) => cluster.nodeAt(ip),
  });
  run.start();
  await sleep(1_000); // connections open and warm, as pgbench's tps excludes its connection time
  const from = performance.now();
  await sleep(SECONDS * 1_000);
  const to = performance.now();
  const history = await run.stop();
  const ok = history.ops.filter((op) => op.outcome === 'ok' && op.completedAt >= from && op.completedAt < to);
  return ok.length / ((to - from) / 1000);
}

/** pgbench from a container on the host's network, to the same mapped port, the same statement and protocol (simple, pgbench's default). */
async function pgbench(): Promise<number> {
  const { host, port } = cluster.primary().clientAddress;
  const script = `\\set key random(1000000000000, 9000000000000000)\nINSERT INTO ${WORKLOAD_TABLE} (key, client) VALUES (:key, :client_id) RETURNING host(inet_server_addr()) AS server;\n`;
  const run = await execa(
    'docker',
    [
      'run',
      '--rm',
      '-i',
      '--network',
      'host',
      '-e',
      'PGPASSWORD',
      '--entrypoint',
      'bash',
      image,
      '-c',
      `cat > /tmp/insert.sql && pgbench -n -M simple -c ${CLIENTS} -j 2 -T ${SECONDS} -f /tmp/insert.sql -h ${host} -p ${port} -U app ${WORKLOAD_DATABASE}`,
    ],
    { input: script, env: { PGPASSWORD: secrets.app } },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout)?.[1];
  if (!tps) throw new Error(`pgbench printed no tps:\n${run.stdout}\n${run.stderr}`);
  return Number(tps);
}

try {
  await cluster.primary().query(WORKLOAD_DDL, [], WORKLOAD_DATABASE);
  await cluster.primary().query(`ALTER TABLE ${WORKLOAD_TABLE} OWNER TO app`, [], WORKLOAD_DATABASE);
  const ours: number[] = [];
  const theirs: number[] = [];
  const rated: number[] = [];
  for (let i = 1; i <= rounds; i++) {
    const p = await pgbench();
    const w = await workload();
    const r = await workload(RATE);
    console.log(
      `round ${i}/${rounds}: pgbench ${p.toFixed(0)} tps, workload ${w.toFixed(0)} tx/s, at rate ${RATE}: ${r.toFixed(1)} tx/s`,
    );
    theirs.push(p);
    ours.push(w);
    rated.push(r);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `\nworkload vs pgbench: ${median(ours).toFixed(0)} vs ${median(theirs).toFixed(0)} tx/s, ratio ${(median(ours) / median(theirs)).toFixed(2)}x (target >= 0.9x)`,
  );
  console.log(
    `workload at rate ${RATE}: ${median(rated).toFixed(1)} tx/s, ratio ${(median(rated) / RATE).toFixed(2)}x (target >= 0.95x)`,
  );
} finally {
  await cluster.dispose();
}
