/**
 * Collects evidence while a drill runs. Steps report what they did here; nothing else writes
 * to the evidence, so the checkers see one consistent account.
 */
import type { AppliedFault, ConvergenceObservation, Promotion, RoleChange, TimelineEvent } from './evidence.ts';
import type { BackupRecord, MarkRecord, RecoveryRecord } from './recovery-evidence.ts';

export class EvidenceRecorder {
  readonly timeline: TimelineEvent[] = [];
  readonly faults: AppliedFault[] = [];
  readonly promotions: Promotion[] = [];
  readonly roleChanges: RoleChange[] = [];
  readonly convergence: ConvergenceObservation[] = [];
  readonly backups: BackupRecord[] = [];
  readonly marks: MarkRecord[] = [];
  readonly recoveries: RecoveryRecord[] = [];
  /** the logical subscriber a subscribe step started, if one did */
  subscriber: { node: string; failover: boolean } | undefined;
  /** further files for the report (a runbook's output), by file name */
  readonly artifacts: Record<string, string> = {};

  constructor(
    /** monotonic ms at the run's start: timeline entries are relative to it */
    readonly t0: number,
    private readonly now: () => number,
    private readonly onEvent: (event: TimelineEvent) => void = () => {},
  ) {}

  event(kind: TimelineEvent['kind'], message: string, node?: string, atMs = this.now()): void {
    const event: TimelineEvent = { atMs: Math.round(atMs - this.t0), kind, message, ...(node ? { node } : {}) };
    this.timeline.push(event);
    this.onEvent(event);
  }

  fault(fault: AppliedFault, message: string): void {
    this.faults.push(fault);
    this.event('fault', message, fault.node, fault.atMs);
  }

  promotion(promotion: Promotion): void {
    this.promotions.push(promotion);
    this.role({ node: promotion.node, role: 'primary', atMs: promotion.completedAtMs, timeline: promotion.timeline });
  }

  /** A backup by name, for the restore and PITR steps that refer to it (the loader checked it exists). */
  backup(name: string): BackupRecord | undefined {
    return this.backups.find((b) => b.name === name);
  }

  mark(name: string): MarkRecord | undefined {
    return this.marks.find((m) => m.name === name);
  }

  role(change: RoleChange): void {
    this.roleChanges.push(change);
  }
}
