import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PGDRILL_HBA_LINES,
  confSettings,
  teamPgHba,
  teamPgHbaNotes,
  teamPostgresqlConf,
  teamPostgresqlConfNotes,
} from './team-postgres.ts';

// Seed 000's master postgresql.conf and pg_hba.conf, exactly as its document prints them
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/architectures/000_8d5d31107f78cec6/${name}`, import.meta.url), 'utf8');
const master = fixture('postgresql.conf');
const hba = fixture('pg_hba.conf');

const archiving = [
  { name: 'archive_mode', line: 'archive_mode = on' },
  { name: 'archive_command', line: "archive_command = 'pgdrill-node archive-wal %p %f'" },
];

describe('teamPostgresqlConf', () => {
  it("keeps the team's text first and whole, so PostgreSQL's line numbers are the file's own", () => {
    const conf = teamPostgresqlConf(master, { dataDir: '/data', scenarioLines: [] });
    expect(conf.startsWith(master.replace(/\n*$/, '\n'))).toBe(true);
  });

  it('appends what the drill needs, which PostgreSQL reads last and so wins', () => {
    const conf = teamPostgresqlConf(master, {
      dataDir: '/data',
      scenarioLines: [{ name: 'work_mem', line: "work_mem = '8MB'" }],
    });
    const settings = confSettings(conf);
    expect(settings.get('logging_collector')).toBe('off');
    expect(settings.get('log_line_prefix')).toBe("'%m [%p] %q%u@%d '");
    expect(settings.get('port')).toBe('5432');
    // the team's file replaces the one where initdb wrote the zone: the timeline reads UTC
    expect(settings.get('log_timezone')).toBe("'UTC'");
    expect(settings.get('work_mem')).toBe("'8MB'");
    // the team's own settings stay where pgdrill has no need
    expect(settings.get('archive_timeout')).toBe('300');
    expect(settings.get('checkpoint_completion_target')).toBe('0.7');
  });

  it("keeps the file's own archive_command over pgdrill's; pgdrill's where the file has none", () => {
    const own = confSettings(teamPostgresqlConf(master, { dataDir: '/data', scenarioLines: archiving }));
    expect(own.get('archive_command')).toMatch(/^'test ! -f \/srv\/apim/);
    const none = confSettings(teamPostgresqlConf('work_mem = 4MB\n', { dataDir: '/data', scenarioLines: archiving }));
    expect(none.get('archive_command')).toBe("'pgdrill-node archive-wal %p %f'");
  });

  it('points data_directory and hba_file back at the data directory only where the file moves them', () => {
    const moved = confSettings(
      teamPostgresqlConf("data_directory = '/var/lib/postgresql/14/main'\nhba_file = '/etc/pg/pg_hba.conf'\n", {
        dataDir: '/data',
        scenarioLines: [],
      }),
    );
    expect(moved.get('data_directory')).toBe("'/data'");
    expect(moved.get('hba_file')).toBe("'/data/pg_hba.conf'");
    expect(moved.has('ident_file')).toBe(false);
  });

  it('lists each change with the value it replaced', () => {
    const notes = teamPostgresqlConfNotes(master, ['archive_mode', 'archive_command', 'work_mem']);
    expect(notes).toContain(
      "logging_collector: on → off: the server's log goes to the node's output, which the report collects",
    );
    expect(notes).toContain(
      "log_line_prefix: '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ' → '%m [%p] %q%u@%d ': the report's timeline reads this format",
    );
    // the file's port and listen_addresses are already what the drill needs: nothing to list
    expect(notes.some((n) => n.startsWith('port'))).toBe(false);
    expect(notes).toContain("the scenario's work_mem over the file's");
  });
});

describe('confSettings', () => {
  it('reads names as PostgreSQL does: comments dropped, `=` optional, the last one winning', () => {
    const settings = confSettings("# port = 1\nPort 5433   # moved\nwork_mem = '4MB'\nwork_mem = 8MB\n\n");
    expect([...settings]).toEqual([
      ['port', '5433'],
      ['work_mem', '8MB'],
    ]);
  });
});

describe('teamPgHba', () => {
  it("keeps the team's lines first and whole, pgdrill's after them", () => {
    const file = teamPgHba(hba, PGDRILL_HBA_LINES);
    expect(file.startsWith(hba.replace(/\n*$/, '\n'))).toBe(true);
    expect(file.trimEnd().split('\n').slice(-4)).toEqual(PGDRILL_HBA_LINES);
    expect(teamPgHbaNotes(PGDRILL_HBA_LINES)[0]).toMatch(/^appended after the file's lines: local all postgres peer;/);
  });
});
