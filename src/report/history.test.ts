import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import type { ScenarioResult, ScenarioStatus } from '../result/result.ts';
import { escapeHtml } from './html.ts';
import { VERDICT_COLOR } from './index-html.ts';
import {
  buildHistory,
  loadRuns,
  niceScale,
  renderHistoryHtml,
  renderRtoChart,
  rtoTrend,
  type LoadedRun,
} from './history.ts';
import { buildRunIndex } from './run-index.ts';
import { makeMetrics, makeResult, makeSummary } from './test-result.ts';

const NO_RTO = {
  seconds: null,
  detectionSeconds: null,
  promotionSeconds: null,
  faultToWritableSeconds: null,
  phases: [],
  longestPhase: null,
  downAtLeastSeconds: null,
  faultAtMs: null,
  firstAckAtMs: null,
  reason: 'no write was acknowledged after the fault',
};

/** A kill-primary result with this RTO (null: unmeasured) and verdict. */
function result(rto: number | null, status: ScenarioStatus = 'passed', scenario = 'kill-primary'): ScenarioResult {
  const metrics = makeMetrics({ rto: rto === null ? NO_RTO : { ...makeMetrics().rto, seconds: rto } });
  return makeResult({ scenario, status, metrics });
}

/** A run in /runs/<runId> started at `startedAt` with these results. */
function run(runId: string, startedAt: string, results: ScenarioResult[]): LoadedRun {
  const dir = `/runs/${runId}`;
  const exitCode = results.some((r) => r.status === 'error') ? 3 : results.some((r) => r.status === 'failed') ? 1 : 0;
  const summary = makeSummary({
    runId,
    startedAt,
    reportDir: dir,
    exitCode,
    scenarios: results.map((r) => ({
      scenario: r.scenario,
      status: r.status,
      dir: r.scenario,
      failedExpectations: r.status === 'failed' ? ['rto.maxSeconds'] : [],
    })),
  });
  return { dir, index: buildRunIndex(summary, results), indexPage: 'index.html' };
}

// given out of order on purpose
const runs = [
  run('r3', '2026-11-20T09:00:00.000Z', [result(3.05), result(null, 'passed', 'pitr')]),
  run('r1', '2026-11-18T09:00:00.000Z', [result(2.41)]),
  run('r4', '2026-11-21T09:00:00.000Z', [result(16.8, 'failed'), result(null, 'error', 'pitr')]),
  run('r2', '2026-11-19T09:00:00.000Z', [result(null, 'failed'), result(null, 'passed', 'pitr')]),
];

describe('buildHistory', () => {
  it('orders runs by start time and gives each scenario one cell per run', () => {
    const h = buildHistory(runs, '/out');
    expect(h.runs.map((r) => r.runId)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(h.runs.map((r) => r.status)).toEqual(['passed', 'failed', 'passed', 'error']); // r4: exit 3
    expect(h.scenarios.map((s) => s.scenario)).toEqual(['kill-primary', 'pitr']);
    expect(h.scenarios[1]?.cells.map((c) => c?.status ?? null)).toEqual([null, 'passed', 'passed', 'error']);
  });

  it('gives the RTO trend in run order, null where unmeasured or not run (never 0)', () => {
    const [kill, pitr] = buildHistory(runs, '/out').scenarios;
    expect(rtoTrend(kill!)).toEqual([2.41, null, 3.05, 16.8]);
    expect(rtoTrend(pitr!)).toEqual([null, null, null, null]);
    expect(kill!.cells[1]).toMatchObject({
      rtoSeconds: null,
      rtoReason: 'no write was acknowledged after the fault',
      status: 'failed',
    });
  });

  it('links each run and scenario report relative to the page', () => {
    const h = buildHistory(runs, '/out');
    expect(h.runs[0]?.href).toBe('../runs/r1/index.html');
    expect(h.scenarios[0]?.cells[0]?.href).toBe('../runs/r1/kill-primary/report.html');
    expect(buildHistory(runs, '/runs').runs[0]?.href).toBe('r1/index.html');
  });
});

describe('renderRtoChart', () => {
  const h = buildHistory(runs, '/out');
  const chart = renderRtoChart(h.scenarios[0]!, h.runs);

  it('draws the scenario’s RTO target as a dashed line the points are read against', () => {
    expect(chart).toMatch(/<line [^>]*class="target" stroke-dasharray="6 4"\/>/);
    expect(chart).toContain('target ≤ 15 s');
  });

  it('draws a point per measured run, coloured by verdict, and a gap (no point) for the unmeasured one', () => {
    const points = [...chart.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="5" fill="(#[0-9a-f]{6})"/g)];
    expect(points.map((p) => p[3])).toEqual([VERDICT_COLOR.passed, VERDICT_COLOR.passed, VERDICT_COLOR.failed]);
    expect(points).toHaveLength(3); // r2 measured nothing: no point, neither at 0 nor elsewhere
    const xs = points.map((p) => Number(p[1]));
    expect(xs).toEqual([...xs].sort((a, b) => a - b)); // left to right in run order
    const ys = points.map((p) => Number(p[2]));
    expect(ys[2]).toBeLessThan(ys[1]!); // 16.8 s is higher than 3.05 s
    expect(ys[0]).toBeLessThan(ys[1]! + 10); // 2.41 s and 3.05 s close together
    expect(chart).toContain(
      '<g class="gap"><title>r2: FAILED, RTO n/a (no write was acknowledged after the fault)</title>',
    );
  });

  it('breaks the line at the gap instead of joining across it', () => {
    const lines = [...chart.matchAll(/<polyline class="trend" points="([^"]+)"/g)].map((m) => m[1]!.split(' ').length);
    expect(lines).toEqual([2]); // r3–r4 joined; r1 alone before the gap
  });

  it('shows the verdict of every run the scenario ran in, measured or not', () => {
    const lane = [...chart.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(lane).toEqual([VERDICT_COLOR.passed, VERDICT_COLOR.failed, VERDICT_COLOR.passed, VERDICT_COLOR.failed]);
  });

  it('says so when no run measured RTO, with no scale that could be read as 0', () => {
    const pitr = renderRtoChart(h.scenarios[1]!, h.runs);
    expect(pitr).toContain('RTO not measured in any run (no write was acknowledged after the fault)');
    expect(pitr).not.toContain('<circle');
    expect(pitr).not.toContain('0 s</text>');
    expect([...pitr.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1])).toEqual([
      VERDICT_COLOR.passed,
      VERDICT_COLOR.passed,
      VERDICT_COLOR.error,
    ]);
  });

  it('chooses a round scale above the largest value', () => {
    expect(niceScale(16.8)).toEqual({ top: 20, step: 5 });
    expect(niceScale(1.214)).toEqual({ top: 1.5, step: 0.5 });
    expect(niceScale(0)).toEqual({ top: 1, step: 0.25 });
  });
});

describe('renderHistoryHtml', () => {
  it('is one self-contained page with a chart per scenario and the run × scenario table', () => {
    const html = renderHistoryHtml(buildHistory(runs, '/out'), { generatedAt: '2026-11-22T00:00:00.000Z' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
    expect(html.match(/<svg class="chart"/g)).toHaveLength(2);
    expect(html).toContain('<th class="scn">kill-primary</th><th class="scn">pitr</th>');
    expect(html).toContain('<span class="k">RTO</span> 16.8\u00a0s');
    expect(html).toContain(
      '<span class="k">RTO</span> <span class="na" title="no write was acknowledged after the fault">n/a</span>',
    );
    expect(html).toContain('<span class="none" title="did not run">—</span>'); // pitr in r1
    expect(html).toContain('<a href="../runs/r1/index.html" class="mono">r1</a>');
    expect(html).toContain('2026-11-22 00:00:00 UTC');
  });

  it('escapes everything that comes from data', () => {
    const evil = '<script>alert("x")</script> & \'q\'';
    const bad = run(evil, '2026-11-18T09:00:00.000Z', [result(1, 'passed', evil)]);
    const html = renderHistoryHtml(buildHistory([bad], '/out'));
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml(evil));
  });
});

describe('loadRuns', () => {
  let tmp: string;
  const warnings: string[] = [];
  const warn = (line: string) => warnings.push(line);
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'pgdrill-history-'));
    warnings.length = 0;
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  /** Writes a run folder as the writer would (index.json with or without figures, result.json per scenario). */
  async function writeRun(
    name: string,
    startedAt: string,
    results: ScenarioResult[],
    opts: { index?: 'new' | 'old' | 'none' | 'broken' } = {},
  ): Promise<string> {
    const dir = path.join(tmp, 'reports', name);
    for (const r of results) {
      await mkdir(path.join(dir, r.scenario), { recursive: true });
      await writeFile(path.join(dir, r.scenario, 'result.json'), JSON.stringify(r));
    }
    const summary = makeSummary({
      runId: name,
      startedAt,
      reportDir: dir,
      exitCode: 0,
      scenarios: results.map((r) => ({
        scenario: r.scenario,
        status: r.status,
        dir: r.scenario,
        failedExpectations: [],
      })),
    });
    const index = buildRunIndex(summary);
    const kind = opts.index ?? 'new';
    if (kind === 'new') await writeFile(path.join(dir, 'index.json'), JSON.stringify(index));
    if (kind === 'old') {
      const { scenarios, ...rest } = index;
      await writeFile(
        path.join(dir, 'index.json'),
        JSON.stringify({ ...rest, scenarios: scenarios.map(({ figures: _f, reportHtml: _r, ...s }) => s) }),
      );
    }
    if (kind === 'broken') await writeFile(path.join(dir, 'index.json'), '{"runId": 1');
    return dir;
  }

  it('reads a folder of runs, new and old indexes alike, and skips a run without index.json with a warning', async () => {
    await writeRun('b', '2026-11-19T09:00:00.000Z', [result(1.5)]);
    await writeRun('a', '2026-11-18T09:00:00.000Z', [result(2.5)], { index: 'old' }); // figures come from result.json
    await writeRun('c', '2026-11-20T09:00:00.000Z', [result(3.5)], { index: 'none' });
    await mkdir(path.join(tmp, 'reports', 'unrelated'));
    const loaded = await loadRuns([path.join(tmp, 'reports')], warn);
    const h = buildHistory(loaded, tmp);
    expect(h.runs.map((r) => r.runId)).toEqual(['a', 'b']);
    expect(rtoTrend(h.scenarios[0]!)).toEqual([2.5, 1.5]);
    expect(h.runs[0]?.href).toBe('reports/a/index.md'); // no index.html in these folders
    expect(warnings).toEqual([
      `warning: skipping ${path.join(tmp, 'reports', 'c')}: a run folder without index.json (interrupted run?)`,
    ]);
  });

  it('reads run directories given one by one, each once, and warns about an unreadable index.json', async () => {
    const a = await writeRun('a', '2026-11-18T09:00:00.000Z', [result(2.5)]);
    const b = await writeRun('b', '2026-11-19T09:00:00.000Z', [result(1.5)], { index: 'broken' });
    await writeFile(path.join(a, 'index.html'), '<!doctype html>');
    const loaded = await loadRuns([a, a, path.dirname(a)], warn);
    expect(loaded.map((r) => r.index.runId)).toEqual(['a']);
    expect(loaded[0]?.indexPage).toBe('index.html');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`skipping ${b}:`);
  });

  it('refuses a missing directory, a file and a folder without runs, naming each (exit 2)', async () => {
    const missing = path.join(tmp, 'nope');
    await expect(loadRuns([missing], warn)).rejects.toThrow(`${missing}: no such directory`);
    await writeFile(path.join(tmp, 'file.txt'), 'x');
    await expect(loadRuns([path.join(tmp, 'file.txt')], warn)).rejects.toThrow(
      `${path.join(tmp, 'file.txt')} is not a directory`,
    );
    await mkdir(path.join(tmp, 'empty'));
    const error = await loadRuns([path.join(tmp, 'empty')], warn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).toContain(path.join(tmp, 'empty'));
    await expect(loadRuns([], warn)).rejects.toBeInstanceOf(UsageError);
  });
});
