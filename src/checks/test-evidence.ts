/** Synthetic evidence for the checkers' tests: sensible empty defaults, override what matters. */
import type { AppliedFault, Evidence, NodeSample } from '../evidence/evidence.ts';
import type { Operation, OpOutcome } from '../evidence/history.ts';

/** An evidence record with no ops, faults, promotions, role changes, observations or samples unless given. */
export function makeEvidence(partial: Partial<Evidence> = {}): Evidence {
  return {
    history: { ops: [] },
    faults: [],
    promotions: [],
    roleChanges: [],
    checksums: null,
    checksumsLeftOut: [],
    convergence: [],
    finalState: null,
    timeline: [],
    samples: [],
    backups: [],
    marks: [],
    recoveries: [],
    ...partial,
  };
}

/** Kinds that do not cut the clients off writing by default: undoing a fault, or slowing a replica. */
const HARMLESS = new Set(['heal', 'resume', 'lag']);

/**
 * An applied fault on pg-1 (the primary) at `atMs`. `disruptsWrites` is true unless `kind` is
 * heal, resume or lag; a fault on a replica must say `{ node, disruptsWrites: false }`.
 */
export function fault(kind: string, atMs: number, more: Partial<AppliedFault> = {}): AppliedFault {
  return { kind, node: 'pg-1', atMs, stepIndex: 1, disruptsWrites: !HARMLESS.has(kind), ...more };
}

/** One operation; `invokedAt` defaults to 1 ms before `completedAt`, `node` to pg-1. */
export function op(key: number, outcome: OpOutcome, completedAt: number, more: Partial<Operation> = {}): Operation {
  return { key, client: 0, invokedAt: completedAt - 1, completedAt, outcome, node: 'pg-1', ...more };
}

/**
 * One sample of `node` at `atMs`: a reachable, streaming replica with nothing pending unless
 * `more` says otherwise. `{reachable: false}` also nulls every reading, as the sampler does.
 */
export function sample(node: string, atMs: number, more: Partial<NodeSample> = {}): NodeSample {
  const base: NodeSample = {
    atMs,
    node,
    reachable: true,
    role: 'replica',
    timeline: 1,
    currentLsn: null,
    receiveLsn: '0/3000000',
    replayLsn: '0/3000000',
    lagBytes: 0,
    lagSeconds: 0,
    walReceiver: 'streaming',
    archivedCount: 0,
    archiveFailedCount: 0,
    walBytes: 16_777_216,
    disk: null,
  };
  if (more.reachable === false) {
    Object.assign(base, {
      role: null,
      timeline: null,
      receiveLsn: null,
      replayLsn: null,
      lagBytes: null,
      lagSeconds: null,
      walReceiver: null,
      archivedCount: null,
      archiveFailedCount: null,
      walBytes: null,
    });
  }
  return { ...base, ...more };
}
