/**
 * A three-node cluster's start (primary ready, both replicas streaming) by pgdrill, against a
 * plain testcontainers script with the same image doing the least a person would: initdb and
 * start the primary, then two replicas each taking a pg_basebackup and starting. Rounds
 * alternate. Target: <= 3 s for pgdrill on this project's 2-core machine. Not a test.
 */
import { execa } from 'execa';
import { GenericContainer, Network, Wait } from 'testcontainers';
import { PgCluster } from '../src/topology/cluster.ts';
import { generateSecrets } from '../src/topology/secrets.ts';
import { nodeImageName } from '../src/setup/node-image.ts';
import type { TopologySpec } from '../src/model/model.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const image = await nodeImageName(15);

async function pgdrillStart(round: number): Promise<number> {
  const started = performance.now();
  const cluster = await new PgCluster({
    runId: `bench-start-${process.pid}-${round}`,
    scenario: 'bench',
    image,
    topology: { postgres: { version: 15, replicas: 2, replication: 'async', settings: {} } } as unknown as TopologySpec,
    secrets: generateSecrets(),
  }).start();
  try {
    for (;;) {
      const [row] = await cluster
        .primary()
        .query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_replication WHERE state = 'streaming'");
      if (row?.n === 2) return (performance.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await cluster.dispose();
  }
}

const PRIMARY = `
initdb -D /tmp/pg -U postgres --auth=trust >/dev/null
echo "listen_addresses='*'" >> /tmp/pg/postgresql.conf
echo "wal_keep_size='64MB'" >> /tmp/pg/postgresql.conf
echo "host replication all all trust" >> /tmp/pg/pg_hba.conf
pg_ctl -D /tmp/pg -w start >/dev/null && echo up && sleep infinity`;
const REPLICA = `
pg_basebackup -h primary -U postgres -D /tmp/pg -R -X stream -C -S "r$RANDOM" --checkpoint=fast
pg_ctl -D /tmp/pg -l /tmp/pg.log -w start >/dev/null || { cat /tmp/pg.log; exit 1; }
echo up && sleep infinity`;

async function plainStart(): Promise<number> {
  const started = performance.now();
  const network = await new Network().start();
  const output: string[] = [];
  const node = async (script: string, alias?: string) => {
    const c = new GenericContainer(image)
      .withUser('postgres')
      .withEntrypoint(['bash', '-c', script])
      .withNetwork(network)
      .withLabels({ 'pgdrill.bench': network.getId() })
      .withLogConsumer((stream) => stream.on('data', (chunk) => output.push(String(chunk))))
      .withWaitStrategy(Wait.forLogMessage(/^up$/m));
    return (alias ? c.withNetworkAliases(alias) : c).start();
  };
  try {
    await node(PRIMARY, 'primary');
    await Promise.all([node(REPLICA), node(REPLICA)]);
    return (performance.now() - started) / 1000;
  } catch (error) {
    throw new Error(`the plain script's cluster did not start:\n${output.join('')}`, { cause: error });
  } finally {
    // a container whose start failed is in no list of ours: find it by its label
    const { stdout } = await execa('docker', ['ps', '-aq', '--filter', `label=pgdrill.bench=${network.getId()}`]);
    if (stdout.trim()) await execa('docker', ['rm', '-f', ...stdout.trim().split('\n')]);
    await network.stop();
  }
}

const ours: number[] = [];
const plain: number[] = [];
for (let i = 1; i <= rounds; i++) {
  plain.push(await plainStart());
  ours.push(await pgdrillStart(i));
  console.log(
    `round ${i}/${rounds}: plain testcontainers ${plain.at(-1)!.toFixed(2)} s, pgdrill ${ours.at(-1)!.toFixed(2)} s`,
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `\ncluster of 3 up: pgdrill ${median(ours).toFixed(2)} s, plain testcontainers ${median(plain).toFixed(2)} s, ratio ${(median(ours) / median(plain)).toFixed(2)}x (target <= 3 s)`,
);
