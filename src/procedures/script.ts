/**
 * script: runs a team's own runbook (bash) inside a node, as the postgres OS user, with
 * PGDRILL_* variables naming the nodes and paths, and arguments that may name marks and backups.
 * A runbook that exits non-zero fails the step with the end of its output and a diagnosis of
 * known pitfalls; its whole output becomes a file of the report.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ProcedureStep } from '../scenario/model.ts';
import type { RunContext } from '../run/context.ts';
import type { PgNode } from '../topology/pg-node.ts';
import type { RecoveryRecord } from '../run/recovery-evidence.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { dockerCall, dockerClient } from '../topology/docker-client.ts';
import { tarOfOneFile } from '../topology/pg-node.ts';
import { ARCHIVE_DIR } from '../topology/postgres-conf.ts';
import { BACKUP_DIR } from '../topology/cluster.ts';
import { lastLines, shq, tryShell } from './node-shell.ts';
import { readRestored, serverComplaints, type RestoredState } from './restored-node.ts';
import { judgeRecovery } from './restore.ts';
import { diagnoseRunbook } from './runbook-diagnosis.ts';

export async function script(ctx: RunContext, step: ProcedureStep): Promise<string> {
  const node = ctx.cluster.resolve(typeof step.target === 'string' ? step.target : 'primary');
  const file = step.file!;
  const path = `tmp/pgdrill-runbook-${step.index + 1}.sh`;
  const content = await readFile(file, 'utf8');
  const startedAtMs = ctx.now();
  await dockerCall(`copy ${basename(file)} into ${node.name}`, () =>
    dockerClient().getContainer(node.container.getId()).putArchive(tarOfOneFile(path, content), { path: '/' }),
  );
  const args = (step.args ?? []).map((arg) => fillPlaceholders(ctx, arg));
  ctx.log(`  running ${basename(file)} on ${node.name}${args.length ? ` with ${args.join(' ')}` : ''}`);
  const result = await tryShell(node, `cd /tmp && bash /${path} ${args.map(shq).join(' ')}`, { env: runbookEnv(ctx, node) });
  ctx.recorder.artifacts[`runbook-step-${step.index + 1}.log`] = `$ ${basename(file)} ${args.join(' ')}\n${result.output}\n(exit ${result.exitCode})\n`;
  const running = (await tryShell(node, 'pg_ctl -D "$PGDATA" status')).exitCode === 0;
  if (!running && node.state === 'running') node.state = 'stopped';
  const exited = `runbook ${basename(file)} exited ${result.exitCode} on ${node.name}`;
  const failed = result.exitCode !== 0 || (step.recovers !== undefined && !running);
  const why = failed ? await diagnose(node, result.output, running) : [];
  if (step.recovers === undefined) {
    if (result.exitCode !== 0) throw new StepFailedError(`${exited}: ${lastLines(result.output, 4)}${why.length ? `\nWhy: ${why.join('; ')}` : ''}`);
    ctx.recorder.event('procedure', `${exited}${running ? '' : '; PostgreSQL is not running after it'}`, node.name);
    return node.name;
  }
  return judgeRunbookRecovery(ctx, step, node, {
    startedAtMs,
    running,
    ...(failed ? { error: `${exited}${why.length ? `. Why: ${why.join('; ')}` : ''}` } : {}),
  });
}

/** Facts about the node after a failed runbook, turned into findings (runbook-diagnosis.ts). */
async function diagnose(node: PgNode, output: string, running: boolean): Promise<string[]> {
  const facts = await tryShell(node, 'cat "$PGDATA/PG_VERSION" 2>/dev/null; echo; test -e "$PGDATA/recovery.conf" && echo recovery.conf');
  const [version = '', ...rest] = facts.output.split('\n');
  return diagnoseRunbook({
    output,
    serverComplaints: running ? '' : await serverComplaints(node, ''),
    serverRunning: running,
    pgVersion: version.trim() || null,
    recoveryConfPresent: rest.some((l) => l.trim() === 'recovery.conf'),
  });
}

/** A runbook that claims to recover its node to a mark is judged like a PITR: the data must equal the mark's snapshot. */
async function judgeRunbookRecovery(
  ctx: RunContext,
  step: ProcedureStep,
  node: PgNode,
  outcome: { startedAtMs: number; running: boolean; error?: string },
): Promise<string> {
  const mark = ctx.recorder.mark(step.recovers!);
  if (!mark) throw new StepFailedError(`no mark named ${step.recovers} was set (did its step fail?)`);
  let state: RestoredState | null = null;
  let error = outcome.error;
  if (outcome.running && error === undefined) {
    state = await readRestored(ctx, node).catch((e: unknown) => {
      error = `the node did not answer after the runbook: ${errorMessage(e)}`;
      return null;
    });
  }
  const record: RecoveryRecord = {
    kind: 'runbook',
    stepIndex: step.index,
    node: node.name,
    backup: basename(step.file!),
    method: 'script',
    expected: { source: `mark ${mark.name}`, snapshot: mark.snapshot },
    actual: state?.snapshot ?? null,
    startedAtMs: outcome.startedAtMs,
    completedAtMs: ctx.now(),
    sizeBytes: state?.sizeBytes ?? null,
    timeline: state?.timeline ?? null,
    endedAs: state ? 'running' : null,
    ...(error !== undefined ? { error } : {}),
  };
  return judgeRecovery(ctx, record);
}

/** What a runbook may rely on, besides the node's own environment (PGDATA, PATH with the server's tools). */
function runbookEnv(ctx: RunContext, node: PgNode): Record<string, string> {
  const { cluster, recorder } = ctx;
  const env: Record<string, string> = {
    PGDRILL_NODE: node.name,
    PGDRILL_PRIMARY_HOST: cluster.nodes.find((n) => n.role === 'primary')?.hostname ?? '',
    PGDRILL_REPLICA_HOSTS: cluster.nodes.filter((n) => n.role === 'replica').map((n) => n.hostname).join(' '),
    PGDRILL_ARCHIVE_DIR: ARCHIVE_DIR,
    PGDRILL_BACKUP_DIR: BACKUP_DIR,
    PGDRILL_LOG: '/var/log/pgdrill/postgresql.log',
    PGDRILL_DATABASE: 'app',
  };
  for (const mark of recorder.marks) {
    const key = envKey(mark.name);
    Object.assign(env, { [`PGDRILL_MARK_${key}_TIME`]: mark.time, [`PGDRILL_MARK_${key}_XID`]: mark.xid, [`PGDRILL_MARK_${key}_LSN`]: mark.lsn });
  }
  for (const backup of recorder.backups) env[`PGDRILL_BACKUP_${envKey(backup.name)}`] = backup.location;
  return env;
}

const envKey = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** {mark.NAME.time|xid|lsn|name} and {backup.NAME.path}: an unknown one fails the step, naming it. */
export function fillPlaceholders(ctx: Pick<RunContext, 'recorder'>, arg: string): string {
  return arg.replace(/\{(mark|backup)\.([^.{}]+)\.(\w+)\}/g, (whole, kind: string, name: string, field: string) => {
    if (kind === 'mark') {
      const mark = ctx.recorder.mark(name);
      const value = mark && (field === 'time' ? mark.time : field === 'xid' ? mark.xid : field === 'lsn' ? mark.lsn : field === 'name' ? mark.name : undefined);
      if (value === undefined) throw new StepFailedError(`${whole}: ${mark ? `a mark has time, xid, lsn and name, not ${field}` : `no mark named ${name} was set`}`);
      return value;
    }
    const backup = ctx.recorder.backup(name);
    if (!backup || field !== 'path') throw new StepFailedError(`${whole}: ${backup ? 'a backup has a path only' : `no backup named ${name} was taken`}`);
    return backup.location;
  });
}
