/** Small helpers shared by the checkers. */
import { LIST_LIMIT, type AppliedFault, type Evidence } from '../evidence/evidence.ts';

/** Fault kinds that undo a fault: they are never "the fault instant". */
const UNDOING = new Set(['heal', 'resume']);

/** The earliest applied fault (by `atMs`) that broke something and matches `which`, or null when none. */
function earliest(evidence: Evidence, which: (fault: AppliedFault) => boolean): AppliedFault | null {
  let first: AppliedFault | null = null;
  for (const fault of evidence.faults) {
    if (UNDOING.has(fault.kind) || !which(fault)) continue;
    if (first === null || fault.atMs < first.atMs) first = fault;
  }
  return first;
}

/** The first fault that broke something (earliest `atMs`), or null when none was applied. */
export function firstFault(evidence: Evidence): AppliedFault | null {
  return earliest(evidence, () => true);
}

/**
 * The first fault that cut the clients off writing (`disruptsWrites`): the instant RTO is timed
 * from. A lag or a replica's outage before it does not start the clock. Null when no fault did.
 */
export function firstDisruptiveFault(evidence: Evidence): AppliedFault | null {
  return earliest(evidence, (fault) => fault.disruptsWrites === true);
}

/** Ascending numeric sort of a copy, cut to LIST_LIMIT. */
export function sortedCapped(values: Iterable<number>): number[] {
  return Array.from(values)
    .sort((a, b) => a - b)
    .slice(0, LIST_LIMIT);
}

/**
 * Index of the first of `sorted` (ascending by `keyOf`) whose key is above `value`, by binary
 * search: `sorted.length` when none is.
 */
export function firstAbove<T>(sorted: readonly T[], value: number, keyOf: (item: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyOf(sorted[mid] as T) > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
