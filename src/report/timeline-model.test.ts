import { describe, expect, it } from 'vitest';
import type { NodeSample } from '../evidence/evidence.ts';
import type { StepResult } from '../result/result.ts';
import {
  healTimes,
  lagSeries,
  nodeNames,
  promotions,
  restoredNodes,
  roleSegments,
  stepKind,
  stepLabel,
  timeDomain,
} from './timeline-model.ts';
import { parseSamples } from './samples.ts';
import { makeAuditResult, makeMetrics, makeRecoveryMetric, makeResult, makeSamples } from './test-result.ts';

const step = (index: number, title: string, startedAtMs: number, durationMs: number, node?: string): StepResult => ({
  index,
  title,
  startedAtMs,
  durationMs,
  status: 'ok',
  ...(node ? { node } : {}),
});
const sample = (atMs: number, node: string, fields: Partial<NodeSample> = {}): NodeSample => ({
  atMs,
  node,
  reachable: true,
  role: 'replica',
  timeline: 1,
  currentLsn: null,
  receiveLsn: null,
  replayLsn: null,
  lagBytes: 0,
  lagSeconds: 0,
  walReceiver: 'streaming',
  archivedCount: null,
  archiveFailedCount: null,
  walBytes: null,
  disk: null,
  ...fields,
});

describe('steps', () => {
  it('are faults, procedures, waits, by their title', () => {
    expect(stepKind(step(0, 'fault kill primary', 0, 1))).toBe('fault');
    expect(stepKind(step(0, 'procedure failover promote', 0, 1))).toBe('procedure');
    expect(stepKind(step(0, 'wait converged', 0, 1))).toBe('wait');
    expect(stepKind(step(0, 'something else', 0, 1))).toBe('other');
    expect(stepLabel(step(0, 'fault kill primary', 0, 1))).toBe('kill primary');
  });
});

describe('healTimes', () => {
  it('closes a fault at the first heal event on its node after it, each event once', () => {
    const steps = [
      step(0, 'fault lag replica', 100, 10, 'pg-2'),
      step(1, 'fault lag replica', 200, 10, 'pg-2'),
      step(2, 'fault pause primary', 300, 5, 'pg-1'),
      step(3, 'fault heal', 900, 5),
    ];
    const heals = healTimes(steps, [
      { atMs: 50, kind: 'fault', node: 'pg-2', message: 'healed: too early' },
      { atMs: 905, kind: 'fault', node: 'pg-2', message: 'healed: bandwidth on pg-1 → pg-2' },
      { atMs: 906, kind: 'fault', node: 'pg-2', message: 'healed: replay delay on pg-2' },
      { atMs: 907, kind: 'fault', node: 'pg-1', message: 'thawed pg-1' },
    ]);
    expect([...heals]).toEqual([
      [0, { atMs: 905, message: 'healed: bandwidth on pg-1 → pg-2' }],
      [1, { atMs: 906, message: 'healed: replay delay on pg-2' }],
      [2, { atMs: 907, message: 'thawed pg-1' }],
    ]);
  });

  it('matches a heal event without a node by the node it names; a kill is never healed', () => {
    const steps = [step(0, 'fault kill primary', 0, 100, 'pg-1'), step(1, 'fault partition', 200, 10, 'pg-3')];
    const heals = healTimes(steps, [{ atMs: 500, kind: 'fault', message: 'healed: partition [pg-3] | [pg-1, pg-2]' }]);
    expect([...heals.keys()]).toEqual([1]);
  });
});

describe('roleSegments', () => {
  it('merges equal samples, splits on role or timeline, keeps a lost node unreachable until the end', () => {
    const samples = [
      sample(0, 'pg-1', { role: 'primary' }),
      sample(250, 'pg-1', { role: 'primary' }),
      sample(500, 'pg-1', { reachable: false, role: null, timeline: null }),
      sample(0, 'pg-2'),
      sample(250, 'pg-2'),
      sample(500, 'pg-2', { role: 'primary', timeline: 2 }),
      sample(750, 'pg-2', { role: 'primary', timeline: 2 }),
    ];
    const segments = roleSegments(samples, 2000);
    expect(segments.get('pg-1')).toEqual([
      { node: 'pg-1', fromMs: 0, toMs: 500, state: 'primary', timeline: 1 },
      { node: 'pg-1', fromMs: 500, toMs: 2000, state: 'unreachable', timeline: null },
    ]);
    expect(segments.get('pg-2')).toEqual([
      { node: 'pg-2', fromMs: 0, toMs: 500, state: 'replica', timeline: 1 },
      { node: 'pg-2', fromMs: 500, toMs: 1000, state: 'primary', timeline: 2 },
    ]);
  });

  it("leaves a long gap in a reachable node's samples undrawn", () => {
    const segments = roleSegments(
      [sample(0, 'pg-2'), sample(250, 'pg-2'), sample(500, 'pg-2'), sample(5000, 'pg-2')],
      6000,
    );
    expect(segments.get('pg-2')!.map((s) => [s.fromMs, s.toMs])).toEqual([
      [0, 750],
      [5000, 5250],
    ]);
  });

  it('orders nodes naturally', () => {
    expect([...roleSegments([sample(0, 'pg-10'), sample(0, 'pg-2')], 100).keys()]).toEqual(['pg-2', 'pg-10']);
  });
});

describe('lagSeries, promotions, nodes, domain', () => {
  it('keeps a series per node that ever reported lag, nulls included', () => {
    const series = lagSeries(makeSamples());
    expect([...series.keys()]).toEqual(['pg-2', 'pg-3']);
    expect(series.get('pg-3')!.some((p) => p.bytes === null)).toBe(true);
  });

  it('finds promotions and the node promoted', () => {
    expect(
      promotions([
        { atMs: 1, kind: 'procedure', node: 'pg-2', message: 'pg-2 promoted on timeline 2' },
        { atMs: 2, kind: 'observation', message: 'patroni: pg-3 was promoted' },
        { atMs: 3, kind: 'procedure', message: 'failover: promoting pg-2' },
        { atMs: 4, kind: 'check', message: 'promoted: expected x' },
      ]),
    ).toEqual([
      { atMs: 1, node: 'pg-2', message: 'pg-2 promoted on timeline 2' },
      { atMs: 2, node: 'pg-3', message: 'patroni: pg-3 was promoted' },
    ]);
  });

  it('names every node from samples, checksums, steps, events and logs', () => {
    expect(nodeNames(makeAuditResult({ artifacts: ['logs/etcd-1.log'] }), makeSamples())).toEqual([
      'etcd-1',
      'pg-1',
      'pg-2',
      'pg-3',
    ]);
  });

  it('spans the run from 0 to the last thing recorded', () => {
    expect(timeDomain(makeAuditResult(), makeSamples())).toEqual([0, 12_345]);
    expect(timeDomain(makeResult({ durationMs: 0, steps: [], timeline: [] }), [])).toEqual([0, 1000]);
  });

  it('places restored nodes over their step', () => {
    const r = makeResult({
      metrics: makeMetrics({ recovery: makeRecoveryMetric() }),
      steps: [
        step(6, 'procedure pitr', 1000, 500, 'pg-restore-1'),
        step(8, 'procedure pitr', 2000, 700, 'pg-restore-2'),
      ],
    });
    expect(restoredNodes(r, new Set())).toMatchObject([
      { node: 'pg-restore-1', fromMs: 1000, toMs: 1500, kind: 'pitr', timeline: 1, endedAs: 'paused', passed: true },
      { node: 'pg-restore-2', fromMs: 2000, toMs: 2700, timeline: 2, endedAs: 'promoted', passed: false },
    ]);
  });
});

describe('parseSamples', () => {
  it('reads samples.json leniently: missing fields null, bad entries dropped, sorted by time', () => {
    const text = JSON.stringify([
      { atMs: 500, node: 'pg-2', role: 'replica', lagBytes: 10 },
      { atMs: 0, node: 'pg-1', reachable: false },
      { node: 'x' },
      3,
    ]);
    const samples = parseSamples(text);
    expect(samples.map((s) => [s.atMs, s.node, s.reachable, s.role, s.lagBytes, s.timeline])).toEqual([
      [0, 'pg-1', false, null, null, null],
      [500, 'pg-2', true, 'replica', 10, null],
    ]);
    expect(parseSamples(undefined)).toEqual([]);
    expect(parseSamples('not json')).toEqual([]);
    expect(parseSamples('{"a":1}')).toEqual([]);
  });
});
