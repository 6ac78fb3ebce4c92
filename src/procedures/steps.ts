/**
 * The procedure steps as the handlers receive them, every default resolved: one type per kind,
 * declared here rather than in the kind's descriptor (./kinds/) so that a handler can name its
 * step type without importing the descriptor that lazily imports the handler (no cycle, not even
 * through a type).
 */
import type { StepBase, TargetRef } from '../model/model.ts';

export type BackupMethod = 'pg_dump' | 'pg_basebackup' | 'pgbackrest';

export interface BackupStep extends StepBase {
  type: 'procedure';
  procedure: 'backup';
  method: BackupMethod;
  /** @default METHOD-STEP (1-based) */
  name: string;
  /** pg_dump: custom (default); pg_basebackup: tar (default) or plain; pgbackrest: none */
  format?: 'custom' | 'tar' | 'plain';
  compress?: boolean;
  /** `type:` in the file; incr builds on the backup of the same method before it. @default 'full' (not pg_dump) */
  backupType?: 'full' | 'incr' | 'diff';
}

export interface CheckpointStep extends StepBase {
  type: 'procedure';
  procedure: 'checkpoint';
  /** @default 'primary' */
  target: TargetRef;
}

export type FailoverStep = RoleChangeStep<'failover'>;

export interface MarkStep extends StepBase {
  type: 'procedure';
  procedure: 'mark';
  name: string;
}

export interface PitrStep extends StepBase {
  type: 'procedure';
  procedure: 'pitr';
  /** `latest`: no target, every segment the archive holds is replayed and the server opens */
  target: { mark?: string; by: 'time' | 'xid' | 'lsn' | 'name' | 'immediate' | 'latest' };
  /** a physical backup; absent: the latest one before the target */
  from?: string;
  /**
   * pg_switch_wal() on the live primary first, and wait for the archiver to ship the segment, so
   * the target is in the archive (a drill of recovery's correctness). false: the archive as it
   * stands (a drill of what an archive-only recovery loses). @default true
   */
  switchWal: boolean;
  /** recovery_target_action. @default 'pause' */
  action: 'promote' | 'pause' | 'shutdown';
  /** recovery_target_inclusive. @default true */
  inclusive: boolean;
}

/** A logical subscriber of the workload table, on a server of its own (`subscriber-N`). */
export interface SubscribeStep extends StepBase {
  type: 'procedure';
  procedure: 'subscribe';
  /** CREATE SUBSCRIPTION … WITH (failover = true): its slot may be synchronised to standbys (17+). @default true */
  failover: boolean;
}

/** The subscription follows the current primary; the subscriber must then hold exactly its rows. */
export interface RepointSubscriberStep extends StepBase {
  type: 'procedure';
  procedure: 'repoint-subscriber';
  /** how long the subscriber may take to stream again and catch up. @default 30 s */
  timeoutMs: number;
  /** with a failover slot, every live standby must hold a ready copy again. @default true */
  standbyCopies: boolean;
}

export interface RejoinStep extends StepBase {
  type: 'procedure';
  procedure: 'rejoin';
  target: TargetRef;
}

export interface RestoreStep extends StepBase {
  type: 'procedure';
  procedure: 'restore';
  /** the name of an earlier backup */
  from: string;
}

export type RoleChangeMethod = 'promote' | 'patroni' | 'script' | 'external';

interface RoleChangeCommon<Kind extends 'failover' | 'switchover'> extends StepBase {
  type: 'procedure';
  procedure: Kind;
  candidate?: TargetRef;
  /** method: script or external — how long the promotion may take to show */
  promotionTimeoutMs?: number;
}

/** method: script — the team's runbook promotes, run on the candidate. */
export interface ScriptedRoleChange<Kind extends 'failover' | 'switchover'> extends RoleChangeCommon<Kind> {
  method: 'script';
  /** the runbook, absolute */
  file: string;
  args?: string[];
}

/** pgdrill promotes, Patroni does, or a manager pgdrill does not drive does. */
export interface DrivenRoleChange<Kind extends 'failover' | 'switchover'> extends RoleChangeCommon<Kind> {
  /** @default 'patroni' under Patroni, else 'promote' */
  method: Exclude<RoleChangeMethod, 'script'>;
}

export type RoleChangeStep<Kind extends 'failover' | 'switchover'> = ScriptedRoleChange<Kind> | DrivenRoleChange<Kind>;

export interface ScriptStep extends StepBase {
  type: 'procedure';
  procedure: 'script';
  target: TargetRef;
  /** absolute path */
  file: string;
  /** with {mark.NAME.FIELD} / {backup.NAME.path} placeholders */
  args?: string[];
  /** the mark the runbook claims to recover its node to */
  recovers?: string;
}

export interface SqlStep extends StepBase {
  type: 'procedure';
  procedure: 'sql';
  target: TargetRef;
  sql: string;
}

export interface SwitchWalStep extends StepBase {
  type: 'procedure';
  procedure: 'switch-wal';
  /** @default 'primary' */
  target: TargetRef;
}

export type SwitchoverStep = RoleChangeStep<'switchover'>;
