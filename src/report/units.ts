/** The unit of each bounded expectation, by its name as in results: a target reads `<= 15 s`, never `<= 15`. */
const UNITS: Record<string, string> = {
  'rpo.lostTransactions': 'writes',
  'rpo.seconds': 's',
  'rto.maxSeconds': 's',
  'convergence.within': 's',
  'workload.acknowledged': 'writes',
  'workload.failed': 'writes',
  'workload.unknown': 'writes',
  'workload.maxStallSeconds': 's',
  'workload.latencyP99': 'ms',
  'reads.stale': 'reads',
  'reads.maxStalenessSeconds': 's',
  'reads.nonMonotonic': 'reads',
  'reads.failed': 'reads',
  'observed.maxLagBytes': 'bytes',
  'observed.maxLagSeconds': 's',
  'observed.archiveFailures': 'failures',
  'observed.maxWalBytes': 'bytes',
  'observed.walReceiverDrops': 'drops',
};

export function unitOf(name: string): string | undefined {
  return UNITS[name];
}

/** An expectation's target with its unit: `<= 15 s`, `1..3 reads`; words (`match`, `none`) stay as they are. */
export function targetWithUnit(name: string, expected: string): string {
  const unit = UNITS[name];
  return unit && /\d$/.test(expected) ? `${expected} ${unit}` : expected;
}
