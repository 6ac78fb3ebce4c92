import { describe, expect, it } from 'vitest';
import { checkConvergence } from './convergence.ts';
import { makeEvidence } from './test-evidence.ts';
import type { ConvergenceObservation } from '../evidence/evidence.ts';

const observation = (o: Partial<ConvergenceObservation>): ConvergenceObservation => ({
  startedAtMs: 1_000,
  reachedAtMs: 1_250,
  targetLsn: '0/3000060',
  primary: 'pg-2',
  replicas: [{ node: 'pg-3', replayLsn: '0/3000060', streaming: true, caughtUp: true }],
  timeoutMs: 30_000,
  ...o,
});

describe('checkConvergence', () => {
  it('measures the last wait: converged', () => {
    const conv = checkConvergence(
      makeEvidence({ convergence: [observation({ startedAtMs: 0, reachedAtMs: 9_000 }), observation({})] }),
    );
    expect(conv).toEqual({ seconds: 0.25, converged: true, replicas: 1, laggingReplicas: [] });
  });

  it('MUST report a replica that never caught up: not converged, seconds null, the laggard named', () => {
    const conv = checkConvergence(
      makeEvidence({
        convergence: [
          observation({}),
          observation({
            reachedAtMs: null,
            replicas: [
              { node: 'pg-3', replayLsn: '0/3000060', streaming: true, caughtUp: true },
              { node: 'pg-4', replayLsn: '0/1000000', streaming: true, caughtUp: false },
            ],
          }),
        ],
      }),
    );
    expect(conv).toMatchObject({ seconds: null, converged: false, replicas: 2, laggingReplicas: ['pg-4'] });
    expect(conv.reason).toMatch(/pg-4 did not replay pg-2's LSN 0\/3000060 within 30s/);
  });

  it('no wait: converged step: nothing measured', () => {
    expect(checkConvergence(makeEvidence())).toEqual({
      seconds: null,
      converged: null,
      replicas: 0,
      laggingReplicas: [],
      reason: 'no `wait: converged` step ran',
    });
  });

  it('MUST NOT pass with no replica at all: not measured, and says why', () => {
    const conv = checkConvergence(makeEvidence({ convergence: [observation({ replicas: [], reachedAtMs: 1_000 })] }));
    expect(conv).toEqual({
      seconds: null,
      converged: null,
      replicas: 0,
      laggingReplicas: [],
      reason: 'no live replica of pg-2 when the last `wait: converged` ran: nothing could converge',
    });
  });
});
