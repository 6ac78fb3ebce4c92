/**
 * A team's own postgresql.conf and pg_hba.conf as a node runs them: the team's text first,
 * unchanged (so every line number PostgreSQL quotes is theirs), then one block of what the drill
 * needs, which PostgreSQL reads last and so wins. Each item of that block is listed for the
 * report beside the file's hash. Pure: the caller reads the files.
 */

/**
 * The pg_hba lines pgdrill's own connections need: the harness as postgres over the local
 * socket (peer), and everything else with scram-sha-256 from the run's network. pgdrill's own
 * pg_hba.conf and patroni.yml (compose/node/templates) are these; after a team's own lines otherwise.
 */
export const PGDRILL_HBA_LINES = [
  'local all postgres peer',
  'local all all scram-sha-256',
  'host replication replicator all scram-sha-256',
  'host all all all scram-sha-256',
];

/** Settings the drill needs whatever the file says: where the server listens and what the report reads. */
const NEEDED: Record<string, { value: string; why: string }> = {
  listen_addresses: { value: "'*'", why: 'the run’s network reaches the server' },
  port: { value: '5432', why: 'the port every pgdrill client and replica uses inside the run' },
  logging_collector: { value: 'off', why: "the server's log goes to the node's output, which the report collects" },
  log_destination: { value: "'stderr'", why: "the server's log goes to the node's output, which the report collects" },
  log_line_prefix: { value: "'%m [%p] %q%u@%d '", why: "the report's timeline reads this format" },
  // initdb writes the zone into the postgresql.conf a team's file replaces: GMT otherwise
  log_timezone: { value: "'UTC'", why: "the report's timeline reads this format" },
  unix_socket_directories: { value: "'/var/run/postgresql'", why: 'where the harness finds the local socket' },
};

/** Paths a file may point elsewhere that would leave the server without its data directory's files. */
const PATHS: Record<string, string> = {
  data_directory: 'data',
  hba_file: 'pg_hba.conf',
  ident_file: 'pg_ident.conf',
};

/** The names a postgresql.conf sets (the last one wins, as in PostgreSQL), lower-cased. */
export function confSettings(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*=?\s*(.*?)\s*$/.exec(raw.replace(/(^|\s)#.*$/, ''));
    if (match?.[1] && match[2] !== undefined && match[2] !== '') settings.set(match[1].toLowerCase(), match[2]);
  }
  return settings;
}

export interface PostgresConfOverlay {
  dataDir: string;
  /** the scenario's settings (archiving included), each rendered `name = value`, in order */
  scenarioLines: { name: string; line: string }[];
}

/**
 * The scenario's settings that go after the team's file. Archiving is the file's own where it
 * names an archive_command (`archive: true` then only mounts the shared archive, where a
 * substitution can point the command); pgdrill's otherwise.
 */
export function scenarioSettingsOver<T extends { name: string }>(text: string, settings: readonly T[]): T[] {
  const ownArchiving = confSettings(text).has('archive_command');
  return settings.filter((s) => !(ownArchiving && (s.name === 'archive_mode' || s.name === 'archive_command')));
}

/** The file PostgreSQL reads: the team's text, then pgdrill's block. */
export function teamPostgresqlConf(text: string, overlay: PostgresConfOverlay): string {
  const theirs = confSettings(text);
  const lines = ['', '# --- added by pgdrill for the drill (listed in the report); read last, so it wins ---'];
  for (const [name, { value }] of Object.entries(NEEDED)) lines.push(`${name} = ${value}`);
  for (const [name, file] of Object.entries(PATHS)) {
    if (theirs.has(name)) lines.push(`${name} = '${file === 'data' ? overlay.dataDir : `${overlay.dataDir}/${file}`}'`);
  }
  lines.push(...scenarioSettingsOver(text, overlay.scenarioLines).map((s) => s.line));
  return `${text.replace(/\n*$/, '')}\n${lines.join('\n')}\n`;
}

/** What pgdrill's block changes in the team's postgresql.conf, one line each. */
export function teamPostgresqlConfNotes(text: string, scenarioSettings: readonly string[]): string[] {
  const theirs = confSettings(text);
  const notes: string[] = [];
  for (const [name, { value, why }] of Object.entries(NEEDED)) {
    const own = theirs.get(name);
    if (own === undefined) notes.push(`${name} = ${value} added: ${why}`);
    else if (own !== value) notes.push(`${name}: ${own} → ${value}: ${why}`);
  }
  for (const name of Object.keys(PATHS)) {
    if (theirs.has(name)) notes.push(`${name}: ${theirs.get(name)} → the node's data directory`);
  }
  const over = scenarioSettingsOver(
    text,
    scenarioSettings.map((name) => ({ name })),
  ).map((s) => s.name);
  if (over.length > 0) notes.push(`the scenario's ${over.join(', ')} over the file's`);
  notes.push(
    "primary_conninfo and primary_slot_name on replicas: pgdrill's, in postgresql.auto.conf (read after postgresql.conf), so each replica streams from the run's primary with the run's password",
  );
  return notes;
}

/**
 * The pg_hba.conf PostgreSQL reads: the team's lines, unchanged and first (their line numbers
 * stay theirs, and they decide wherever they match), then pgdrill's lines, which match only what
 * the team's left unmatched. The harness needs no line of its own ahead of theirs: as the
 * postgres OS user it has the password in ~/.pgpass for md5 and scram-sha-256 lines.
 */
export function teamPgHba(text: string, pgdrillLines: readonly string[]): string {
  return [
    text.replace(/\n*$/, ''),
    "# --- added by pgdrill: the harness and the run's network, for what the lines above do not match ---",
    ...pgdrillLines,
    '',
  ].join('\n');
}

export function teamPgHbaNotes(pgdrillLines: readonly string[]): string[] {
  return [
    `appended after the file's lines: ${pgdrillLines.join('; ')} (PostgreSQL takes the first line that matches, so the file's own lines decide wherever they match)`,
  ];
}
