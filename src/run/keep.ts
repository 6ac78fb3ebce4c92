/**
 * `--keep on-failure|always`: the cluster stays up after the verdict, to look at. What is printed
 * says how to reach every node with psql — the passwords in a pgpass file only the user can read
 * (~/.cache/pgdrill/kept/<run>.pgpass), never on a command line nor in the report — and how to
 * remove it all: `pgdrill clean <run>`.
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StartedTopology } from '../topology/runtime.ts';
import type { ClusterSecrets } from '../topology/secrets.ts';
import { WORKLOAD_DATABASE } from '../topology/workload-database.ts';
import { untrackRun } from '../topology/active-runs.ts';

export type KeepWhen = 'never' | 'on-failure' | 'always';

export const KEPT_DIR = path.join(os.homedir(), '.cache', 'pgdrill', 'kept');

export const pgpassFileOf = (runId: string) => path.join(KEPT_DIR, `${runId}.pgpass`);

/** Whether a drill that ended with `status` keeps its cluster. */
export function keeps(when: KeepWhen | undefined, status: 'passed' | 'failed' | 'error'): boolean {
  return when === 'always' || (when === 'on-failure' && status !== 'passed');
}

/** A node the drill left down says so, and how to bring it back. */
function stateNote(node: { state: string; hostname: string }): string {
  if (node.state === 'killed')
    return `, killed by the drill: docker start ${node.hostname} starts it again, on the port docker port ${node.hostname} 5432 then shows`;
  return node.state === 'running' ? '' : `, ${node.state} by the drill`;
}

/** pgpass escapes `:` and `\` in each field. */
const field = (value: string | number) => String(value).replace(/[\\:]/g, (c) => `\\${c}`);

/** Writes the pgpass file and returns the lines that say how to connect and how to clean up. */
export async function keepCluster(cluster: StartedTopology, secrets: ClusterSecrets, runId: string): Promise<string[]> {
  const nodes = [...cluster.nodes];
  const file = pgpassFileOf(runId);
  // any port: a node started again (docker start) comes back on a new one; the file is this run's only
  const hosts = [...new Set(nodes.map((n) => n.clientAddress.host))];
  const entries = hosts.flatMap((host) => [
    [host, '*', '*', 'postgres', secrets.superuser],
    [host, '*', '*', 'app', secrets.app],
  ]);
  await mkdir(KEPT_DIR, { recursive: true, mode: 0o700 });
  await writeFile(file, `${entries.map((e) => e.map(field).join(':')).join('\n')}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  // no longer this process's to remove on Ctrl-C: it is the user's now
  untrackRun(runId);
  return [
    `kept: the cluster of this drill stays up (--keep); connect with (passwords in ${file}, readable by you only):`,
    ...nodes.map(
      (n) =>
        `  ${n.name} (${n.role}${stateNote(n)}):  PGPASSFILE=${file} psql -h ${n.clientAddress.host} -p ${n.clientAddress.port} -U postgres -d ${WORKLOAD_DATABASE}`,
    ),
    `  the workload's rows: SELECT count(*) FROM pgdrill_writes;  as the app: -U app`,
    `  remove it: pgdrill clean ${runId}`,
  ];
}

/** `pgdrill clean RUN`: the kept cluster's pgpass file goes with it. */
export async function forgetKept(runId: string): Promise<void> {
  await rm(pgpassFileOf(runId), { force: true });
}
