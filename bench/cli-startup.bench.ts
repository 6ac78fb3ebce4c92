/**
 * Start-up time of the quick commands, `pgdrill --version` and `pgdrill validate FILE`, against
 * two references measured in the same run on the same machine: `node -e 0` (Node itself) and
 * `node --import tsx/esm -e 0` (Node with the TypeScript loader, the floor for running from the
 * sources). Each command runs both ways bin/pgdrill.mjs can: the compiled dist/ (built here
 * first) and the sources through tsx (PGDRILL_FROM_SOURCE=1). Rounds are interleaved so that a
 * busy machine slows every command alike.
 * Target: well under a second for both commands. Reported, never asserted: not a test.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const bin = path.join(root, 'bin/pgdrill.mjs');

const SOURCES = { PGDRILL_FROM_SOURCE: '1' };
const validate = [bin, 'validate', 'scenarios/failover/kill-primary.yaml'];
const commands: { label: string; args: string[]; env?: Record<string, string> }[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'node + tsx', args: ['--import', 'tsx/esm', '-e', '0'] },
  { label: 'pgdrill --version', args: [bin, '--version'] },
  { label: 'pgdrill validate kill-primary', args: validate },
  { label: 'pgdrill --version (sources)', args: [bin, '--version'], env: SOURCES },
  { label: 'pgdrill validate (sources)', args: validate, env: SOURCES },
];

// the compiled CLI, as `npm install` and the pre-scripts leave it
const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--strict'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) throw new Error('npm run build failed: the compiled CLI cannot be measured');

function seconds(args: string[], env: Record<string, string> = {}): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  const elapsed = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${run.status}):\n${run.stderr}`);
  return elapsed;
}

const times = new Map(commands.map((c) => [c.label, [] as number[]]));
for (const c of commands) seconds(c.args, c.env); // warm-up: tsx's transpile cache and the OS file cache
for (let i = 0; i < rounds; i++) for (const c of commands) times.get(c.label)!.push(seconds(c.args, c.env));

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
