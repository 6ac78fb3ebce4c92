import { describe, expect, it } from 'vitest';
import { clientBindPorts, iniSection, pgbouncerSetting, prepareTeamFile, yamlMapping } from './team-file.ts';

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

  it('replaces whole names and addresses only, the longest first', () => {
    const prepared = prepareTeamFile('server a 10.0.1.1:5432\nserver b 10.0.1.11:5432\nhost=db1.example dbname=db\n', [
      { from: '10.0.1.1', to: 'pg-1' },
      { from: '10.0.1.11', to: 'pg-2' },
      { from: 'db', to: 'app' },
    ]);
    expect(prepared.text).toBe('server a pg-1:5432\nserver b pg-2:5432\nhost=db1.example dbname=app\n');
    expect(prepared.overlay).toEqual([
      'line 1: "10.0.1.1" → "pg-1"',
      'line 2: "10.0.1.11" → "pg-2"',
      'line 3: "db" → "app"',
    ]);
  });

  it('runs a file unchanged when nothing is declared, and says when a declared text is not there', () => {
    expect(prepareTeamFile('bind *:5000\n', [])).toEqual({ text: 'bind *:5000\n', overlay: [] });
    expect(prepareTeamFile('bind *:5000\n', [{ from: '/srv/pg', to: '/var/lib/pgdrill' }]).overlay).toEqual([
      '"/srv/pg" is declared but not in the file: nothing replaced',
    ]);
  });
});

describe('clientBindPorts', () => {
  it('finds the first bind port of each TCP listen or frontend section, in its usual spellings', () => {
    expect(clientBindPorts('listen a\n    bind *:5000\n    bind *:5002\nlisten b\n    bind *:5001\n')).toEqual([
      5000, 5001,
    ]);
    expect(clientBindPorts('frontend f\n  bind :5432 name pg\n')).toEqual([5432]);
    expect(clientBindPorts('frontend f\n  bind 0.0.0.0:6000\n')).toEqual([6000]);
    expect(clientBindPorts('# bind *:1\nfrontend f\n  bind 127.0.0.1:7000 # local\n')).toEqual([7000]);
  });

  it("skips a stats page and HTTP sections, as in Patroni's sample haproxy.cfg where stats come first", () => {
    const cfg = `global\n    maxconn 100\nlisten stats\n    mode http\n    bind *:7000\n    stats enable\nlisten batman\n    bind *:5000\n    option httpchk\n`;
    expect(clientBindPorts(cfg)).toEqual([5000]);
    expect(clientBindPorts('listen s\n    bind *:8080\n    stats uri /stats\n')).toEqual([]);
  });

  it('finds none in a file without one', () => {
    expect(clientBindPorts('global\n    maxconn 10\n')).toEqual([]);
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

describe('yamlMapping', () => {
  it('gives the mapping, the line of a syntax error, or says it holds no mapping', () => {
    expect(yamlMapping('scope: orders\nttl: 30\n')).toEqual({ doc: { scope: 'orders', ttl: 30 } });
    expect(yamlMapping('scope: orders\nttl: 30\nttl: 31\n')).toEqual({
      problem: 'syntax',
      line: 3,
      message: 'Map keys must be unique at line 3, column 1:',
    });
    expect(yamlMapping('- a\n- b\n')).toEqual({ problem: 'not-a-mapping' });
    // etcd's YAML 1.1: `off` unquoted is false, quoted it stays a string
    expect(yamlMapping("a: off\nb: 'off'\n", { version: '1.1' })).toEqual({ doc: { a: false, b: 'off' } });
  });
});
