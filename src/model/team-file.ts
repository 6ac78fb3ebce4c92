/**
 * A team's own configuration file, as the component will read it: the declared substitutions
 * applied line by line (so every line number the component quotes is the team's), and each
 * change listed for the report. Pure: the caller reads the file.
 */
import type { Substitution } from './model.ts';

export interface PreparedFile {
  /** what the component reads */
  text: string;
  /** one line per change pgdrill made, e.g. `line 23: "10.0.1.11" → "pg-1"` */
  overlay: string[];
}

export function prepareTeamFile(text: string, substitutions: readonly Substitution[]): PreparedFile {
  const overlay: string[] = [];
  const lines = text.split('\n').map((line, i) => {
    let changed = line;
    for (const { from, to } of substitutions) {
      if (!changed.includes(from)) continue;
      changed = changed.split(from).join(to);
      overlay.push(`line ${i + 1}: ${JSON.stringify(from)} → ${JSON.stringify(to)}`);
    }
    return changed;
  });
  for (const { from } of substitutions) {
    if (!text.includes(from)) overlay.push(`${JSON.stringify(from)} is declared but not in the file: nothing replaced`);
  }
  return { text: lines.join('\n'), overlay };
}

/**
 * The port of the first `bind` line of a haproxy.cfg (`bind *:5000`, `bind :5432`,
 * `bind 0.0.0.0:5000 name x`): where clients connect unless the scenario says otherwise.
 */
export function firstBindPort(haproxyCfg: string): number | undefined {
  for (const line of haproxyCfg.split('\n')) {
    const match = /^\s*bind\s+(?:\S*?):(\d{1,5})\b/.exec(line.replace(/#.*/, ''));
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** The entries of one `[section]` of an ini file as PgBouncer reads it (`;` and `#` comments), in order. */
export function iniSection(text: string, section: string): [string, string][] {
  const entries: [string, string][] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      current = header[1]!.trim().toLowerCase();
      continue;
    }
    const eq = line.indexOf('=');
    if (current === section && eq > 0) entries.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return entries;
}

/** One `[pgbouncer]` setting of a pgbouncer.ini; the last one wins, as in PgBouncer. */
export function pgbouncerSetting(text: string, key: string): string | undefined {
  return iniSection(text, 'pgbouncer')
    .filter(([k]) => k === key)
    .at(-1)?.[1];
}

/** What pgdrill adds around a team's pgbouncer.ini (src/topology/team-pgbouncer.ts), for the report beside its hash. */
export const TEAM_PGBOUNCER_NOTES = [
  "its auth_file is written by pgdrill: the run's roles app and postgres with the SCRAM secrets PostgreSQL stores (pg_authid)",
];
