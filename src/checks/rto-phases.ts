/**
 * RTO as the three things that took the time: detection (fault → the system or operator acted),
 * promotion (→ a new primary was writable), client recovery (→ the first acknowledged write
 * through the endpoint), and which of them took longest. Computed here, with the verdicts, so
 * every report shows the same split.
 */
import type { RtoMetric, RtoPhase } from './types.ts';

/**
 * The phases that were measured, and the longest; empty when RTO itself was not.
 * @param totalSeconds fault → first acknowledged write (RTO); null when unmeasured
 * @param detectionSeconds fault → failover began
 * @param writableSeconds fault → new primary writable
 */
export function rtoPhases(
  totalSeconds: number | null,
  detectionSeconds: number | null,
  writableSeconds: number | null,
): { phases: RtoPhase[]; longest: RtoPhase['name'] | null } {
  if (totalSeconds === null) return { phases: [], longest: null };
  const phases: RtoPhase[] = [];
  if (detectionSeconds !== null) phases.push({ name: 'detection', seconds: detectionSeconds });
  if (writableSeconds !== null) {
    phases.push({ name: 'promotion', seconds: writableSeconds - (detectionSeconds ?? 0) });
    phases.push({ name: 'client recovery', seconds: totalSeconds - writableSeconds });
  }
  const longest = phases.reduce<RtoPhase | null>((max, p) => (max === null || p.seconds > max.seconds ? p : max), null);
  return { phases, longest: longest?.name ?? null };
}

/**
 * The RTO metric's phases and the longest, as the check stored them; result.json files older than
 * those fields get them derived from the same numbers, so an old report reads as it did.
 */
export function phasesOf(
  rto: Pick<RtoMetric, 'seconds' | 'detectionSeconds' | 'promotionSeconds'> &
    Partial<Pick<RtoMetric, 'phases' | 'longestPhase'>>,
): { phases: RtoPhase[]; longest: RtoPhase | null } {
  if (rto.phases !== undefined) {
    return { phases: rto.phases, longest: rto.phases.find((p) => p.name === rto.longestPhase) ?? null };
  }
  const { phases, longest } = rtoPhases(rto.seconds, rto.detectionSeconds, rto.promotionSeconds);
  return { phases, longest: phases.find((p) => p.name === longest) ?? null };
}
