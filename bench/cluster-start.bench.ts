/**
 * A three-node cluster's start (primary ready, both replicas streaming) by pgdrill, against a
 * plain testcontainers script with the same image doing the least a person would: initdb and
 * start the primary, then two replicas each taking a pg_basebackup and starting. Rounds
 * alternate. Target: <= 3 s for pgdrill on this project's 2-core machine. Not a test.
 */
import { GenericContainer, Network, Wait } from 'testcontainers';
import { PgCluster } from '../src/topology/cluster.ts';
import { generateSecrets } from '../src/topology/secrets.ts';
import { nodeImageName } from '../src/setup/node-image.ts';
import type { TopologySpec } from '../src/model/model.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const image = await nodeImageName();

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
echo "host replication all all trust" >> /tmp/pg/pg_hba.conf
pg_ctl -D /tmp/pg -w start >/dev/null && echo up && sleep infinity`;
const REPLICA = `
pg_basebackup -h primary -U postgres -D /tmp/pg -R -X stream --checkpoint=fast >/dev/null
pg_ctl -D /tmp/pg -w start >/dev/null && echo up && sleep infinity`;

async function plainStart(): Promise<number> {
  const started = performance.now();
  const network = await new Network().start();
  const node = (script: string, alias?: string) => {
    const c = new GenericContainer(image)
      .withUser('postgres')
      .withEntrypoint(['bash', '-c', script])
      .withNetwork(network)
      .withWaitStrategy(Wait.forLogMessage(/^up$/m));
    return alias ? c.withNetworkAliases(alias) : c;
  };
  const primary = await node(PRIMARY, 'primary').start();
  const replicas = await Promise.all([node(REPLICA).start(), node(REPLICA).start()]);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all([primary, ...replicas].map((c) => c.stop({ timeout: 0 })));
  await network.stop();
  return seconds;
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
