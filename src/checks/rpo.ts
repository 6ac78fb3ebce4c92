/** RPO: which acknowledged writes the surviving primary no longer holds. */
import type { Evidence, FinalState } from '../evidence/evidence.ts';
import type { RpoMetric } from './types.ts';
import { firstDisruptiveFault, firstFault, sortedCapped } from './common.ts';

/** Why nothing could be lost: without an acknowledged write, `lostTransactions: 0` would be a claim nothing backs. */
export const NO_ACK_REASON = 'no write was acknowledged, so none could be lost';

/**
 * Acknowledged (`ok`) keys missing from `finalState.presentKeys` are lost. `unknown` writes may
 * or may not have committed, so they are only counted (present / absent), never lost; `fail`
 * writes that are present anyway are listed as an anomaly.
 *
 * `seconds` is the data-loss window: from the earliest lost acknowledgement to the fault instant,
 * floored at 0 (writes lost after the fault count as a zero window, not a negative one). The
 * fault instant is the same as RTO's, the first fault that cut the clients off writing
 * (`disruptsWrites`); when no fault did, it is the first fault of any kind (e.g. a lag that let
 * an asynchronous replica fall behind before a switchover). It is 0 when nothing was lost, and
 * null when writes were lost but no fault was injected, because there is then no instant to
 * measure the window against.
 *
 * Nothing is measured (`lostTransactions` and `seconds` null, with a reason) when no write was
 * acknowledged at all, e.g. a scenario without a workload: with nothing acknowledged, nothing
 * could be lost, and a 0 would pass `lostTransactions: 0` on no evidence. Without any operation,
 * the unknown and failed-but-present counts are null as well; nor is anything measured when the
 * surviving primary could not be read (no final state).
 */
function survivorOf(finalState: FinalState): string {
  return finalState.recoveredAtStep === undefined
    ? `${finalState.primary} (the surviving primary)`
    : `${finalState.primary} (recovered from the WAL archive at step ${finalState.recoveredAtStep + 1})`;
}

export function checkRpo(evidence: Evidence): RpoMetric {
  const { finalState } = evidence;
  const ops = evidence.history.ops;
  const anyAck = ops.some((op) => op.outcome === 'ok');
  if (finalState === null || ops.length === 0) {
    const unread = 'the surviving primary could not be read: no final state';
    return {
      lostTransactions: null,
      seconds: null,
      survivor: finalState === null ? null : survivorOf(finalState),
      lostKeys: [],
      lostKeysTotal: 0,
      unknownCommitted: null,
      unknownAbsent: null,
      failedButPresent: [],
      failedButPresentTotal: null,
      reason: ops.length === 0 ? NO_ACK_REASON : anyAck ? unread : `${NO_ACK_REASON}; ${unread}`,
    };
  }
  const present = new Set(finalState.presentKeys);
  const lost = new Set<number>();
  const failedButPresent = new Set<number>();
  let earliestLostAck = Infinity;
  let unknownCommitted = 0;
  let unknownAbsent = 0;
  for (const op of ops) {
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
  const counts = {
    survivor: survivorOf(finalState),
    lostKeys: sortedCapped(lost),
    lostKeysTotal: lost.size,
    unknownCommitted,
    unknownAbsent,
    failedButPresent: sortedCapped(failedButPresent),
    failedButPresentTotal: failedButPresent.size,
  };
  if (!anyAck) return { lostTransactions: null, seconds: null, ...counts, reason: NO_ACK_REASON };

  const fault = firstDisruptiveFault(evidence) ?? firstFault(evidence);
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
  return { lostTransactions: lost.size, seconds, ...counts, ...(reason ? { reason } : {}) };
}
