/**
 * Start-up time of the quick commands, `pgdrill --version` and `pgdrill validate FILE`, against
 * two references measured in the same run on the same machine: `node -e 0` (Node itself) and
 * `node --import tsx/esm -e 0` (Node with the TypeScript loader pgdrill runs through, the floor
 * for any command). Rounds are interleaved so that a busy machine slows every command alike.
 * Target: well under a second for both commands. Reported, never asserted: not a test.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const bin = path.join(root, 'bin/pgdrill.mjs');

const commands: { label: string; args: string[] }[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'node + tsx', args: ['--import', 'tsx/esm', '-e', '0'] },
  { label: 'pgdrill --version', args: [bin, '--version'] },
  { label: 'pgdrill validate kill-primary', args: [bin, 'validate', 'scenarios/failover/kill-primary.yaml'] },
];

function seconds(args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const elapsed = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${run.status}):\n${run.stderr}`);
  return elapsed;
}

const times = new Map(commands.map((c) => [c.label, [] as number[]]));
seconds(commands[2]!.args); // warm-up: fills tsx's transpile cache and the OS file cache
for (let i = 0; i < rounds; i++) for (const c of commands) times.get(c.label)!.push(seconds(c.args));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const node = median(times.get('node -e 0')!);
const tsx = median(times.get('node + tsx')!);
console.log(`CLI start-up, median of ${rounds} interleaved rounds:`);
for (const c of commands) {
  const m = median(times.get(c.label)!);
  const min = Math.min(...times.get(c.label)!);
  console.log(
    `  ${c.label.padEnd(30)} ${m.toFixed(2)} s (min ${min.toFixed(2)} s)  ${(m / node).toFixed(1)}x node  ${(m / tsx).toFixed(1)}x node+tsx`,
  );
}
console.log('target: pgdrill --version and validate well under 1 s');
