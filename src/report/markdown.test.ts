import { describe, expect, it } from 'vitest';
import { renderScenarioMarkdown } from './markdown.ts';
import { UNSAMPLED, makeMetrics, makeResult, makeUnmeasuredResult } from './test-result.ts';

const section = (md: string, title: string) => md.split(`## ${title}\n`)[1]?.split('\n## ')[0] ?? '';

describe('renderScenarioMarkdown', () => {
  it('states the verdict and description up front', () => {
    const md = renderScenarioMarkdown(makeResult());
    expect(md.split('\n')[0]).toBe('# kill-primary: ✅ PASSED');
    expect(md).toContain('Kill the primary under write load');
    expect(renderScenarioMarkdown(makeResult({ status: 'failed' })).split('\n')[0]).toBe('# kill-primary: ❌ FAILED');
    expect(renderScenarioMarkdown(makeResult({ status: 'error', metrics: null })).split('\n')[0]).toContain('ERROR');
  });

  it('shows an expectation that could not be measured as NOT MEASURED with why, not as a failure', () => {
    const md = renderScenarioMarkdown(makeUnmeasuredResult());
    expect(md).toMatch(/^# stop-replica: ❔ NOT MEASURED$/m);
    expect(md).toContain('- **Verdict:** NOT MEASURED');
    expect(md).toContain(
      '| rto.maxSeconds | <= 15 s | NOT MEASURED (no fault cut the clients off writing) | ❔ NOT MEASURED |',
    );
    expect(md).not.toMatch(/FAILED|❌/);
  });

  it('tabulates targets vs achieved with a verdict per expectation', () => {
    const md = renderScenarioMarkdown(
      makeResult({
        status: 'failed',
        expectations: [
          { name: 'rpo.lostTransactions', expected: '<= 0', actual: 0, passed: true, verdict: 'held' },
          { name: 'rto.maxSeconds', expected: '<= 15', actual: 17.2000001, passed: false, verdict: 'failed' },
          {
            name: 'convergence.within',
            expected: '<= 30',
            actual: null,
            passed: false,
            verdict: 'failed',
            reason: 'never converged',
          },
        ],
      }),
    );
    const targets = section(md, 'Targets vs achieved');
    expect(targets).toContain('| Expectation | Target | Actual | Verdict |');
    expect(targets).toContain('| rpo.lostTransactions | <= 0 writes | 0 | ✅ |');
    expect(targets).toContain('| rto.maxSeconds | <= 15 s | 17.2 | ❌ |');
    expect(targets).toContain('| convergence.within | <= 30 s | n/a (never converged) | ❌ |');
  });

  it('reports every metric, with n/a (reason) where unmeasured and never 0', () => {
    const metrics = makeMetrics({
      rpo: {
        lostTransactions: null,
        seconds: null,
        lostKeys: [],
        lostKeysTotal: 0,
        unknownCommitted: null,
        unknownAbsent: null,
        failedButPresent: [],
        failedButPresentTotal: null,
        reason: 'no surviving primary',
      },
      rto: {
        seconds: null,
        detectionSeconds: 1.5,
        promotionSeconds: null,
        faultToWritableSeconds: null,
        phases: [],
        longestPhase: null,
        downAtLeastSeconds: null,
        faultAtMs: 5000,
        firstAckAtMs: null,
        reason: 'never recovered',
      },
      workload: null,
      checksums: { match: null, nodes: [], tables: 0, differences: [], leftOut: [], reason: 'no node could be read' },
      convergence: { seconds: null, converged: false, replicas: 1, laggingReplicas: ['pg-2'] },
    });
    const table = section(renderScenarioMarkdown(makeResult({ status: 'failed', metrics })), 'Metrics');
    expect(table).toContain('| RPO | lost transactions (acknowledged, missing) | n/a (no surviving primary) |');
    expect(table).toContain('| RPO | lost keys | n/a (no surviving primary) |');
    expect(table).toContain('| RPO | unknown-outcome writes | n/a (no surviving primary) |');
    expect(table).toContain('| RPO | failed but present | n/a (no surviving primary) |');
    expect(table).toContain('| RTO | total (fault → first acknowledged write) | n/a (never recovered) |');
    expect(table).toContain('| RTO | detection (fault → failover began) | 1.5 s |');
    expect(table).toContain('| Workload | throughput | n/a (no workload) |');
    expect(table).toContain('| Checksums | match | n/a (no node could be read) |');
    expect(table).toContain('| Convergence | time to converge | n/a (never converged) |');
    expect(table).toContain('| Convergence | lagging replicas | pg-2 |');
    expect(table).not.toMatch(/\| 0 s \|/);
  });

  it('shows measured metrics, a capped lost-key list with its total, and split-brain incidents', () => {
    const keys = Array.from({ length: 20 }, (_, i) => i + 1);
    const metrics = makeMetrics({
      rpo: {
        lostTransactions: 57,
        seconds: 0.8,
        lostKeys: keys,
        lostKeysTotal: 57,
        unknownCommitted: 1,
        unknownAbsent: 2,
        failedButPresent: [5, 9],
        failedButPresentTotal: 2,
      },
      checksums: {
        match: false,
        nodes: ['pg-1', 'pg-2'],
        tables: 3,
        differences: [
          {
            table: 'public.orders',
            node: 'pg-2',
            reference: 'pg-1',
            kind: 'content',
            digest: 'ab',
            rows: 9,
            referenceDigest: 'cd',
            referenceRows: 10,
          },
          {
            table: 'public.audit',
            node: 'pg-2',
            reference: 'pg-1',
            kind: 'missing',
            digest: null,
            rows: null,
            referenceDigest: 'ef',
            referenceRows: 3,
          },
        ],
        leftOut: [],
      },
      splitBrain: {
        detected: true,
        incidentsTotal: 2,
        incidents: [
          { kind: 'stale-primary', node: 'pg-1', key: 77, atMs: 6100, newPrimary: 'pg-2', promotedAtMs: 6000 },
          { kind: 'concurrent-primaries', node: 'pg-3', key: 78, atMs: 6200, newPrimary: 'pg-2', promotedAtMs: 6150 },
        ],
      },
    });
    const table = section(renderScenarioMarkdown(makeResult({ status: 'failed', metrics })), 'Metrics');
    expect(table).toContain('| RPO | lost transactions (acknowledged, missing) | 57 |');
    expect(table).toContain('| RPO | data-loss window | 0.8 s |');
    expect(table).toContain(`| RPO | lost keys | 57 in total: ${keys.join(', ')}, … (+37 more) |`);
    expect(table).toContain('| Workload | acknowledged | 4210 |');
    expect(table).toContain('| Workload | throughput | 421.5 tx/s |');
    expect(table).toContain('| Checksums | match | MISMATCH |');
    expect(table).toContain('| Checksums | nodes compared | 2 (pg-1, pg-2), 3 table(s) |');
    expect(table).toContain(
      '| Checksums | differences | 2: public.orders differs on pg-2 (9 rows vs 10 on pg-1), public.audit missing on pg-2 (present on pg-1) |',
    );
    expect(table).toContain('| RPO | failed but present | 2 in total: 5, 9 |');
    expect(table).toContain(
      '| Split-brain | detected | DETECTED, 2 incident(s): pg-1 acknowledged key 77 at +6.100s after pg-2 was promoted at +6.000s, ' +
        'pg-3 acknowledged key 78 at +6.200s while pg-2 was also acknowledging (since +6.150s) |',
    );
  });

  it('has an Observed block: samples, lag peaks with node and time, archiving, WAL, receiver drops, outages; and the longest stall', () => {
    const table = section(renderScenarioMarkdown(makeResult()), 'Metrics');
    expect(table).toContain('| Workload | longest stall (no acknowledged write) | 4.35 s |');
    expect(table).toContain('| Observed | samples taken | 96 |');
    expect(table).toContain('| Observed | max replica lag (bytes) | 8.6 MB (9000000 bytes) on pg-2 at +5.250s |');
    expect(table).toContain('| Observed | max replica lag (seconds) | 0.75 s on pg-2 at +5.250s |');
    expect(table).toContain('| Observed | archive failures | 0 |');
    expect(table).toContain('| Observed | max WAL retained (pg_wal) | 48 MB (50331648 bytes) on pg-1 at +4.750s |');
    expect(table).toContain('| Observed | WAL receiver drops | 1 |');
    expect(table).toContain('| Observed | unreachable | 1 span(s): pg-1 +5.000s → +12.000s |');
  });

  it('says n/a (reason) in the Observed block for what was not sampled, never 0', () => {
    const unsampled = section(
      renderScenarioMarkdown(makeResult({ metrics: makeMetrics({ observed: UNSAMPLED, workload: null }) })),
      'Metrics',
    );
    const observed = unsampled.split('\n').filter((line) => line.startsWith('| Observed |'));
    expect(observed).toHaveLength(7);
    for (const line of observed) expect(line).toMatch(/\| n\/a \(no node was sampled\) \|$/);
    expect(unsampled).toContain('| Workload | longest stall (no acknowledged write) | n/a (no workload) |');

    const partly = makeMetrics({
      observed: {
        ...makeMetrics().observed,
        archiveFailures: null,
        reasons: { archiveFailures: 'no node reported pg_stat_archiver' },
        unreachable: [
          { node: 'pg-2', fromMs: 3_000, toMs: 3_000 },
          { node: 'pg-1', fromMs: 5_000, toMs: 6_250 },
        ],
      },
    });
    const table = section(renderScenarioMarkdown(makeResult({ metrics: partly })), 'Metrics');
    expect(table).toContain('| Observed | archive failures | n/a (no node reported pg_stat_archiver) |');
    expect(table).toContain('| Observed | WAL receiver drops | 1 |');
    expect(table).toContain('| Observed | unreachable | 2 span(s): pg-2 at +3.000s, pg-1 +5.000s → +6.250s |');
  });

  it('lists steps and the timeline with +s.sss offsets', () => {
    const md = renderScenarioMarkdown(makeResult());
    expect(section(md, 'Steps')).toContain('| 2 | fault kill primary | pg-1 | +5.010s | 0.12 s | ok |  |');
    expect(section(md, 'Timeline')).toContain('| +5.000s | fault | pg-1 | kill pg-1 (SIGKILL) |');
  });

  it('escapes pipes and newlines so data cannot break a table', () => {
    const md = renderScenarioMarkdown(
      makeResult({ timeline: [{ atMs: 1, kind: 'observation', message: 'a | b\nc' }] }),
    );
    expect(section(md, 'Timeline')).toContain('| +0.001s | observation |  | a \\| b<br>c |');
  });

  it('explains an error with its code, message and hint, and no fake metrics', () => {
    const md = renderScenarioMarkdown(
      makeResult({
        status: 'error',
        metrics: null,
        expectations: [],
        steps: [],
        error: {
          code: 'PGDRILL_NODE_NOT_READY',
          message: 'pg-2 never became ready\n```boom```',
          hint: 'Run pgdrill doctor.',
        },
      }),
    );
    const err = section(md, 'Error');
    expect(err).toContain('Code: PGDRILL_NODE_NOT_READY');
    expect(err).toContain('````text\npg-2 never became ready\n```boom```\n````');
    expect(err).toContain('What to do: Run pgdrill doctor.');
    expect(section(md, 'Targets vs achieved')).toContain('did not reach the checks');
    expect(section(md, 'Metrics')).toContain('n/a (the drill did not reach the checks)');
  });

  it('links the artifacts', () => {
    const md = renderScenarioMarkdown(makeResult({ artifacts: ['report.html', 'logs/pg-1.log'] }));
    expect(section(md, 'Artifacts')).toContain('- [logs/pg-1.log](logs/pg-1.log)');
  });
});
