import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { etcdTimings, teamEtcdConfig, teamEtcdNotes } from './team-etcd.ts';

// a team's etcd.conf.yml as it sits on one of its three members
const team = parse(readFileSync(new URL('../../fixtures/team-files/etcd.conf.yml', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

const member = {
  name: 'etcd-2',
  host: 'pgdrill-r1-etcd-2',
  initialCluster: 'etcd-1=http://pgdrill-r1-etcd-1:2380,etcd-2=http://pgdrill-r1-etcd-2:2380',
  token: 'pgdrill-r1',
  dataDir: '/var/lib/pgdrill/etcd',
};

describe('teamEtcdConfig', () => {
  const config = teamEtcdConfig(team, member);

  it("keeps the team's timings, v2 switch, quotas and compaction as written", () => {
    expect(config).toMatchObject({
      'heartbeat-interval': 250,
      'election-timeout': 2500,
      'enable-v2': true,
      'snapshot-count': 10000,
      'quota-backend-bytes': 2147483648,
      'auto-compaction-mode': 'periodic',
      'auto-compaction-retention': '1h',
      'log-level': 'warn',
      'initial-cluster-token': 'orders-etcd',
    });
  });

  it("puts in the member's name, URLs on the run's network, the run's members and a data directory", () => {
    expect(config).toMatchObject({
      name: 'etcd-2',
      'data-dir': '/var/lib/pgdrill/etcd',
      'listen-client-urls': 'http://0.0.0.0:2379',
      'advertise-client-urls': 'http://pgdrill-r1-etcd-2:2379',
      'listen-peer-urls': 'http://0.0.0.0:2380',
      'initial-advertise-peer-urls': 'http://pgdrill-r1-etcd-2:2380',
      'initial-cluster': member.initialCluster,
      'initial-cluster-state': 'new',
      'log-outputs': ['stderr'],
    });
    expect(config).not.toHaveProperty('wal-dir');
    // the team's addresses are gone everywhere: none of them may be claimed on this machine
    expect(JSON.stringify(config)).not.toContain('10.20.0.');
  });

  it('leaves the parsed document untouched, drops discovery, and names a token only where the file has none', () => {
    const before = structuredClone(team);
    teamEtcdConfig(team, member);
    expect(team).toEqual(before);
    const bare = teamEtcdConfig(
      {
        discovery: 'https://discovery.etcd.io/x',
        'log-outputs': 'stderr',
        'listen-metrics-urls': 'http://10.20.0.31:2381,http://127.0.0.1:2382',
      },
      member,
    );
    expect(bare['listen-metrics-urls']).toBe('http://0.0.0.0:2381,http://0.0.0.0:2382');
    expect(bare).not.toHaveProperty('discovery');
    expect(bare['initial-cluster-token']).toBe('pgdrill-r1');
    expect(bare['log-outputs']).toBe('stderr');
  });
});

describe('what pgdrill cannot run as written', () => {
  it('drops TLS (no certificates of the team here), binds metrics on every interface, IPv6 included', () => {
    const doc = {
      'client-transport-security': { 'cert-file': '/etc/etcd/server.crt' },
      'peer-auto-tls': true,
      'listen-metrics-urls': 'http://[fd00::5]:2381',
      'wal-dir': '',
      discovery: '',
    };
    const config = teamEtcdConfig(doc, member);
    expect(config).not.toHaveProperty('client-transport-security');
    expect(config).not.toHaveProperty('peer-auto-tls');
    expect(config['listen-metrics-urls']).toBe('http://0.0.0.0:2381');
    const notes = teamEtcdNotes(doc);
    expect(notes).toContain(
      "client-transport-security, peer-auto-tls removed: the members speak plain HTTP on the run's network (no certificates of the team's)",
    );
    // blank keys, as etcd's sample file has them, are not reported as removed
    expect(notes.some((n) => n.startsWith('discovery'))).toBe(false);
    expect(notes).toContain('data-dir: inside the member’s container');
  });
});

describe('teamEtcdNotes', () => {
  it('lists every replacement and the timings that run', () => {
    const notes = teamEtcdNotes(team);
    expect(notes).toContain("name: each member's own (etcd-1, etcd-2 …)");
    expect(notes).toContain('data-dir: inside the member’s container; wal-dir removed (the WAL stays under data-dir)');
    expect(notes).toContain("log-outputs: stderr (the report reads etcd's log from the member's output)");
    expect(notes).toContain("the file's own timings run: heartbeat-interval 250 ms, election-timeout 2500 ms");
    expect(notes.some((n) => n.startsWith('initial-cluster-token'))).toBe(false);
  });

  it("says when the timings are etcd's defaults, and when the token and discovery are replaced", () => {
    const notes = teamEtcdNotes({ discovery: 'https://discovery.etcd.io/x' });
    expect(notes).toContain(
      "the file's own timings run: heartbeat-interval 100 ms, election-timeout 1000 ms (etcd's defaults)",
    );
    expect(notes).toContain("initial-cluster-token: the run's scope (the file names none)");
    expect(notes).toContain("discovery removed: the run's members are listed, not discovered");
  });
});

describe('etcdTimings', () => {
  it("reads the file's milliseconds, etcd's defaults where absent or not a number", () => {
    expect(etcdTimings(team)).toEqual({ heartbeatMs: 250, electionMs: 2500 });
    expect(etcdTimings({ 'heartbeat-interval': 'fast' })).toEqual({ heartbeatMs: 100, electionMs: 1000 });
  });
});
