/** Synthetic evidence for the checkers' tests: sensible empty defaults, override what matters. */
import type { Evidence } from '../run/evidence.ts';
import type { Operation, OpOutcome } from '../workload/history.ts';

/** An evidence record with no ops, faults, promotions, role changes or observations unless given. */
export function makeEvidence(partial: Partial<Evidence> = {}): Evidence {
  return {
    history: { ops: [] },
    faults: [],
    promotions: [],
    roleChanges: [],
    checksums: null,
    convergence: [],
    finalState: null,
    timeline: [],
    ...partial,
  };
}

/** One operation; `invokedAt` defaults to 1 ms before `completedAt`, `node` to pg-1. */
export function op(key: number, outcome: OpOutcome, completedAt: number, more: Partial<Operation> = {}): Operation {
  return { key, client: 0, invokedAt: completedAt - 1, completedAt, outcome, node: 'pg-1', ...more };
}
