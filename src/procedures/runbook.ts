/**
 * Running a team's own runbook (bash) inside a node, as the postgres OS user, with PGDRILL_*
 * variables naming the nodes and paths and arguments that may name marks and backups. Its whole
 * output becomes a file of the report; a failure comes with a diagnosis of known pitfalls.
 * Used by the script procedure and by failover/switchover with method: script.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ScriptStep } from './steps.ts';
import { ARCHIVE_DIR, BACKUP_DIR, POSTGRES_LOG } from '../topology/node-layout.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError } from '../errors.ts';
import { shq, tryShell } from './node-shell.ts';
import { serverComplaints } from './restored-node.ts';
import { diagnoseRunbook } from './runbook-diagnosis.ts';

export interface RunbookRun {
  exitCode: number;
  output: string;
  /** whether PostgreSQL runs on the node after the runbook */
  running: boolean;
  /** "runbook X exited N on NODE" */
  exited: string;
}

/** The runbook of a script step, or of a failover/switchover with method: script. */
export type Runbook = Pick<ScriptStep, 'index' | 'file' | 'args'>;

/** Copies `step.file` into `node`, runs it with `step.args` filled in, and records its output as `runbook-step-N.log`. */
export async function runRunbook(ctx: RunContext, step: Runbook, node: PostgresMember): Promise<RunbookRun> {
  const { file } = step;
  const path = `tmp/pgdrill-runbook-${step.index + 1}.sh`;
  const content = await readFile(file, 'utf8');
  await node.writeFile(`/${path}`, content);
  const args = (step.args ?? []).map((arg) => fillPlaceholders(ctx, arg));
  ctx.log(`  running ${basename(file)} on ${node.name}${args.length ? ` with ${args.join(' ')}` : ''}`);
  // 2>&1 inside the node: one pipe keeps stdout and stderr in the order the runbook wrote them, as
  // a terminal shows them; two docker streams arrive in either order, so a failure's last lines
  // (the error message) could miss the line that says why (click's "Aborted!" on stderr).
  const result = await tryShell(node, `cd /tmp && bash /${path} ${args.map(shq).join(' ')} 2>&1`, {
    env: runbookEnv(ctx, node),
  });
  ctx.recorder.artifacts[`runbook-step-${step.index + 1}.log`] =
    `$ ${basename(file)} ${args.join(' ')}\n${result.output}\n(exit ${result.exitCode})\n`;
  const running = (await tryShell(node, 'pg_ctl -D "$PGDATA" status')).exitCode === 0;
  if (!running) node.postgresSeen(false);
  return {
    exitCode: result.exitCode,
    output: result.output,
    running,
    exited: `runbook ${basename(file)} exited ${result.exitCode} on ${node.name}`,
  };
}

/** Facts about the node after a failed runbook, turned into findings (runbook-diagnosis.ts). */
export async function diagnose(node: PostgresMember, output: string, running: boolean): Promise<string[]> {
  const facts = await tryShell(
    node,
    'cat "$PGDATA/PG_VERSION" 2>/dev/null; echo; test -e "$PGDATA/recovery.conf" && echo recovery.conf',
  );
  const [version = '', ...rest] = facts.output.split('\n');
  return diagnoseRunbook({
    output,
    serverComplaints: running ? '' : await serverComplaints(node, ''),
    serverRunning: running,
    pgVersion: version.trim() || null,
    recoveryConfPresent: rest.some((l) => l.trim() === 'recovery.conf'),
  });
}

/** What a runbook may rely on, besides the node's own environment (PGDATA, PATH with the server's tools). */
function runbookEnv(ctx: RunContext, node: PostgresMember): Record<string, string> {
  const { cluster, recorder } = ctx;
  const env: Record<string, string> = {
    PGDRILL_NODE: node.name,
    PGDRILL_PRIMARY_HOST: cluster.nodes.find((n) => n.role === 'primary')?.hostname ?? '',
    PGDRILL_REPLICA_HOSTS: cluster.nodes
      .filter((n) => n.role === 'replica')
      .map((n) => n.hostname)
      .join(' '),
    PGDRILL_ARCHIVE_DIR: ARCHIVE_DIR,
    PGDRILL_BACKUP_DIR: BACKUP_DIR,
    PGDRILL_LOG: POSTGRES_LOG,
    PGDRILL_DATABASE: 'app',
  };
  for (const mark of recorder.marks) {
    const key = envKey(mark.name);
    Object.assign(env, {
      [`PGDRILL_MARK_${key}_TIME`]: mark.time,
      [`PGDRILL_MARK_${key}_XID`]: mark.xid,
      [`PGDRILL_MARK_${key}_LSN`]: mark.lsn,
    });
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
      const value =
        mark &&
        (field === 'time'
          ? mark.time
          : field === 'xid'
            ? mark.xid
            : field === 'lsn'
              ? mark.lsn
              : field === 'name'
                ? mark.name
                : undefined);
      if (value === undefined)
        throw new StepFailedError(
          `${whole}: ${mark ? `a mark has time, xid, lsn and name, not ${field}` : `no mark named ${name} was set`}`,
        );
      return value;
    }
    const backup = ctx.recorder.backup(name);
    if (!backup || field !== 'path')
      throw new StepFailedError(
        `${whole}: ${backup ? 'a backup has a path only' : `no backup named ${name} was taken`}`,
      );
    return backup.location;
  });
}
