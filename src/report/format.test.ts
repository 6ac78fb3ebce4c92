import { describe, expect, it } from 'vitest';
import { formatBytes, metricRows, observedHeadlines, observedRows } from './format.ts';
import { UNSAMPLED, makeMetrics } from './test-result.ts';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1_023, '1023 B'],
    [1_024, '1 kB'],
    [9_000_000, '8.6 MB'],
    [16 * 1024 ** 2, '16 MB'],
    [1.5 * 1024 ** 3, '1.5 GB'],
    [3 * 1024 ** 4, '3 TB'],
  ])('%d bytes read %s, as pg_size_pretty says them', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('observedRows and observedHeadlines', () => {
  it('give one row per observed metric, and n/a with the reason when nothing was sampled', () => {
    expect(observedRows(makeMetrics().observed).map(([name]) => name)).toEqual([
      'samples taken',
      'max replica lag (bytes)',
      'max replica lag (seconds)',
      'archive failures',
      'max WAL retained (pg_wal)',
      'WAL receiver drops',
      'unreachable',
    ]);
    expect(new Set(observedRows(UNSAMPLED).map(([, value]) => value))).toEqual(new Set(['n/a (no node was sampled)']));
    expect(observedHeadlines(UNSAMPLED)).toEqual([['observed', 'n/a (no node was sampled)']]);
  });

  it('prefer the reason of the one metric over that of the whole sampling', () => {
    const observed = {
      ...makeMetrics().observed,
      maxWalBytes: null,
      reason: 'general',
      reasons: { maxWalBytes: 'no node reported the size of pg_wal' },
    };
    expect(observedRows(observed)).toContainEqual([
      'max WAL retained (pg_wal)',
      'n/a (no node reported the size of pg_wal)',
    ]);
  });
});

describe('metricRows', () => {
  const NO_ACK = 'no write was acknowledged, so none could be lost';
  const row = (rows: ReturnType<typeof metricRows>, area: string, metric: string) =>
    rows.find((r) => r.area === area && r.metric.startsWith(metric))?.value;

  it('says n/a (reason) for RPO, RTO and split-brain when nothing was acknowledged or no fault cut the clients off', () => {
    const rows = metricRows(
      makeMetrics({
        rpo: {
          lostTransactions: null,
          seconds: null,
          lostKeys: [],
          lostKeysTotal: 0,
          unknownCommitted: 1,
          unknownAbsent: 0,
          failedButPresent: [],
          failedButPresentTotal: 0,
          reason: NO_ACK,
        },
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
          reason: 'no fault cut the clients off writing',
        },
        splitBrain: {
          detected: null,
          incidents: [],
          incidentsTotal: 0,
          reason: 'no write was acknowledged, so no two nodes could acknowledge at once',
        },
      }),
    );
    expect(row(rows, 'RPO', 'lost transactions')).toBe(`n/a (${NO_ACK})`);
    expect(row(rows, 'RPO', 'data-loss window')).toBe(`n/a (${NO_ACK})`);
    expect(row(rows, 'RPO', 'lost keys')).toBe(`n/a (${NO_ACK})`);
    expect(row(rows, 'RPO', 'unknown-outcome writes')).toBe('1 committed, 0 absent'); // still measured
    for (const metric of ['total', 'detection', 'fault → new primary writable'])
      expect(row(rows, 'RTO', metric)).toBe('n/a (no fault cut the clients off writing)');
    expect(row(rows, 'Split-brain', 'detected')).toBe(
      'n/a (no write was acknowledged, so no two nodes could acknowledge at once)',
    );
  });

  it('a clean split-brain check reads none', () => {
    expect(row(metricRows(makeMetrics()), 'Split-brain', 'detected')).toBe('none');
  });
});
