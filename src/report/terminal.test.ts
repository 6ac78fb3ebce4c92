import { describe, expect, it } from 'vitest';
import { renderRunSummary, renderVerdict } from './terminal.ts';
import { UNSAMPLED, makeMetrics, makeResult, makeSummary, makeUnmeasuredResult } from './test-result.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts an ANSI colour sequence
const ANSI = /\x1b\[[0-9;]*m/;

describe('renderVerdict', () => {
  it('starts with the verdict, scenario and duration', () => {
    expect(renderVerdict(makeResult(), { color: false }).split('\n')[0]).toBe('✔ PASSED kill-primary (12.3s)');
    expect(renderVerdict(makeResult({ status: 'failed' }), { color: false }).split('\n')[0]).toBe(
      '✘ FAILED kill-primary (12.3s)',
    );
    expect(renderVerdict(makeResult({ status: 'error', metrics: null }), { color: false }).split('\n')[0]).toBe(
      '! ERROR kill-primary (12.3s)',
    );
  });

  it('prints the headline metrics aligned, expectations with target/actual/mark, and the report path', () => {
    const out = renderVerdict(
      makeResult({
        status: 'failed',
        expectations: [
          { name: 'rpo.lostTransactions', expected: '<= 0', actual: 0, passed: true, verdict: 'held' },
          { name: 'rto.maxSeconds', expected: '<= 1', actual: 4.2, passed: false, verdict: 'failed' },
        ],
      }),
      { color: false, reportPath: 'reports/r/kill-primary/report.md' },
    );
    expect(out).toBe(
      [
        '✘ FAILED kill-primary (12.3s)',
        '  RPO          0 lost transaction(s), 0 s window',
        '  RTO          4.2 s (detection 1.05 s, promotion 1.45 s, client recovery 1.7 s — client recovery took longest)',
        '  workload     4210 acknowledged, 37 failed, 3 unknown; longest stall 4.35 s (37 connection refused, 3 server closed the connection)',
        '  latency      commit p50 1.8 ms, p99 12.4 ms, max 5012.3 ms',
        '  checksums    match across 2 node(s)',
        '  convergence  1.3 s',
        '  split-brain  none',
        '  max lag      8.6 MB on pg-2 at +5.250s; 0.75 s on pg-2 at +5.250s',
        '  WAL          48 MB retained on pg-1 at +4.750s; 0 archive failure(s); 1 receiver drop(s)',
        '  unreachable  1 span(s): pg-1 +5.000s → +12.000s',
        '  expectations',
        '    ✔ rpo.lostTransactions  target <= 0 writes  actual 0',
        '    ✘ rto.maxSeconds        target <= 1 s       actual 4.2',
        '  report       reports/r/kill-primary/report.md',
        '',
      ].join('\n'),
    );
  });

  it('says n/a, never 0, for what was not measured', () => {
    const metrics = makeMetrics({
      rpo: { ...makeMetrics().rpo, lostTransactions: null, seconds: null, reason: 'no surviving primary' },
      rto: {
        ...makeMetrics().rto,
        seconds: null,
        detectionSeconds: null,
        promotionSeconds: null,
        faultToWritableSeconds: null,
        phases: [],
        longestPhase: null,
        downAtLeastSeconds: null,
        reason: 'never recovered',
      },
      convergence: { seconds: null, converged: null, replicas: 0, laggingReplicas: [], reason: 'no replicas' },
      splitBrain: { detected: null, incidents: [], incidentsTotal: 0, reason: 'no write was acknowledged' },
    });
    const out = renderVerdict(makeResult({ metrics }), { color: false });
    expect(out).toContain('  split-brain  n/a (no write was acknowledged)\n');
    expect(out).toContain('  RPO          n/a (no surviving primary)\n');
    expect(out).toContain('  RTO          n/a (never recovered)\n');
    expect(out).toContain('  convergence  n/a (no replicas)\n');
  });

  it('says n/a (reason) for the workload and the observed block when nothing was measured', () => {
    const metrics = makeMetrics({ workload: null, observed: UNSAMPLED });
    const out = renderVerdict(makeResult({ metrics }), { color: false });
    expect(out).toContain('  workload     n/a (no workload)\n');
    expect(out).toContain('  observed     n/a (no node was sampled)\n');
    expect(out).not.toContain('max lag');
  });

  it('says which observed value is missing, and why', () => {
    const observed = {
      ...makeMetrics().observed,
      maxLagBytes: null,
      maxLagSeconds: null,
      walReceiverDrops: null,
      unreachable: [],
      reasons: {
        maxLagBytes: 'no replica reported its lag',
        maxLagSeconds: 'no replica reported its replay delay',
        walReceiverDrops: 'no replica was sampled',
      },
    };
    const out = renderVerdict(makeResult({ metrics: makeMetrics({ observed }) }), { color: false });
    expect(out).toContain('  max lag      n/a (no replica reported its lag)\n');
    expect(out).toContain(
      '  WAL          48 MB retained on pg-1 at +4.750s; 0 archive failure(s); receiver drop(s) n/a (no replica was sampled)\n',
    );
    expect(out).toContain('  unreachable  none\n');
  });

  it('explains an error with code, message and hint', () => {
    const out = renderVerdict(
      makeResult({
        status: 'error',
        metrics: null,
        expectations: [],
        error: { code: 'PGDRILL_DOCKER', message: 'docker is unreachable', hint: 'run pgdrill setup' },
      }),
      { color: false },
    );
    expect(out).toContain('  error        PGDRILL_DOCKER: docker is unreachable\n');
    expect(out).toContain('→ run pgdrill setup');
    expect(out).not.toContain('RPO');
  });

  it('shows an expectation that could not be measured as NOT MEASURED with why, never FAIL nor a number', () => {
    const out = renderVerdict(makeUnmeasuredResult(), { color: false });
    expect(out.split('\n')[0]).toBe('? NOT MEASURED stop-replica (12.3s)');
    expect(out).toContain(
      '    ? rto.maxSeconds        target <= 15 s      actual NOT MEASURED (no fault cut the clients off writing)\n',
    );
    expect(out).toContain('    ✔ rpo.lostTransactions  target <= 0 writes  actual 0\n');
    expect(out).not.toMatch(/FAIL|✘/);
  });

  it('a real failure next to an unmeasured expectation still reads FAILED', () => {
    const unmeasured = makeUnmeasuredResult();
    const out = renderVerdict(
      {
        ...unmeasured,
        verdict: 'failed',
        expectations: [
          ...unmeasured.expectations,
          { name: 'checksums', expected: 'match', actual: 'differ', passed: false, verdict: 'failed' },
        ],
      },
      { color: false },
    );
    expect(out.split('\n')[0]).toBe('✘ FAILED stop-replica (12.3s)');
    expect(out).toMatch(/✘ checksums/);
    expect(out).toMatch(/\? rto\.maxSeconds/);
  });

  it('uses ANSI colors only when asked, without changing the text', () => {
    const result = makeResult({
      status: 'failed',
      expectations: [{ name: 'rto.maxSeconds', expected: '<= 1', actual: 4.2, passed: false, verdict: 'failed' }],
    });
    const plain = renderVerdict(result, { color: false });
    const colored = renderVerdict(result, { color: true });
    expect(plain).not.toMatch(ANSI);
    expect(colored).toMatch(ANSI);
    expect(colored.replace(new RegExp(ANSI.source, 'g'), '')).toBe(plain);
  });
});

describe('renderRunSummary', () => {
  it('counts verdicts, lists each scenario with its failed expectations, the exit code and the index', () => {
    const out = renderRunSummary(makeSummary(), { color: false });
    expect(out).toBe(
      [
        '3 scenario(s) in 40.0s: 1 passed, 1 failed, 1 error — exit 3',
        '  ✔ kill-primary  passed',
        '  ✘ lag-replica   failed  rpo.lostTransactions, rto.maxSeconds',
        '  ! partition     error',
        '  report: /tmp/reports/r-20250102-030405/index.html',
        '',
      ].join('\n'),
    );
    expect(renderRunSummary(makeSummary(), { color: true })).toMatch(ANSI);
  });

  it('counts a scenario that was not measured apart from the failures', () => {
    const summary = makeSummary();
    summary.scenarios[1] = {
      ...summary.scenarios[1]!,
      verdict: 'not-measured',
      failedExpectations: ['rto.maxSeconds'],
    };
    const out = renderRunSummary(summary, { color: false });
    expect(out).toContain('1 passed, 0 failed, 1 not measured, 1 error — exit 3');
    expect(out).toContain('  ? lag-replica   not measured  rto.maxSeconds');
  });
});
