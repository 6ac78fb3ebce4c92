import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html.ts';
import { formatInstant, renderIndexHtml } from './index-html.ts';
import { buildRunIndex } from './run-index.ts';
import { makeMetrics, makeResult, makeSummary, makeUnmeasuredResult } from './test-result.ts';

const failed = makeResult({
  scenario: 'lag-replica',
  status: 'failed',
  metrics: makeMetrics({
    rpo: { ...makeMetrics().rpo, lostTransactions: 37, seconds: 0.42, lostKeysTotal: 37 },
    checksums: { match: false, nodes: ['pg-1', 'pg-2'], tables: 3, differences: [], leftOut: [] },
    splitBrain: { detected: true, incidents: [], incidentsTotal: 3 },
    workload: null,
  }),
});
const errored = makeResult({
  scenario: 'partition',
  status: 'error',
  metrics: null,
  expectations: [],
  error: { code: 'PGDRILL_NODE_NOT_READY', message: 'pg-3 never became ready' },
});
const page = () => renderIndexHtml(buildRunIndex(makeSummary(), [makeResult(), failed, errored]));

describe('renderIndexHtml', () => {
  it('is one self-contained, printable page: no script, no external resource', () => {
    const html = page();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('@media print');
  });

  it('shows the run facts and the run verdict from its exit code', () => {
    const html = page();
    expect(html).toContain('r-20250102-030405');
    expect(html).toContain('2025-01-02 03:04:05 UTC');
    expect(html).toContain('40.0s');
    expect(html).toContain('the infrastructure failed: no verdict'); // exit 3
    expect(html).toContain('<span class="verdict error">ERROR</span>');
    expect(renderIndexHtml(buildRunIndex(makeSummary({ exitCode: 0, scenarios: [] }), []))).toContain(
      '<span class="verdict passed">ALL PASSED</span>',
    );
  });

  it('lists every scenario with its verdict, key figures, failed expectations and a relative link to its report.html', () => {
    const html = page();
    expect(html).toContain('<a href="kill-primary/report.html" class="scenario-name">kill-primary</a>');
    expect(html).toContain('<span class="verdict passed">PASSED</span>');
    expect(html).toContain('<span class="verdict failed">FAILED</span>');
    expect(html).toContain('4.2\u00a0s'); // RTO
    expect(html).toContain('longest: client recovery 1.7\u00a0s');
    expect(html).toContain('4210 / 37'); // writes acknowledged / failed
    expect(html).toContain('12.3s'); // duration
    expect(html).toContain('<span class="bad">37</span>'); // lost transactions
    expect(html).toContain('MISMATCH');
    expect(html).toContain('DETECTED (3)');
    expect(html).toContain('<span class="chip">rpo.lostTransactions</span><span class="chip">rto.maxSeconds</span>');
    expect(html).toContain('not measured: the drill did not reach the checks');
    expect(html).toContain('<code>PGDRILL_NODE_NOT_READY</code> pg-3 never became ready');
  });

  it('shows an unmeasured value as n/a with its reason, never 0', () => {
    const html = renderIndexHtml(
      buildRunIndex(makeSummary({ scenarios: [makeSummary().scenarios[0]!] }), [
        makeResult({
          metrics: makeMetrics({
            rto: {
              seconds: null,
              detectionSeconds: null,
              promotionSeconds: null,
              faultToWritableSeconds: null,
              phases: [],
              longestPhase: null,
              downAtLeastSeconds: null,
              faultAtMs: null,
              firstAckAtMs: null,
              reason: 'no fault was injected',
            },
          }),
        }),
      ]),
    );
    expect(html).toContain(
      '<span class="na" title="no fault was injected">n/a</span><span class="sub">no fault was injected</span>',
    );
    expect(html).not.toContain('0\u00a0s</td>');
  });

  it('says when a scenario has no figures (result.json unreadable, or an index older than them)', () => {
    const index = buildRunIndex(makeSummary(), []);
    expect(renderIndexHtml(index)).toContain('figures unavailable: its result.json could not be read');
    const old = { ...index, scenarios: index.scenarios.map(({ figures: _f, reportHtml: _r, ...rest }) => rest) };
    const html = renderIndexHtml(old);
    expect(html).toContain('figures unavailable: this index predates them');
    expect(html).toContain('href="kill-primary/report.html"');
  });

  it('escapes everything that comes from data', () => {
    const evil = '<script>alert("x")</script> & \'q\'';
    const summary = makeSummary({
      runId: evil,
      scenarios: [{ scenario: evil, status: 'failed', dir: 'a b/<c>', failedExpectations: [evil] }],
    });
    const html = renderIndexHtml(
      buildRunIndex(summary, [
        makeResult({ scenario: evil, status: 'error', metrics: null, error: { code: evil, message: evil } }),
      ]),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml(evil));
    expect(html).toContain('href="a%20b/%3Cc%3E/report.html"');
  });

  it('formats instants in UTC and leaves anything else as it is', () => {
    expect(formatInstant('2026-11-21T07:44:06.417Z')).toBe('2026-11-21 07:44:06 UTC');
    expect(formatInstant('yesterday')).toBe('yesterday');
  });

  it('shows a scenario that could not be measured as NOT MEASURED with why, and the run too when that is all that failed', () => {
    const summary = makeSummary({
      scenarios: [
        { scenario: 'kill-primary', status: 'passed', dir: 'kill-primary', failedExpectations: [] },
        { scenario: 'stop-replica', status: 'failed', dir: 'stop-replica', failedExpectations: ['rto.maxSeconds'] },
      ],
      exitCode: 1,
    });
    const html = renderIndexHtml(buildRunIndex(summary, [makeResult(), makeUnmeasuredResult()]));
    expect(html).toContain('<span class="verdict not-measured">NOT MEASURED</span></h1>');
    expect(html).toContain('<tr class="s-not-measured has-detail">');
    expect(html).toContain('<span class="chip nm">rto.maxSeconds</span> no fault cut the clients off writing');
    expect(html).not.toContain('Failed expectations:');
  });
});
