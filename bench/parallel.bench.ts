/**
 * Drills per minute with `pgdrill run -j 1` against `-j N` (default: what this machine holds),
 * over the smoke library (`--tag smoke`), in the same run. Also checks that both runs reach the
 * same verdicts: a faster run that decides differently is no speed-up. Not a test.
 */
import path from 'node:path';
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { machineJobs, thisMachine } from '../src/cli/jobs.ts';
import type { RunIndex } from '../src/report/run-index.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const jobs = Number(process.env.BENCH_JOBS ?? machineJobs(thisMachine()));

async function run(j: number): Promise<{ perMinute: number; verdicts: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), `pgdrill-bench-j${j}-`));
  const started = performance.now();
  const done = await execa(
    process.execPath,
    [path.join(root, 'bin/pgdrill.mjs'), 'run', 'scenarios', '--tag', 'smoke', '-j', String(j), '--report-dir', dir],
    { cwd: root, reject: false, all: true },
  );
  const minutes = (performance.now() - started) / 60_000;
  if (done.exitCode !== 0 && done.exitCode !== 1)
    throw new Error(`pgdrill run -j ${j} exited ${done.exitCode}:\n${done.all}`);
  const index = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as RunIndex;
  const verdicts = index.scenarios.map((s) => `${s.scenario}=${s.status}`).join(' ');
  console.log(`  -j ${j}: ${index.scenarios.length} drills in ${(minutes * 60).toFixed(1)} s (${verdicts})`);
  return { perMinute: index.scenarios.length / minutes, verdicts };
}

const one = await run(1);
const many = await run(jobs);
console.log(
  `\ndrills per minute: -j 1 ${one.perMinute.toFixed(2)}, -j ${jobs} ${many.perMinute.toFixed(2)}, ratio ${(many.perMinute / one.perMinute).toFixed(2)}x; same verdicts: ${one.verdicts === many.verdicts ? 'yes' : `NO\n  -j 1: ${one.verdicts}\n  -j ${jobs}: ${many.verdicts}`}`,
);
