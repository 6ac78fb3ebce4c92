/** The scenario's part of postgresql.conf: replication mode, archiving and the user's settings. */
import type { TopologySpec } from '../model/model.ts';

import { ARCHIVE_DIR } from './node-layout.ts';

function quote(value: string): string {
  return /^-?\d+(\.\d+)?$/.test(value) || /^(on|off|true|false)$/i.test(value)
    ? value
    : `'${value.replace(/'/g, "''")}'`;
}

/**
 * synchronous_standby_names for the replication mode, or null for async. Not part of the
 * initial configuration: a primary bootstrapping with it would wait forever on its own
 * CREATE ROLE for standbys that do not exist yet. The cluster sets it once they stream.
 */
export function synchronousStandbyNames(topology: TopologySpec, replicaNames: string[]): string | null {
  const { replication } = topology.postgres;
  if (replication === 'async' || replicaNames.length === 0) return null;
  return `${replication === 'sync' ? 'FIRST' : 'ANY'} 1 (${replicaNames.join(', ')})`;
}

/** The names a node streams with as a standby: its physical slot and its application_name. */
export interface StandbyIdentity {
  slot: string;
  applicationName: string;
}

/**
 * A node's standby names: the scenario's (`topology.postgres.standbys`, as the team's own
 * configuration names them) or pgdrill's, derived from the node name (`pg-2` → `pg_2`).
 */
export function standbyIdentity(topology: TopologySpec, node: string): StandbyIdentity {
  const given = topology.postgres.standbys?.[node];
  const slot = given?.slot ?? node.replace(/-/g, '_');
  return { slot, applicationName: given?.applicationName ?? slot };
}

/**
 * What the run's procedures need of every node's configuration.
 * - pgbackrest: the archive command also pushes each segment to pgBackRest's repository (once
 *   its stanza exists) and says so — `pgbackrest check` insists that archive_command names
 *   pgbackrest.
 * - summarizeWal: incremental pg_basebackup reads the WAL summaries from the backup it builds
 *   on: summarize_wal is on from the start (PostgreSQL 17 and later; the scenario's own
 *   settings still win).
 * - logical: a logical subscriber follows the primary: wal_level = logical (the scenario's own
 *   settings still win).
 */
export interface NodeConfNeeds {
  pgbackrest?: boolean;
  summarizeWal?: boolean;
  logical?: boolean;
}

export function renderScenarioConf(topology: TopologySpec, options: NodeConfNeeds = {}): string {
  const lines = ['# written by pgdrill from the scenario', ...scenarioConfLines(topology, options).map((s) => s.line)];
  return `${lines.join('\n')}\n`;
}

/** The scenario's settings as postgresql.conf lines, each with its name. */
export function scenarioConfLines(
  topology: TopologySpec,
  options: NodeConfNeeds = {},
): { name: string; line: string }[] {
  return Object.entries(scenarioParameters(topology, options)).map(([name, value]) => ({
    name,
    line: `${name} = ${quote(value)}`,
  }));
}

/** The scenario's own postgresql settings, what archiving and backups need set up first. */
export function scenarioParameters(topology: TopologySpec, options: NodeConfNeeds = {}): Record<string, string> {
  const { archive, settings } = topology.postgres;
  const parameters: Record<string, string> = {};
  if (archive) {
    const push = options.pgbackrest ? ' pgbackrest' : '';
    parameters.archive_mode = 'on';
    parameters.archive_command = `/usr/local/bin/pgdrill-node archive-wal %p %f${push}`;
  }
  if (options.summarizeWal && topology.postgres.version >= 17) parameters.summarize_wal = 'on';
  if (options.logical) parameters.wal_level = 'logical';
  for (const [key, value] of Object.entries(settings)) parameters[key] = String(value);
  return parameters;
}
