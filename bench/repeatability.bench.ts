/**
 * Repeatability: runs the smoke library (`pgdrill run scenarios --tag smoke`) BENCH_ROUNDS times
 * (default 20) and reports, per scenario, how many rounds agree with the most common verdict —
 * the status, the verdict and every expectation's verdict. A drill that is not 20/20 on a quiet
 * machine is flaky, and a flaky drill cannot gate a release. Not a test: it prints the figures
 * and exits 1 when any scenario disagreed with itself.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const root = fileURLToPath(new URL('../', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const library = process.env.BENCH_TAG ?? 'smoke';

interface ResultFile {
  scenario: string;
  status: string;
  verdict: string;
  expectations: { name: string; verdict: string }[];
}

/** One round: every scenario of the library, its verdict in one comparable line. */
async function round(i: number): Promise<Map<string, string>> {
  const reportDir = await mkdtemp(path.join(tmpdir(), 'pgdrill-repeat-'));
  try {
    const start = performance.now();
    const run = await execa(
      process.execPath,
      [path.join(root, 'bin/pgdrill.mjs'), 'run', 'scenarios', '--tag', library, '--report-dir', reportDir],
      { cwd: root, reject: false, all: true, timeout: 1_800_000 },
    );
    const seconds = ((performance.now() - start) / 1000).toFixed(0);
    if (run.exitCode === 2 || run.exitCode === 3 || run.timedOut)
      throw new Error(`round ${i}: pgdrill itself failed (exit ${run.exitCode}):\n${run.all}`);
    const index = JSON.parse(await readFile(path.join(reportDir, 'index.json'), 'utf8')) as {
      scenarios: { scenario: string; status: string }[];
    };
    const verdicts = new Map<string, string>();
    for (const { scenario, status } of index.scenarios) {
      const file = path.join(reportDir, scenario, 'result.json');
      const r = JSON.parse(await readFile(file, 'utf8').catch(() => 'null')) as ResultFile | null;
      const parts = r?.expectations.map((e) => `${e.name}=${e.verdict}`) ?? [];
      verdicts.set(scenario, `${status}/${r?.verdict ?? 'no result'} ${parts.join(' ')}`);
    }
    console.log(`round ${i}/${rounds}: exit ${run.exitCode}, ${verdicts.size} scenario(s), ${seconds} s`);
    return verdicts;
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

const seen = new Map<string, Map<string, number>>();
for (let i = 1; i <= rounds; i++) {
  for (const [scenario, verdict] of await round(i)) {
    const counts = seen.get(scenario) ?? new Map<string, number>();
    counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
    seen.set(scenario, counts);
  }
}
let flaky = 0;
console.log(`\nverdict agreement over ${rounds} round(s) of the ${library} library:`);
for (const [scenario, counts] of [...seen].sort(([a], [b]) => a.localeCompare(b))) {
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [top, agreeing] = ranked[0] ?? ['', 0];
  if (ranked.length > 1 || agreeing !== rounds) flaky++;
  console.log(`  ${scenario.padEnd(28)} ${agreeing}/${rounds}  ${top}`);
  for (const [other, n] of ranked.slice(1)) console.log(`  ${''.padEnd(28)} ${n}/${rounds}  ${other}`);
}
console.log(flaky === 0 ? '\nevery verdict repeated' : `\n${flaky} scenario(s) disagreed with themselves`);
process.exitCode = flaky === 0 ? 0 : 1;
