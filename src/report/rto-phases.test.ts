import { describe, expect, it } from 'vitest';
import type { RtoMetric } from '../checks/types.ts';
import { rtoPhases, rtoPhasesText } from './rto-phases.ts';

const rto = (over: Partial<RtoMetric>): RtoMetric => ({
  seconds: 20,
  detectionSeconds: 19.8,
  promotionSeconds: 19.9,
  faultAtMs: 0,
  firstAckAtMs: 20_000,
  ...over,
});

describe('rtoPhases', () => {
  it('splits RTO into detection, promotion and client recovery, and names the longest', () => {
    const { phases, longest } = rtoPhases(rto({}));
    expect(phases.map((p) => [p.name, Number(p.seconds.toFixed(3))])).toEqual([
      ['detection', 19.8],
      ['promotion', 0.1],
      ['client recovery', 0.1],
    ]);
    expect(longest?.name).toBe('detection');
  });

  it('blames client recovery when the new primary waited for clients (a slow health check)', () => {
    expect(rtoPhases(rto({ seconds: 12, detectionSeconds: 1, promotionSeconds: 1.2 })).longest?.name).toBe(
      'client recovery',
    );
  });

  it('says nothing when RTO was not measured', () => {
    expect(rtoPhasesText(rto({ seconds: null }), String)).toBe('');
  });

  it('reads as one line', () => {
    expect(rtoPhasesText(rto({ seconds: 2, detectionSeconds: 1, promotionSeconds: 1.5 }), (n) => n.toFixed(1))).toBe(
      'detection 1.0 s, promotion 0.5 s, client recovery 0.5 s — detection took longest',
    );
  });
});
