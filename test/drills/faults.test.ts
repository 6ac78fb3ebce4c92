/**
 * Every fault in scenarios/faults/ runs for real and passes, and its report's timeline carries
 * the evidence that the fault happened — not just that the expectations held.
 */
import { describe } from 'vitest';
import { drillsWithEvidence } from './pgdrill-cli.ts';

const FAULT_DRILLS: { scenario: string; evidence: RegExp[] }[] = [
  {
    scenario: 'partition-replica',
    evidence: [
      /^partition \[pg-2\] \| \[pg-1\]/,
      /WAL receiver: streaming → /,
      /log: FATAL: terminating walreceiver due to timeout/,
      /healed: partition/,
    ],
  },
  {
    scenario: 'partition-primary-split-brain',
    evidence: [/^partition \[pg-1\] \| \[pg-2\]/, /pg-2 promoted on timeline 2/, /pg-1 left out of checksums/],
  },
  { scenario: 'lag-async-loses-writes', evidence: [/lag on pg-2: bandwidth 16kbit/, /SIGKILL pg-1/] },
  {
    scenario: 'lag-heal-one-replica',
    evidence: [
      /lag on pg-2: bandwidth 16kbit/,
      /lag on pg-3: bandwidth 16kbit/,
      /^heal replica-1: 1 fault\(s\) undone/,
      /^convergence to \S+ on pg-1 \(2 replica\(s\)\): \d/,
    ],
  },
  {
    scenario: 'lag-sync-keeps-writes',
    evidence: [/lag on pg-2: bandwidth 16kbit/, /no replica left to be synchronous/],
  },
  {
    scenario: 'disk-full-wal',
    evidence: [/filled wal volume of pg-1 to ENOSPC/, /No space left on device/, /pg-2 promoted/],
  },
  {
    scenario: 'disk-full-archive',
    evidence: [
      /filled archive volume of pg-1/,
      /archiving fails|archive command failed/,
      /healed: freed the archive volume/,
    ],
  },
  { scenario: 'pause-primary', evidence: [/froze pg-1/, /pg-1 stopped answering the harness/, /thawed pg-1/] },
  {
    scenario: 'restart-primary',
    evidence: [
      /pg_ctl stop -m fast on pg-1/,
      /log: LOG: received fast shutdown request/,
      /log: LOG: database system is ready to accept connections/,
    ],
  },
  {
    scenario: 'stop-replica-immediate',
    evidence: [
      /pg_ctl stop -m immediate on pg-2/,
      /log: LOG: received immediate shutdown request/,
      /pg-2 stopped answering the harness/,
      /PostgreSQL started again on pg-2/,
    ],
  },
  {
    // PostgreSQL 18: the replica down past idle_replication_slot_timeout cannot stream again
    scenario: 'idle-slot-timeout-strands-replica',
    evidence: [
      /^step 6 \(wait converged\) failed as expected: .*pg-2 \(not streaming from the primary/,
      /can no longer access replication slot "pg_2" DETAIL: +This replication slot has been invalidated due to "idle_timeout"/,
    ],
  },
];

describe('scenarios/faults', () => drillsWithEvidence('scenarios/faults', FAULT_DRILLS));
