/** RTO's phases as one line of text; the phases themselves are computed by the RTO check. */
import { phasesOf } from '../checks/rto-phases.ts';
import type { RtoMetric } from '../checks/types.ts';

/** `detection 1.001 s, promotion 0.12 s, client recovery 0.04 s — detection took longest`, or ''. */
export function rtoPhasesText(rto: RtoMetric, format: (n: number) => string): string {
  const { phases, longest } = phasesOf(rto);
  if (phases.length === 0) return '';
  return `${phases.map((p) => `${p.name} ${format(Math.max(0, p.seconds))} s`).join(', ')}${longest ? ` — ${longest.name} took longest` : ''}`;
}
