import { describe, expect, it } from 'vitest';
import type { RtoMetric } from '../checks/types.ts';
import { rtoPhasesText } from './rto-phases.ts';

const rto = (over: Partial<RtoMetric>): RtoMetric => ({
  seconds: 2,
  detectionSeconds: 1,
  promotionSeconds: 1.5,
  faultToWritableSeconds: 1.5,
  phases: [
    { name: 'detection', seconds: 1 },
    { name: 'promotion', seconds: 0.5 },
    { name: 'client recovery', seconds: 0.5 },
  ],
  longestPhase: 'detection',
  downAtLeastSeconds: null,
  faultAtMs: 0,
  firstAckAtMs: 2_000,
  ...over,
});

describe('rtoPhasesText', () => {
  it('reads the phases the check computed as one line', () => {
    expect(rtoPhasesText(rto({}), (n) => n.toFixed(1))).toBe(
      'detection 1.0 s, promotion 0.5 s, client recovery 0.5 s — detection took longest',
    );
  });

  it('says nothing when no phase was measured', () => {
    expect(rtoPhasesText(rto({ seconds: null, phases: [], longestPhase: null }), String)).toBe('');
  });
});
