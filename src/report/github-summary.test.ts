import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendGithubSummary, renderGithubSummary } from './github-summary.ts';
import { makeMetrics, makeResult, makeSummary, makeUnmeasuredResult } from './test-result.ts';
import type { ScenarioResult } from '../result/result.ts';

const CWD = '/tmp/reports';

/** The three scenarios of makeSummary(): one passed, one failed two expectations, one infrastructure error. */
function results(): ScenarioResult[] {
  return [
    makeResult(),
    makeResult({
      scenario: 'lag-replica',
      status: 'failed',
      metrics: makeMetrics({
        rpo: { ...makeMetrics().rpo, lostTransactions: 3, seconds: 0.4, lostKeys: [7, 8, 9], lostKeysTotal: 3 },
        rto: { ...makeMetrics().rto, seconds: 17.25 },
        checksums: { match: false, nodes: ['pg-1', 'pg-2'], tables: 3, differences: [], leftOut: [] },
      }),
      expectations: [
        { name: 'rpo.lostTransactions', expected: '<= 0', actual: 3, passed: false, verdict: 'failed' },
        { name: 'rto.maxSeconds', expected: '<= 15', actual: 17.25, passed: false, verdict: 'failed' },
        { name: 'splitBrain', expected: 'none', actual: 'none', passed: true, verdict: 'held' },
      ],
    }),
    makeResult({
      scenario: 'partition',
      status: 'error',
      metrics: null,
      expectations: [],
      error: { code: 'PGDRILL_NODE_NOT_READY', message: 'pg-2 never became ready', hint: 'run pgdrill doctor' },
    }),
  ];
}

describe('renderGithubSummary', () => {
  it('shows a scenario that could not be measured as NOT MEASURED with why, never as FAILED with a number', () => {
    const summary = makeSummary({
      scenarios: [
        { scenario: 'kill-primary', status: 'passed', dir: 'kill-primary', failedExpectations: [] },
        { scenario: 'stop-replica', status: 'failed', dir: 'stop-replica', failedExpectations: ['rto.maxSeconds'] },
      ],
      exitCode: 1,
    });
    const results = [makeResult(), makeUnmeasuredResult()];
    const md = renderGithubSummary(summary, results, { cwd: CWD });
    expect(md).toContain('1 passed, 0 failed, 1 not measured, 0 error');
    expect(md).toContain('| stop-replica | ❔ NOT MEASURED |');
    expect(md).toContain(
      '- `rto.maxSeconds`: expected `<= 15 s`, `NOT MEASURED (no fault cut the clients off writing)`',
    );
    expect(md).not.toContain('FAILED');
  });

  it('tabulates each scenario with its verdict icon, RPO lost, RTO, checksums and failed expectations', () => {
    const md = renderGithubSummary(makeSummary(), results(), { cwd: CWD });
    expect(md).toContain('pgdrill run `r-20250102-030405`');
    expect(md).toContain(
      '3 scenario(s): 1 passed, 1 failed, 1 error in 40.0s — exit code 3 (the infrastructure failed)',
    );
    expect(md).toContain(
      '| Scenario | Verdict | RPO lost | RTO | Checksums | Failed expectations |\n|---|---|---|---|---|---|\n',
    );
    expect(md).toContain('| kill-primary | ✅ PASSED | 0 | 4.2 s | match | — |');
    expect(md).toContain('| lag-replica | ❌ FAILED | 3 | 17.25 s | MISMATCH | rpo.lostTransactions, rto.maxSeconds |');
    expect(md).toContain('| partition | ⚠️ ERROR | n/a | n/a | n/a | error PGDRILL_NODE_NOT_READY |');
  });

  it('says n/a for unmeasured metrics, never 0', () => {
    const unmeasured = makeMetrics({
      rpo: { ...makeMetrics().rpo, lostTransactions: null, seconds: null, reason: 'no surviving primary' },
      rto: { ...makeMetrics().rto, seconds: null, reason: 'never recovered' },
      checksums: { match: null, nodes: [], tables: 0, differences: [], leftOut: [], reason: 'no node could be read' },
    });
    const summary = makeSummary({
      scenarios: [{ scenario: 'kill-primary', status: 'passed', dir: 'kill-primary', failedExpectations: [] }],
      exitCode: 0,
    });
    const md = renderGithubSummary(summary, [makeResult({ metrics: unmeasured })], { cwd: CWD });
    expect(md).toContain('| kill-primary | ✅ PASSED | n/a | n/a | n/a | — |');
    expect(md).not.toContain('<details>');
  });

  it('details each failed scenario: the failing expectations with target and actual, the error, the report path', () => {
    const md = renderGithubSummary(makeSummary(), results(), { cwd: CWD });
    const blocks = md.split('<details>').slice(1);
    expect(blocks).toHaveLength(2);
    const [failed, error] = blocks as [string, string];
    expect(failed).toContain('<summary>❌ lag-replica — FAILED</summary>');
    expect(failed).toContain('- `rpo.lostTransactions`: expected `<= 0 writes`, actual `3`');
    expect(failed).toContain('- `rto.maxSeconds`: expected `<= 15 s`, actual `17.25`');
    expect(failed).not.toContain('splitBrain');
    expect(failed).toContain('Report: `r-20250102-030405/lag-replica/report.md`');
    expect(failed).toContain('</details>');
    expect(error).toContain('<summary>⚠️ partition — ERROR</summary>');
    expect(error).toContain('Error `PGDRILL_NODE_NOT_READY`:');
    expect(error).toContain('pg-2 never became ready');
    expect(error).toContain('What to do: run pgdrill doctor');
    // outside the working directory the path stays absolute
    expect(renderGithubSummary(makeSummary(), results(), { cwd: '/elsewhere' })).toContain(
      'Report: `/tmp/reports/r-20250102-030405/partition/report.md`',
    );
  });

  it('names failed steps of a failed scenario', () => {
    const failed = makeResult({
      scenario: 'lag-replica',
      status: 'failed',
      steps: [
        {
          index: 3,
          title: 'procedure rejoin',
          startedAtMs: 1,
          durationMs: 2,
          status: 'failed',
          node: 'pg-1',
          error: 'pg_rewind failed:\nno common ancestor',
        },
      ],
    });
    const summary = makeSummary({
      scenarios: [{ scenario: 'lag-replica', status: 'failed', dir: 'lag-replica', failedExpectations: [] }],
      exitCode: 1,
    });
    const md = renderGithubSummary(summary, [failed], { cwd: CWD });
    expect(md).toContain('- step 4 `procedure rejoin` FAILED: `pg_rewind failed: no common ancestor`');
  });

  it('escapes | in table cells and HTML everywhere, and keeps backticks from closing code spans', () => {
    const result = makeResult({
      scenario: 'a|b<i>',
      status: 'failed',
      expectations: [{ name: 'x|y', expected: '<= `1`', actual: 'a|b', passed: false, verdict: 'failed' }],
    });
    const summary = makeSummary({
      scenarios: [{ scenario: 'a|b<i>', status: 'failed', dir: 'a', failedExpectations: ['x|y'] }],
      exitCode: 1,
    });
    const md = renderGithubSummary(summary, [result], { cwd: CWD });
    const row = md.split('\n').find((l) => l.startsWith('| a'))!;
    expect(row).toBe('| a\\|b&lt;i&gt; | ❌ FAILED | 0 | 4.2 s | match | x\\|y |');
    // seven unescaped pipes: the row has exactly six cells
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(7);
    expect(md).toContain('<summary>❌ a|b&lt;i&gt; — FAILED</summary>');
    expect(md).toContain('- `x|y`: expected `` <= `1` ``, actual `a|b`');
  });

  it('uses the summary entry when a result is missing', () => {
    const md = renderGithubSummary(makeSummary(), [], { cwd: CWD });
    expect(md).toContain('| lag-replica | ❌ FAILED | n/a | n/a | n/a | rpo.lostTransactions, rto.maxSeconds |');
    expect(md).toContain('- `rpo.lostTransactions` failed');
  });

  it('says when no scenario ran', () => {
    expect(renderGithubSummary(makeSummary({ scenarios: [], exitCode: 0 }), [])).toContain('No scenario ran.');
  });
});

describe('appendGithubSummary', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('appends to the file named by GITHUB_STEP_SUMMARY, keeping what other steps wrote', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-step-summary-'));
    const file = path.join(dir, 'step_summary.md');
    await writeFile(file, '# Earlier step\n');
    expect(await appendGithubSummary(makeSummary(), results(), { GITHUB_STEP_SUMMARY: file })).toBe(true);
    const written = await readFile(file, 'utf8');
    expect(written.startsWith('# Earlier step\n\n## ⚠️ pgdrill run')).toBe(true);
    expect(written).toContain('| lag-replica | ❌ FAILED |');
    expect(await appendGithubSummary(makeSummary(), results(), { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect((await readFile(file, 'utf8')).split('| lag-replica | ❌ FAILED |')).toHaveLength(3);
  });

  it('writes nothing and returns false when GITHUB_STEP_SUMMARY is unset or empty', async () => {
    expect(await appendGithubSummary(makeSummary(), results(), { CI: 'true' })).toBe(false);
    expect(await appendGithubSummary(makeSummary(), results(), { GITHUB_STEP_SUMMARY: '' })).toBe(false);
  });
});
