import { describe, expect, it } from 'vitest';
import { checkObserved } from './observed.ts';
import { makeEvidence, sample } from './test-evidence.ts';
import type { NodeSample } from '../evidence/evidence.ts';

const observe = (samples: NodeSample[], originMs = 0) => checkObserved(makeEvidence({ samples }), originMs);
const primary = (atMs: number, more: Partial<NodeSample> = {}) =>
  sample('pg-1', atMs, {
    role: 'primary',
    currentLsn: '0/3000000',
    receiveLsn: null,
    replayLsn: null,
    lagBytes: null,
    lagSeconds: null,
    walReceiver: 'none',
    ...more,
  });

describe('checkObserved', () => {
  it('no samples: everything null, never 0, with the reason', () => {
    expect(observe([])).toEqual({
      samples: 0,
      maxLagBytes: null,
      maxLagSeconds: null,
      archiveFailures: null,
      maxWalBytes: null,
      walReceiverDrops: null,
      unreachable: [],
      reason: 'no node was sampled',
    });
  });

  it('a quiet cluster: measured zeros, no drops, no outage', () => {
    const samples = [primary(1_000), sample('pg-2', 1_000), primary(1_250), sample('pg-2', 1_250)];
    expect(observe(samples)).toEqual({
      samples: 4,
      maxLagBytes: { value: 0, node: 'pg-2', atMs: 1_000 },
      maxLagSeconds: { value: 0, node: 'pg-2', atMs: 1_000 },
      archiveFailures: 0,
      maxWalBytes: { value: 16_777_216, node: 'pg-1', atMs: 1_000 },
      walReceiverDrops: 0,
      unreachable: [],
    });
  });

  it('MUST find the peak lag of a lagging replica: node and time as run offsets, earliest on a tie', () => {
    const samples = [
      sample('pg-2', 1_000, { lagBytes: 1_000, lagSeconds: 0.5 }),
      sample('pg-3', 1_000, { lagBytes: 5_000_000, lagSeconds: 1 }),
      sample('pg-2', 1_250, { lagBytes: 9_000_000, lagSeconds: 12.5 }),
      sample('pg-2', 1_500, { lagBytes: 9_000_000, lagSeconds: 3 }),
    ];
    const observed = observe(samples, 500);
    expect(observed.maxLagBytes).toEqual({ value: 9_000_000, node: 'pg-2', atMs: 750 });
    expect(observed.maxLagSeconds).toEqual({ value: 12.5, node: 'pg-2', atMs: 750 });
  });

  it('reads samples in time order whatever order they came in', () => {
    const samples = [sample('pg-2', 2_000, { lagBytes: 7 }), sample('pg-2', 1_000, { lagBytes: 7 })];
    expect(observe(samples).maxLagBytes).toEqual({ value: 7, node: 'pg-2', atMs: 1_000 });
  });

  it('MUST find the most WAL retained on any node', () => {
    const samples = [
      primary(1_000, { walBytes: 100 }),
      sample('pg-2', 1_000, { walBytes: 50 }),
      primary(2_000, { walBytes: 2_000_000_000 }),
    ];
    expect(observe(samples).maxWalBytes).toEqual({ value: 2_000_000_000, node: 'pg-1', atMs: 2_000 });
  });

  describe('archiveFailures', () => {
    it('MUST count the failures during the run: per node max - min of failed_count, summed', () => {
      const samples = [
        primary(1_000, { archiveFailedCount: 4 }), // failures from before the run do not count
        primary(2_000, { archiveFailedCount: 7 }),
        primary(3_000, { archiveFailedCount: null, reachable: false }),
        sample('pg-2', 1_000, { archiveFailedCount: 0 }),
        sample('pg-2', 2_000, { archiveFailedCount: 2 }),
      ];
      expect(observe(samples).archiveFailures).toBe(5);
    });

    it('null, with a reason, when no node reported the archiver', () => {
      const observed = observe([primary(1_000, { archiveFailedCount: null })]);
      expect(observed.archiveFailures).toBeNull();
      expect(observed.reasons?.archiveFailures).toBe('no node reported pg_stat_archiver');
    });
  });

  describe('walReceiverDrops', () => {
    it('MUST count every time a streaming replica stopped streaming, unreachable included, summed over replicas', () => {
      const samples = [
        sample('pg-2', 1_000),
        sample('pg-2', 1_250, { walReceiver: 'waiting' }), // drop 1
        sample('pg-2', 1_500, { walReceiver: 'waiting' }),
        sample('pg-2', 1_750),
        sample('pg-2', 2_000, { reachable: false }), // drop 2
        sample('pg-2', 2_250),
        sample('pg-3', 1_000),
        sample('pg-3', 1_250, { walReceiver: 'none', role: 'primary' }), // drop 3: promoted
        primary(1_000),
        primary(1_250, { reachable: false }), // a primary has no receiver to drop
      ];
      expect(observe(samples).walReceiverDrops).toBe(3);
    });

    it('a replica that never streamed has nothing to drop', () => {
      expect(
        observe([sample('pg-2', 1_000, { walReceiver: 'startup' }), sample('pg-2', 2_000, { reachable: false })])
          .walReceiverDrops,
      ).toBe(0);
    });

    it('null, with a reason, when no replica was ever sampled', () => {
      const observed = observe([primary(1_000), sample('pg-2', 1_000, { reachable: false })]);
      expect(observed.walReceiverDrops).toBeNull();
      expect(observed.maxLagBytes).toBeNull();
      expect(observed.reasons).toEqual({
        walReceiverDrops: 'no replica was sampled',
        maxLagBytes: 'no replica reported its lag',
        maxLagSeconds: 'no replica reported its replay delay',
      });
    });
  });

  it('MUST report the spans in which a node could not be sampled', () => {
    const samples = [
      primary(1_000),
      primary(1_250, { reachable: false }),
      primary(1_500, { reachable: false }),
      primary(1_750, { reachable: false }),
      sample('pg-2', 1_500, { reachable: false }),
      sample('pg-2', 1_750),
      primary(2_000),
      primary(2_250, { reachable: false }),
    ];
    expect(observe(samples, 1_000).unreachable).toEqual([
      { node: 'pg-1', fromMs: 250, toMs: 750 },
      { node: 'pg-2', fromMs: 500, toMs: 500 },
      { node: 'pg-1', fromMs: 1_250, toMs: 1_250 },
    ]);
  });
});
