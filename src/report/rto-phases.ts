/**
 * RTO as the three things that took the time: detection (fault → the system or operator
 * acted), promotion (→ a new primary was writable), client recovery (→ the first acknowledged
 * write through the endpoint), and which of them took longest.
 */
import type { RtoMetric } from '../checks/types.ts';

export interface RtoPhase {
  name: 'detection' | 'promotion' | 'client recovery';
  seconds: number;
}

/** The phases that were measured, and the longest; empty when RTO itself was not. */
export function rtoPhases(rto: RtoMetric): { phases: RtoPhase[]; longest: RtoPhase | null } {
  if (rto.seconds === null) return { phases: [], longest: null };
  const phases: RtoPhase[] = [];
  if (rto.detectionSeconds !== null) phases.push({ name: 'detection', seconds: rto.detectionSeconds });
  if (rto.promotionSeconds !== null) {
    phases.push({ name: 'promotion', seconds: rto.promotionSeconds - (rto.detectionSeconds ?? 0) });
    phases.push({ name: 'client recovery', seconds: rto.seconds - rto.promotionSeconds });
  }
  const longest = phases.reduce<RtoPhase | null>((max, p) => (max === null || p.seconds > max.seconds ? p : max), null);
  return { phases, longest };
}

/** `detection 1.001 s, promotion 0.12 s, client recovery 0.04 s — detection took longest`, or ''. */
export function rtoPhasesText(rto: RtoMetric, format: (n: number) => string): string {
  const { phases, longest } = rtoPhases(rto);
  if (phases.length === 0) return '';
  return `${phases.map((p) => `${p.name} ${format(Math.max(0, p.seconds))} s`).join(', ')}${longest ? ` — ${longest.name} took longest` : ''}`;
}
