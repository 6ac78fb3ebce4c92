/**
 * The one shape every expectation check has (Jepsen's checker protocol): a name, the expectation
 * keys it answers, and a pure evaluation of the measured evidence against the stated expectations.
 */
import type { Expectations } from '../model/model.ts';
import type { Metrics } from './types.ts';
import type { Outcome } from './verdict.ts';

/** One stated expectation as a check answers it, before it becomes an ExpectationResult. */
export interface Judged {
  /** dotted key as in the scenario, one of the check's `answers` */
  name: string;
  /** human-readable bound, e.g. "<= 0", "match" */
  expected: string;
  /** the measured value; null when not measured */
  actual: number | string | boolean | null;
  outcome: Outcome;
}

export interface Check {
  name: string;
  /** the expectation keys it answers, dotted as in the scenario, in the order it judges them */
  answers: readonly string[];
  /** one Judged per stated expectation it answers (none stated: none); pure, no clock */
  evaluate(metrics: Metrics, expect: Expectations): Judged[];
}
