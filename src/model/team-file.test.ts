import { describe, expect, it } from 'vitest';
import { firstBindPort, iniSection, pgbouncerSetting, prepareTeamFile } from './team-file.ts';

describe('prepareTeamFile', () => {
  it('replaces declared text line by line, keeps line numbers, and lists every change', () => {
    const text =
      'global\n    daemon\nbackend b\n    server m 10.0.1.11:5432 check\n    server s 10.0.1.12:5432 check backup\n';
    const prepared = prepareTeamFile(text, [
      { from: '10.0.1.11', to: 'pg-1' },
      { from: '10.0.1.12', to: 'pg-2' },
    ]);
    expect(prepared.text.split('\n')).toHaveLength(text.split('\n').length);
    expect(prepared.text).toContain('    server m pg-1:5432 check\n    server s pg-2:5432 check backup');
    expect(prepared.overlay).toEqual(['line 4: "10.0.1.11" → "pg-1"', 'line 5: "10.0.1.12" → "pg-2"']);
  });

  it('runs a file unchanged when nothing is declared, and says when a declared text is not there', () => {
    expect(prepareTeamFile('bind *:5000\n', [])).toEqual({ text: 'bind *:5000\n', overlay: [] });
    expect(prepareTeamFile('bind *:5000\n', [{ from: '/srv/pg', to: '/var/lib/pgdrill' }]).overlay).toEqual([
      '"/srv/pg" is declared but not in the file: nothing replaced',
    ]);
  });
});

describe('firstBindPort', () => {
  it("finds the port of the file's first bind line, in its usual spellings", () => {
    expect(firstBindPort('listen a\n    bind *:5000\nlisten b\n    bind *:5001\n')).toBe(5000);
    expect(firstBindPort('frontend f\n  bind :5432 name pg\n')).toBe(5432);
    expect(firstBindPort('frontend f\n  bind 0.0.0.0:6000\n')).toBe(6000);
    expect(firstBindPort('# bind *:1\nfrontend f\n  bind 127.0.0.1:7000 # local\n')).toBe(7000);
  });

  it('finds none in a file without one', () => {
    expect(firstBindPort('global\n    maxconn 10\n')).toBeUndefined();
  });
});

describe('reading a pgbouncer.ini', () => {
  const ini = `; a team's file
[databases]
mydb = host=master_host port=5432 dbname=mydb
* = host=fallback

[pgbouncer]
listen_port = 6543
# auth_file = /old
auth_file = /etc/pgbouncer/userlist.txt
listen_port = 6432
`;
  it('lists a section in order and takes the last value of a setting', () => {
    expect(iniSection(ini, 'databases').map(([k]) => k)).toEqual(['mydb', '*']);
    expect(pgbouncerSetting(ini, 'listen_port')).toBe('6432');
    expect(pgbouncerSetting(ini, 'auth_file')).toBe('/etc/pgbouncer/userlist.txt');
    expect(pgbouncerSetting(ini, 'listen_addr')).toBeUndefined();
  });
});
