/**
 * The HA procedures through the endpoint clients use: PgBouncer repointed on failover, a planned
 * switchover, and an old primary rejoining — with and without pg_rewind.
 */
import { describe } from 'vitest';
import { drillsWithEvidence } from './pgdrill-cli.ts';

const HA_DRILLS: { scenario: string; evidence: RegExp[] }[] = [
  {
    scenario: 'pgbouncer-kill-primary',
    evidence: [/SIGKILL pg-1/, /client endpoint now routes to pg-2/, /pg-3 now streams from pg-2/],
  },
  {
    scenario: 'switchover',
    evidence: [
      /switchover: stopping pg-1 cleanly/,
      /pg-2 replayed pg-1's shutdown checkpoint/,
      /pg-1 rejoined as a replica of pg-2/,
    ],
  },
  {
    scenario: 'kill-primary-rejoin',
    evidence: [/container of pg-1 started again, PostgreSQL held down/, /pg-1 rejoined as a replica of pg-2/],
  },
  {
    scenario: 'patroni-kill-leader',
    evidence: [/SIGKILL pg-\d \(primary\)/, /took the leader lock in etcd/, /Patroni elected pg-\d/],
  },
  {
    scenario: 'patroni-partition-leader',
    evidence: [
      /^partition \[pg-\d\] \| \[pg-\d, etcd-1, etcd-2, etcd-3, haproxy\]/,
      /patroni INFO: demoting self because DCS is not accessible/,
      /Patroni elected pg-\d/,
    ],
  },
  { scenario: 'etcd-lose-one', evidence: [/SIGKILL etcd-1/] },
  {
    scenario: 'etcd-lose-two',
    evidence: [/SIGKILL etcd-2/, /patroni INFO: demoting self because DCS is not accessible/],
  },
  { scenario: 'patroni-switchover', evidence: [/patronictl switchover pg-\d → pg-\d/, /pg-\d leads on timeline 2/] },
  {
    scenario: 'patroni-lagging-replica-not-promoted',
    evidence: [
      /lag on pg-\d: bandwidth 16kbit/,
      /patroni INFO: My wal position exceeds maximum replication lag/,
      /Patroni elected no new leader/,
    ],
  },
  {
    scenario: 'patroni-sync-lag-kill-leader',
    evidence: [
      /patroni INFO: Assigning synchronous standby status/,
      /lag on pg-\d: bandwidth 16kbit/,
      /Patroni elected pg-\d/,
    ],
  },
  {
    scenario: 'split-brain-rewind',
    evidence: [
      /pg-1 cannot follow pg-2: its WAL diverged; rewinding/,
      /pg_rewind pg-1 from pg-2: rewound/,
      /pg-1 rejoined as a replica/,
    ],
  },
];

describe('scenarios/ha', () => drillsWithEvidence('scenarios/ha', HA_DRILLS));
