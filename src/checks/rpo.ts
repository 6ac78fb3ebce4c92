/** RPO: which acknowledged writes the surviving primary no longer holds. */
import type { Evidence } from '../run/evidence.ts';
import type { RpoMetric } from './types.ts';
import { firstFault, sortedCapped } from './common.ts';

/**
 * Acknowledged (`ok`) keys missing from `finalState.presentKeys` are lost. `unknown` writes may
 * or may not have committed, so they are only counted (present / absent), never lost; `fail`
 * writes that are present anyway are listed as an anomaly.
 *
 * `seconds` is the data-loss window: from the earliest lost acknowledgement to the first fault,
 * floored at 0 (writes lost after the fault count as a zero window, not a negative one). It is 0
 * when nothing was lost, and null when writes were lost but no fault was injected, because
 * there is then no instant to measure the window against.
 */
export function checkRpo(evidence: Evidence): RpoMetric {
  const { finalState } = evidence;
  if (finalState === null) {
    return {
      lostTransactions: null, seconds: null, lostKeys: [], lostKeysTotal: 0,
      unknownCommitted: null, unknownAbsent: null, failedButPresent: [], failedButPresentTotal: null,
      reason: 'the surviving primary could not be read: no final state',
    };
  }
  const present = new Set(finalState.presentKeys);
  const lost = new Set<number>();
  const failedButPresent = new Set<number>();
  let earliestLostAck = Infinity;
  let unknownCommitted = 0;
  let unknownAbsent = 0;
  for (const op of evidence.history.ops) {
    const isPresent = present.has(op.key);
    if (op.outcome === 'ok') {
      if (!isPresent) {
        lost.add(op.key);
        if (op.completedAt < earliestLostAck) earliestLostAck = op.completedAt;
      }
    } else if (op.outcome === 'unknown') {
      if (isPresent) unknownCommitted++;
      else unknownAbsent++;
    } else if (isPresent) {
      failedButPresent.add(op.key);
    }
  }

  const fault = firstFault(evidence);
  let seconds: number | null = 0;
  let reason: string | undefined;
  if (lost.size > 0) {
    if (fault === null) {
      seconds = null;
      reason = 'acknowledged writes were lost but no fault was injected: no instant to measure the window against';
    } else {
      seconds = Math.max(0, fault.atMs - earliestLostAck) / 1000;
    }
  }
  return {
    lostTransactions: lost.size,
    seconds,
    lostKeys: sortedCapped(lost),
    lostKeysTotal: lost.size,
    unknownCommitted,
    unknownAbsent,
    failedButPresent: sortedCapped(failedButPresent),
    failedButPresentTotal: failedButPresent.size,
    ...(reason ? { reason } : {}),
  };
}
