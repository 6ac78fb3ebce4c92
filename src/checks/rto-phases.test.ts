import { describe, expect, it } from 'vitest';
import { phasesOf, rtoPhases } from './rto-phases.ts';

describe('rtoPhases', () => {
  it('splits RTO into detection, promotion and client recovery, and names the longest', () => {
    const { phases, longest } = rtoPhases(20, 19.8, 19.9);
    expect(phases.map((p) => [p.name, Number(p.seconds.toFixed(3))])).toEqual([
      ['detection', 19.8],
      ['promotion', 0.1],
      ['client recovery', 0.1],
    ]);
    expect(longest).toBe('detection');
  });

  it('blames client recovery when the new primary waited for clients (a slow health check)', () => {
    expect(rtoPhases(12, 1, 1.2).longest).toBe('client recovery');
  });

  it('has no phase when RTO was not measured', () => {
    expect(rtoPhases(null, 1, 1.5)).toEqual({ phases: [], longest: null });
  });

  it('has no promotion phase without a promotion', () => {
    expect(rtoPhases(3, null, null)).toEqual({ phases: [], longest: null });
  });
});

describe('phasesOf', () => {
  it('reads the phases the check stored', () => {
    const phases = [{ name: 'detection' as const, seconds: 1 }];
    expect(
      phasesOf({ seconds: 2, detectionSeconds: 1, promotionSeconds: 1.5, phases, longestPhase: 'detection' }),
    ).toEqual({ phases, longest: phases[0] });
  });

  it('derives them for a result.json older than the field', () => {
    const { phases, longest } = phasesOf({ seconds: 2, detectionSeconds: 1, promotionSeconds: 1.5 });
    expect(phases.map((p) => p.name)).toEqual(['detection', 'promotion', 'client recovery']);
    expect(longest).toEqual({ name: 'detection', seconds: 1 });
  });
});
