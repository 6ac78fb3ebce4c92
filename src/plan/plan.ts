/**
 * scenario → plan: checks that this pgdrill can carry out the combination the scenario asks
 * for (rejected before any container starts, naming file:line and key), gives each step a
 * title, and says which volumes and shared storage the topology needs.
 */
import type { Scenario, Step } from '../scenario/scenario.ts';
import { faultDescriptor } from '../faults/registry.ts';
import { procedureDescriptor } from '../procedures/registry.ts';
import { ScenarioError, type ScenarioIssue } from '../errors.ts';
import type { VolumeName } from '../model/model.ts';

export interface PlannedStep {
  step: Step;
  title: string;
}

export interface RunPlan {
  scenario: Scenario;
  steps: PlannedStep[];
  /** volumes a disk-full step fills: each gets a filesystem of its own, of this many bytes */
  limitedVolumes: Partial<Record<VolumeName, number>>;
  /**
   * backup steps run: the nodes share a backup volume; pgBackRest gets the WAL too when it is
   * used, and incremental pg_basebackup needs the WAL summarised
   */
  backups?: { pgbackrest: boolean; summarizeWal: boolean };
  /** a subscribe step runs: every node writes logical WAL */
  logicalSubscriber?: boolean;
}

/** Small enough to fill in a blink, large enough for a drill's data and WAL. */
export const LIMITED_VOLUME_BYTES: Record<VolumeName, number> = {
  data: 256 * 2 ** 20,
  wal: 192 * 2 ** 20,
  archive: 128 * 2 ** 20,
};

function limitedVolumes(scenario: Scenario): RunPlan['limitedVolumes'] {
  const volumes: RunPlan['limitedVolumes'] = {};
  for (const step of scenario.steps) {
    if (step.type === 'fault' && step.fault === 'disk-full') {
      volumes[step.volume] = LIMITED_VOLUME_BYTES[step.volume];
    }
  }
  return volumes;
}

export function stepTitle(step: Step): string {
  switch (step.type) {
    case 'wait':
      if (step.wait.kind === 'duration') return `wait ${step.wait.ms / 1000}s`;
      if (step.wait.kind === 'converged') return 'wait converged';
      return `wait until on ${step.wait.target}`;
    case 'fault':
      return faultDescriptor(step.fault).title(step);
    case 'procedure':
      return procedureDescriptor(step.procedure).title(step);
  }
}

function backupsOf(scenario: Scenario): Pick<RunPlan, 'backups'> {
  const backups = scenario.steps.flatMap((s) => (s.type === 'procedure' && s.procedure === 'backup' ? [s] : []));
  if (backups.length === 0) return {};
  return {
    backups: {
      pgbackrest: backups.some((b) => b.method === 'pgbackrest'),
      summarizeWal: backups.some((b) => b.method === 'pg_basebackup' && b.backupType === 'incr'),
    },
  };
}

export function planRun(scenario: Scenario): RunPlan {
  const issues: ScenarioIssue[] = [];
  const { topology } = scenario;
  if (topology.patroni && topology.postgres.replication === 'quorum') {
    issues.push({
      position: { file: scenario.file, line: 1, column: 1 },
      path: 'topology.postgres.replication',
      message:
        "quorum replication under Patroni needs Patroni 4's quorum commit; the node image has Patroni 3.0 (Debian bookworm): use sync (synchronous_mode) or drop patroni",
    });
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return {
    scenario,
    steps: scenario.steps.map((step) => ({ step, title: stepTitle(step) })),
    limitedVolumes: limitedVolumes(scenario),
    ...backupsOf(scenario),
    ...(scenario.steps.some((s) => s.type === 'procedure' && s.procedure === 'subscribe')
      ? { logicalSubscriber: true }
      : {}),
  };
}
