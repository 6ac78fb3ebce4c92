/**
 * A team's own configuration file, as the component will read it: the declared substitutions
 * applied line by line (so every line number the component quotes is the team's), and each
 * change listed for the report. Pure: the caller reads the file.
 */
import { type DocumentOptions, parse, YAMLParseError } from 'yaml';
import type { Substitution } from './model.ts';

export interface PreparedFile {
  /** what the component reads */
  text: string;
  /** one line per change pgdrill made, e.g. `line 23: "10.0.1.11" → "pg-1"` */
  overlay: string[];
}

export function prepareTeamFile(text: string, substitutions: readonly Substitution[]): PreparedFile {
  const overlay: string[] = [];
  // Whole tokens only, longest first: 10.0.1.1 must not rewrite 10.0.1.11 (nor a longer host name).
  const ordered = [...substitutions]
    .sort((a, b) => b.from.length - a.from.length)
    .map((s) => ({ ...s, pattern: tokenPattern(s.from) }));
  const used = new Set<string>();
  const lines = text.split('\n').map((line, i) => {
    let changed = line;
    for (const { from, to, pattern } of ordered) {
      if (!pattern.test(changed)) continue;
      changed = changed.replace(pattern, () => to);
      used.add(from);
      overlay.push(`line ${i + 1}: ${JSON.stringify(from)} → ${JSON.stringify(to)}`);
    }
    return changed;
  });
  for (const { from } of substitutions) {
    if (!used.has(from)) overlay.push(`${JSON.stringify(from)} is declared but not in the file: nothing replaced`);
  }
  return { text: lines.join('\n'), overlay };
}

/** A team's YAML file (patroni.yml, etcd's configuration) as a mapping, or why it is not one. */
export type YamlMapping =
  | { doc: Record<string, unknown> }
  | { problem: 'syntax'; line?: number; message: string }
  | { problem: 'not-a-mapping' };

export function yamlMapping(text: string, options?: DocumentOptions): YamlMapping {
  let doc: unknown;
  try {
    doc = parse(text, options);
  } catch (error) {
    const line = error instanceof YAMLParseError && error.linePos ? error.linePos[0].line : undefined;
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return { problem: 'syntax', ...(line === undefined ? {} : { line }), message };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { problem: 'not-a-mapping' };
  return { doc: doc as Record<string, unknown> };
}

/** `from` where it is not part of a longer name, address or path segment. */
function tokenPattern(from: string): RegExp {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.-])${escaped}(?![\\w-]|\\.\\w)`, 'g');
}

/**
 * The ports a haproxy.cfg could take PostgreSQL clients on: the first `bind` port (`bind
 * *:5000`, `bind :5432`, `bind 0.0.0.0:5000 name x`) of each `listen` or `frontend` section
 * that is not HTTP (`mode http`, a `stats` page). Where clients connect when the scenario does
 * not say: one port is an answer, several need `topology.haproxy.port`.
 */
export function clientBindPorts(haproxyCfg: string): number[] {
  const sections: { port?: number; http: boolean }[] = [];
  let current: { port?: number; http: boolean } | undefined;
  for (const raw of haproxyCfg.split('\n')) {
    const line = raw.replace(/#.*/, '');
    if (/^\s*(listen|frontend)\s/.test(line)) {
      current = { http: false };
      sections.push(current);
    } else if (/^\s*(global|defaults|backend|peers|resolvers|userlist|cache|program|mailers|ring)\b/.test(line)) {
      current = undefined;
    } else if (current) {
      const bind = /^\s*bind\s+\S*?:(\d{1,5})\b/.exec(line);
      if (bind && current.port === undefined) current.port = Number(bind[1]);
      if (/^\s*(mode\s+http|stats\s)/.test(line)) current.http = true;
    }
  }
  return sections.filter((s) => !s.http && s.port !== undefined).map((s) => s.port as number);
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
