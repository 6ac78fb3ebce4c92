/** RTO: how long clients could not write after the fault. */
import type { Evidence } from '../run/evidence.ts';
import type { RtoMetric } from './types.ts';
import { firstFault } from './common.ts';

/**
 * From the fault instant (the first applied fault) to the first acknowledged write that
 * completed after it. Also splits out detection (fault -> failover procedure began) and
 * promotion (fault -> new primary writable) from the first promotion completed after the fault.
 * Every value is null, with a reason, when it could not be measured; in particular a drill whose
 * clients never got a write acknowledged after the fault has `seconds: null`, which fails any
 * `rto.maxSeconds` expectation.
 *
 * @param originMs subtracted from `faultAtMs` / `firstAckAtMs` (the run's start on the evidence clock)
 */
export function checkRto(evidence: Evidence, originMs = 0): RtoMetric {
  const fault = firstFault(evidence);
  if (fault === null) {
    return { seconds: null, detectionSeconds: null, promotionSeconds: null, faultAtMs: null, firstAckAtMs: null, reason: 'no fault was injected' };
  }
  let firstAck = Infinity;
  for (const op of evidence.history.ops) {
    if (op.outcome === 'ok' && op.completedAt > fault.atMs && op.completedAt < firstAck) firstAck = op.completedAt;
  }
  let promotion: Evidence['promotions'][number] | null = null;
  for (const p of evidence.promotions) {
    if (p.completedAtMs > fault.atMs && (promotion === null || p.completedAtMs < promotion.completedAtMs)) promotion = p;
  }

  const reasons: string[] = [];
  if (firstAck === Infinity) {
    reasons.push(evidence.history.ops.length === 0 ? 'no workload ran: no write to acknowledge' : 'no acknowledged write after the fault');
  }
  if (promotion === null) reasons.push('no promotion after the fault');
  return {
    seconds: firstAck === Infinity ? null : (firstAck - fault.atMs) / 1000,
    detectionSeconds: promotion === null ? null : (promotion.procedureStartedAtMs - fault.atMs) / 1000,
    promotionSeconds: promotion === null ? null : (promotion.completedAtMs - fault.atMs) / 1000,
    faultAtMs: fault.atMs - originMs,
    firstAckAtMs: firstAck === Infinity ? null : firstAck - originMs,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}
