/** Convergence: how long replicas took to replay the primary's WAL. */
import type { Evidence } from '../evidence/evidence.ts';
import type { ConvergenceMetric } from './types.ts';

/**
 * Reads the last `wait: converged` observation: the time from the wait's start until every
 * replica had replayed the primary's LSN, or `converged: false` with the replicas still behind.
 * Without such a step, or when it found no live replica, nothing was measured and every value is null.
 */
export function checkConvergence(evidence: Evidence): ConvergenceMetric {
  const last = evidence.convergence.at(-1);
  if (last === undefined) {
    return {
      seconds: null,
      converged: null,
      replicas: 0,
      laggingReplicas: [],
      reason: 'no `wait: converged` step ran',
    };
  }
  const laggingReplicas = last.replicas.filter((r) => !r.caughtUp).map((r) => r.node);
  if (last.reachedAtMs === null) {
    const behind = laggingReplicas.length > 0 ? laggingReplicas.join(', ') : 'unknown replicas';
    return {
      seconds: null,
      converged: false,
      replicas: last.replicas.length,
      laggingReplicas,
      reason: `${behind} did not replay ${last.primary}'s LSN ${last.targetLsn} within ${last.timeoutMs / 1000}s`,
    };
  }
  if (last.replicas.length === 0) {
    // Nothing replayed anything: a convergence of no replica proves nothing, so it is not measured.
    return {
      seconds: null,
      converged: null,
      replicas: 0,
      laggingReplicas,
      reason: `no live replica of ${last.primary} when the last \`wait: converged\` ran: nothing could converge`,
    };
  }
  return {
    seconds: (last.reachedAtMs - last.startedAtMs) / 1000,
    converged: true,
    replicas: last.replicas.length,
    laggingReplicas,
  };
}
