/**
 * Archive-only RPO: what a recovery from the WAL archive alone (`pitr by: latest`) got back, and
 * what died with the server. A primary ships a segment to the archive when it is full or when
 * archive_timeout forces a switch; the commits in the unfinished segment exist nowhere else.
 */
import type { Evidence, NodeSample } from '../evidence/evidence.ts';
import type { RecoveryRecord } from '../evidence/recovery-evidence.ts';
import { parseLsn } from '../evidence/lsn.ts';
import { DEFAULT_SEGMENT_BYTES } from '../evidence/wal-segments.ts';
import type { ArchiveLoss } from './types.ts';
import { firstDisruptiveFault, firstFault, sortedCapped } from './common.ts';

/**
 * Acknowledged writes completed before the recovery began that the recovered data lacks are lost
 * (`unknown` ones are not counted: they may never have committed). `seconds` runs from the last
 * acknowledged write the recovery holds to the fault (the first that cut clients off writing,
 * else the first): the span of commits the archive never received. `walBytes` is the lost
 * server's WAL position at its last sample before the fault minus where replay ended: a lower
 * bound, as the server wrote on until the fault. Null, with `reason`, whatever cannot be measured.
 * Instants are offsets from `originMs`. Null for anything but a `by: latest` recovery.
 */
export function checkArchiveLoss(record: RecoveryRecord, evidence: Evidence, originMs = 0): ArchiveLoss | null {
  if (record.kind !== 'pitr' || record.target?.by !== 'latest') return null;
  const end = record.archiveEnd;
  const base = {
    switchedWal: record.switchedWal ?? true,
    recoveredToLsn: end?.redoDoneLsn ?? null,
    archiveTimeout: end?.archiveTimeout ?? null,
  };
  const fault = firstDisruptiveFault(evidence) ?? firstFault(evidence);
  const acked = evidence.history.ops.filter((op) => op.outcome === 'ok' && op.completedAt <= record.startedAtMs);
  if (record.actual === null || acked.length === 0) {
    return {
      ...base,
      acknowledged: acked.length,
      lostCommits: null,
      lostKeys: [],
      lastRecoveredCommitAtMs: null,
      faultAtMs: fault === null ? null : fault.atMs - originMs,
      seconds: null,
      walBytes: null,
      lsnAtFault: null,
      sampledSecondsBeforeFault: null,
      reason:
        record.actual === null
          ? 'the recovered node could not be read'
          : 'no write was acknowledged before the recovery, so none could be lost',
    };
  }
  const recovered = new Set(record.actual.keys);
  const lost = acked.filter((op) => !recovered.has(op.key));
  const kept = acked.filter((op) => recovered.has(op.key));
  const lastKept = kept.length === 0 ? null : Math.max(...kept.map((op) => op.completedAt));
  const reasons: string[] = [];
  let seconds: number | null = null;
  if (fault === null) reasons.push('no fault was injected: no instant to measure the window against');
  else if (lastKept === null) reasons.push('the recovery holds none of the acknowledged writes');
  else seconds = Math.round(Math.max(0, fault.atMs - lastKept)) / 1000;

  const sample = fault === null ? undefined : lastPrimarySample(evidence, fault.node, fault.atMs);
  let walBytes: number | null = null;
  if (fault !== null && sample === undefined)
    reasons.push('no WAL position of the lost server was sampled before the fault');
  if (end?.redoDoneLsn == null) reasons.push('the restored server did not log where its replay ended');
  if (sample?.currentLsn && end?.redoDoneLsn) {
    const behind = parseLsn(sample.currentLsn) - archivedUpTo(end.redoDoneLsn);
    walBytes = behind > 0n ? Number(behind) : 0;
  }
  return {
    ...base,
    acknowledged: acked.length,
    lostCommits: lost.length,
    lostKeys: sortedCapped(lost.map((op) => op.key)),
    lastRecoveredCommitAtMs: lastKept === null ? null : lastKept - originMs,
    faultAtMs: fault === null ? null : fault.atMs - originMs,
    seconds,
    walBytes,
    lsnAtFault: sample?.currentLsn ?? null,
    sampledSecondsBeforeFault: sample && fault ? (fault.atMs - sample.atMs) / 1000 : null,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}

/**
 * Where the archived WAL ends: the end of the segment replay ended in. The archive holds whole
 * segments only, and when replay ended at a WAL switch (pg_basebackup's, pg_switch_wal()'s) the
 * rest of that segment is padding, not data: counting from the redo position would add it.
 */
function archivedUpTo(redoDoneLsn: string): bigint {
  const segment = BigInt(DEFAULT_SEGMENT_BYTES);
  return (parseLsn(redoDoneLsn) / segment + 1n) * segment;
}

/** The last sample at or before `atMs` in which `node` (the faulted one; else any) was a primary with a WAL position. */
function lastPrimarySample(evidence: Evidence, node: string | undefined, atMs: number): NodeSample | undefined {
  let last: NodeSample | undefined;
  for (const s of evidence.samples) {
    if (s.atMs > atMs || s.role !== 'primary' || s.currentLsn === null) continue;
    if (node !== undefined && s.node !== node) continue;
    if (last === undefined || s.atMs > last.atMs) last = s;
  }
  return last;
}
