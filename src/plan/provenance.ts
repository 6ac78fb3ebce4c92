/**
 * The fingerprints of what a drill is about to read: the scenario, its data SQL and every
 * runbook, by SHA-256, with the repository commit they came from. Read once, before any container
 * starts, so the record is of the files as they were when the drill began. Only `pgdrill run`
 * needs it: validate stays free of git and hashing.
 */
import type { TeamFile } from '../model/model.ts';
import { TEAM_PGBOUNCER_NOTES, prepareTeamFile, yamlMapping } from '../model/team-file.ts';
import { teamPatroniNotes } from '../model/team-patroni.ts';
import { ETCD_YAML, teamEtcdNotes } from '../model/team-etcd.ts';
import { PGDRILL_HBA_LINES, teamPgHbaNotes, teamPostgresqlConfNotes } from '../model/team-postgres.ts';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { InputFile, Provenance } from '../model/provenance.ts';
import type { Scenario } from '../scenario/scenario.ts';

const run = promisify(execFile);

/** git's output, or null when git is missing, the folder is no repository, or it takes too long. */
async function git(cwd: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run('git', ['-C', cwd, ...args], { timeout: 10_000 });
    return stdout;
  } catch {
    return null;
  }
}

/** Every file the scenario names, absolute, with the part it plays. */
/** A file the drill reads; a team's file with what pgdrill changes in it (fixed notes, or notes read from its text). */
interface InputOf {
  file: string;
  role: string;
  team?: TeamFile;
  notes?: string[];
  notesOf?: (text: string) => string[];
}

export function inputFilesOf(scenario: Scenario): InputOf[] {
  const files: InputOf[] = [{ file: scenario.file, role: 'scenario' }];
  if (scenario.data.sqlFile) files.push({ file: scenario.data.sqlFile, role: 'data' });
  const haproxy = scenario.topology.haproxyConfig;
  if (haproxy) files.push({ file: haproxy.file, role: 'haproxy.cfg (topology.haproxy.config)', team: haproxy });
  const pgbouncer = scenario.topology.pgbouncer?.config;
  if (pgbouncer)
    files.push({
      file: pgbouncer.file,
      role: 'pgbouncer.ini (topology.pgbouncer.config)',
      team: pgbouncer,
      notes: TEAM_PGBOUNCER_NOTES,
    });
  const patroni = scenario.topology.patroni?.config;
  if (patroni)
    files.push({
      file: patroni.file,
      role: 'patroni.yml (topology.patroni.config)',
      team: patroni,
      notesOf: (text) => patroniNotes(text, scenario),
    });
  const etcd = scenario.topology.patroni?.etcdConfig;
  if (etcd)
    files.push({
      file: etcd.file,
      role: 'etcd configuration (topology.patroni.etcd.config)',
      team: etcd,
      notesOf: etcdNotes,
    });
  const { primary, replica, hba } = scenario.topology.postgres.teamFiles ?? {};
  const settings = scenarioSettingNames(scenario);
  for (const [conf, which] of [
    [primary, primary?.file === replica?.file ? '' : ' for the primary'],
    [replica, primary?.file === replica?.file ? undefined : ' for the replicas'],
  ] as const) {
    if (conf && which !== undefined)
      files.push({
        file: conf.file,
        role: `postgresql.conf${which} (topology.postgres.config)`,
        team: conf,
        notesOf: (text) => teamPostgresqlConfNotes(text, settings),
      });
  }
  if (hba)
    files.push({
      file: hba.file,
      role: 'pg_hba.conf (topology.postgres.hba)',
      team: hba,
      notes: teamPgHbaNotes(PGDRILL_HBA_LINES),
    });
  for (const [i, step] of scenario.steps.entries()) {
    if ('file' in step && typeof step.file === 'string')
      files.push({ file: step.file, role: `step ${i + 1} (${step.type})` });
  }
  return files;
}

/** What a drill is about to read, fingerprinted, and the scenario's text from the same read. */
export interface RecordedInputs {
  provenance: Provenance;
  /** the scenario file's text, as hashed */
  scenarioText: string;
}

export async function provenanceOf(scenario: Scenario, env: NodeJS.ProcessEnv = process.env): Promise<RecordedInputs> {
  // Real paths: a scenario reached through a symlink still lies inside its repository.
  const files: InputOf[] = [];
  for (const input of inputFilesOf(scenario)) files.push({ ...input, file: await realpath(input.file) });
  const root = (await git(path.dirname(files[0]!.file), ['rev-parse', '--show-toplevel']))?.trim() || null;
  const base = root ?? process.cwd();
  const shown = (file: string) => path.relative(base, file).split(path.sep).join('/');
  const seen = new Set<string>();
  const fingerprints: InputFile[] = [];
  let scenarioText = '';
  for (const { file, role, team, notes = [], notesOf } of files) {
    if (seen.has(file)) continue;
    seen.add(file);
    const bytes = await readFile(file);
    if (role === 'scenario') scenarioText = bytes.toString('utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // a team's file runs as written: what pgdrill replaced in it is listed beside its hash
    const prepared = team ? prepareTeamFile(bytes.toString('utf8'), team.substitutions) : undefined;
    const overlay = prepared ? [...prepared.overlay, ...notes, ...(notesOf ? notesOf(prepared.text) : [])] : undefined;
    fingerprints.push({ path: shown(file), sha256, role, ...(overlay ? { overlay } : {}) });
  }
  const [scenarioFile, ...inputs] = fingerprints as [InputFile, ...InputFile[]];
  const head = root === null ? null : (await git(root, ['rev-parse', 'HEAD']))?.trim() || null;
  const commit = root === null ? null : (head ?? env.GITHUB_SHA ?? null);
  const uncommitted =
    root === null
      ? null
      : await notInCommit(
          root,
          fingerprints.map((f) => f.path),
          head !== null,
        );
  return { provenance: { scenario: scenarioFile, inputs, commit, uncommitted }, scenarioText };
}

/**
 * The inputs the commit does not reproduce: outside the repository, not tracked (new or
 * ignored), or changed since HEAD (staged or not). Null when git could not say.
 */
async function notInCommit(root: string, paths: string[], hasHead: boolean): Promise<string[] | null> {
  const inside = paths.filter((p) => !p.startsWith('../'));
  // --literal-pathspecs: a path with `*` or `[` is a name, not a pattern
  const literal = ['--literal-pathspecs'];
  const tracked = inside.length === 0 ? '' : await git(root, [...literal, 'ls-files', '-z', '--', ...inside]);
  const changed =
    inside.length === 0 || !hasHead
      ? ''
      : await git(root, [...literal, 'diff', '--name-only', '-z', 'HEAD', '--', ...inside]);
  if (tracked === null || changed === null) return null;
  const trackedSet = new Set(tracked.split('\0').filter(Boolean));
  const changedSet = new Set(changed.split('\0').filter(Boolean));
  return paths.filter((p) => p.startsWith('../') || !trackedSet.has(p) || changedSet.has(p));
}

/** What pgdrill replaces in a team's patroni.yml; none listed when it does not parse (the run then fails on it). */
function patroniNotes(text: string, scenario: Scenario): string[] {
  const parsed = yamlMapping(text);
  return 'doc' in parsed ? teamPatroniNotes(parsed.doc, scenarioSettingNames(scenario)) : [];
}

/** The postgresql.conf settings the scenario itself sets, archiving included. */
function scenarioSettingNames(scenario: Scenario): string[] {
  const { archive, settings } = scenario.topology.postgres;
  return [...(archive ? ['archive_mode', 'archive_command'] : []), ...Object.keys(settings)];
}

/** What pgdrill replaces in a team's etcd configuration; none listed when it does not parse (the run then fails on it). */
function etcdNotes(text: string): string[] {
  const parsed = yamlMapping(text, ETCD_YAML);
  return 'doc' in parsed ? teamEtcdNotes(parsed.doc) : [];
}
