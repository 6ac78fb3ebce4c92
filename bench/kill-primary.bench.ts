/**
 * Wall time of `pgdrill run scenarios/failover/kill-primary.yaml` against the same drill
 * scripted by hand (bench/kill-primary-by-hand.sh), measured in the same run on the same
 * machine. Reported as a ratio; targets: <= 3x now, 1.2x in the long run. Not a test.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { nodeImageName } from '../src/setup/node-image.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

async function time(label: string, command: string, args: string[]): Promise<number> {
  const start = performance.now();
  // a hung round is an error, not a bench that never ends (SIGTERM: the by-hand script cleans up)
  const run = await execa(command, args, { cwd: root, reject: false, all: true, timeout: 600_000 });
  const seconds = (performance.now() - start) / 1000;
  if (run.exitCode !== 0 || run.timedOut)
    throw new Error(`${label} failed (${run.timedOut ? 'timed out' : `exit ${run.exitCode}`}):\n${run.all}`);
  console.log(`  ${label.padEnd(10)} ${seconds.toFixed(2)} s`);
  return seconds;
}

const image = await nodeImageName(15);
const byHand: number[] = [];
const pgdrill: number[] = [];
for (let i = 1; i <= rounds; i++) {
  console.log(`round ${i}/${rounds}`);
  byHand.push(await time('by hand', 'bash', [path.join(root, 'bench/kill-primary-by-hand.sh'), image]));
  pgdrill.push(
    await time('pgdrill', process.execPath, [
      path.join(root, 'bin/pgdrill.mjs'),
      'run',
      'scenarios/failover/kill-primary.yaml',
      '--report-dir',
      path.join(root, 'reports', 'bench'),
    ]),
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratio = median(pgdrill) / median(byHand);
console.log(
  `\nkill-primary: pgdrill ${median(pgdrill).toFixed(2)} s, by hand ${median(byHand).toFixed(2)} s, ratio ${ratio.toFixed(2)}x (target <= 3x, goal 1.2x)`,
);
