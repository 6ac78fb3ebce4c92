/**
 * PostgreSQL with the team's own postgresql.conf and pg_hba.conf (topology.postgres.config /
 * hba): their text as written, pgdrill's block after it (src/model/team-postgres.ts), put where
 * the node's entrypoint installs them from (compose/node/pgdrill-node configure). A server that
 * will not start with them is a finding about the team's files (TeamConfigError in the cluster).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TeamFile, TopologySpec } from '../model/model.ts';
import { prepareTeamFile } from '../model/team-file.ts';
import { PGDRILL_HBA_LINES, teamPgHba, teamPostgresqlConf } from '../model/team-postgres.ts';
import { PGDATA } from './node-layout.ts';
import { type NodeConfNeeds, scenarioConfLines } from './postgres-conf.ts';

export interface NodeFile {
  content: string;
  target: string;
  mode: number;
}

/** The team's files for a node of `role`, ready to copy in, and their names for messages. */
export async function teamPostgresFiles(
  topology: TopologySpec,
  role: 'primary' | 'replica',
  options: NodeConfNeeds,
): Promise<{ files: NodeFile[]; names: string[] }> {
  const team = topology.postgres.teamFiles;
  const conf = team?.[role];
  const files: NodeFile[] = [];
  const names: string[] = [];
  if (conf) {
    const scenarioLines = scenarioConfLines(topology, options);
    const text = teamPostgresqlConf(await prepared(conf), { dataDir: PGDATA, scenarioLines });
    files.push({ content: text, target: '/etc/pgdrill/team-postgresql.conf', mode: 0o644 });
    names.push(path.basename(conf.file));
  }
  if (team?.hba) {
    files.push({
      content: teamPgHba(await prepared(team.hba), PGDRILL_HBA_LINES),
      target: '/etc/pgdrill/team-pg_hba.conf',
      mode: 0o644,
    });
    names.push(path.basename(team.hba.file));
  }
  return { files, names };
}

async function prepared(file: TeamFile): Promise<string> {
  return prepareTeamFile(await readFile(file.file, 'utf8'), file.substitutions).text;
}
