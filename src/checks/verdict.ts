/**
 * Verdicts in three values. An expectation held, failed, or could not be measured; "not measured"
 * is never a pass and never a failure with a made-up number. Like Jepsen's merge-valid, the worst
 * value wins when verdicts are combined: failed > not-measured > held.
 */

export type Verdict = 'held' | 'failed' | 'not-measured';

/**
 * One check's answer to one expectation. `reason` says why it failed (optional for a plain
 * out-of-bound value) or, when it held, what was seen (the differences a `differ` target wanted);
 * `why` says why it could not be measured.
 */
export type Outcome =
  | { verdict: 'held'; reason?: string }
  | { verdict: 'failed'; reason?: string }
  | { verdict: 'not-measured'; why: string };

const RANK: Record<Verdict, number> = { held: 0, 'not-measured': 1, failed: 2 };

/** The scenario's verdict from its parts: failed > not-measured > held; nothing to judge holds. */
export function mergeVerdicts(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'held';
  for (const v of verdicts) if (RANK[v] > RANK[worst]) worst = v;
  return worst;
}
