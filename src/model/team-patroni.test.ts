import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dcsOf, patroniNames, patroniTimings, teamPatroniConfig, teamPatroniNotes } from './team-patroni.ts';

// Seed 003's patroni.yml, exactly as its document prints it
const seed = parse(
  readFileSync(new URL('../../fixtures/architectures/003_c25c122044e446a7/patroni.yml', import.meta.url), 'utf8'),
) as Record<string, unknown>;

const node = {
  name: 'pg-2',
  host: 'pgdrill-r1-pg-2',
  etcdHosts: ['pgdrill-r1-etcd-1:2379', 'pgdrill-r1-etcd-2:2379'],
  dataDir: '/var/lib/pgdrill/data',
  binDir: '/usr/lib/postgresql/15/bin',
  superuserPassword: 'su-secret',
  replicationPassword: 'rep-secret',
  hba: ['local all postgres peer', 'host all all all scram-sha-256'],
  parameters: { archive_mode: 'on' },
  postBootstrap: '/usr/local/bin/pgdrill-node post-bootstrap',
};

const at = (doc: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], doc);

describe('teamPatroniConfig', () => {
  const config = teamPatroniConfig(seed, node);

  it("keeps the team's timings, DCS API, parameters, initdb and tags as written", () => {
    expect(at(config, 'bootstrap', 'dcs', 'ttl')).toBe(30);
    expect(at(config, 'bootstrap', 'dcs', 'loop_wait')).toBe(10);
    expect(at(config, 'bootstrap', 'dcs', 'retry_timeout')).toBe(10);
    expect(at(config, 'bootstrap', 'dcs', 'maximum_lag_on_failover')).toBe(1048576);
    expect(at(config, 'bootstrap', 'dcs', 'postgresql', 'parameters', 'wal_keep_segments')).toBe(64);
    expect(at(config, 'bootstrap', 'initdb')).toEqual([{ encoding: 'UTF8' }, 'data-checksums']);
    expect(at(config, 'tags')).toEqual(at(seed, 'tags'));
    expect(config.scope).toBe('postgres-cluster');
    expect(config.namespace).toBe('/db/');
    // `etcd:` is the v2 API: it stays v2, only its hosts become the run's
    expect(at(config, 'etcd', 'hosts')).toEqual(node.etcdHosts);
    expect(config).not.toHaveProperty('etcd3');
  });

  it("replaces only the node's name and addresses, the paths and the passwords", () => {
    expect(config.name).toBe('pg-2');
    expect(at(config, 'restapi', 'connect_address')).toBe('pgdrill-r1-pg-2:8008');
    expect(at(config, 'postgresql', 'connect_address')).toBe('pgdrill-r1-pg-2:5432');
    expect(at(config, 'postgresql', 'data_dir')).toBe('/var/lib/pgdrill/data');
    expect(at(config, 'postgresql', 'bin_dir')).toBe('/usr/lib/postgresql/15/bin');
    expect(at(config, 'postgresql', 'authentication')).toEqual({
      superuser: { username: 'postgres', password: 'su-secret' },
      replication: { username: 'replicator', password: 'rep-secret' },
    });
    // the team's addresses stay only where they are the team's rules (pg_hba), not where pgdrill connects
    expect(JSON.stringify([config.restapi, config.etcd, config.postgresql])).not.toContain('192.168.1.');
    expect(JSON.stringify(config)).not.toContain('postgres_password');
    expect(at(config, 'postgresql', 'basebackup')).toEqual([{ checkpoint: 'fast' }]);
    const own = teamPatroniConfig({ postgresql: { basebackup: ['verbose'] } }, node);
    expect(at(own, 'postgresql', 'basebackup')).toEqual(['verbose']);
  });

  it("appends pgdrill's pg_hba lines after the team's, which come first and so decide", () => {
    expect(at(config, 'bootstrap', 'pg_hba')).toEqual([
      'host replication replicator 127.0.0.1/32 md5',
      'host replication replicator 192.168.1.0/24 md5',
      'host all all 0.0.0.0/0 md5',
      ...node.hba,
    ]);
  });

  it("puts the scenario's parameters over the file's and leaves the input unchanged", () => {
    expect(at(config, 'bootstrap', 'dcs', 'postgresql', 'parameters', 'archive_mode')).toBe('on');
    expect(at(config, 'bootstrap', 'dcs', 'postgresql', 'parameters', 'max_connections')).toBe(200);
    expect(at(seed, 'postgresql', 'data_dir')).toBe('/var/lib/postgresql/14/main');
    expect(at(seed, 'bootstrap', 'dcs', 'postgresql', 'parameters')).not.toHaveProperty('archive_mode');
  });

  it('adds etcd3 where the file names no DCS, and drops a log dir that would hide Patroni from the report', () => {
    const bare = teamPatroniConfig({ scope: 's', log: { dir: '/var/log/patroni', level: 'DEBUG' } }, node);
    expect(at(bare, 'etcd3', 'hosts')).toEqual(node.etcdHosts);
    expect(bare.log).toEqual({ level: 'DEBUG' });
    expect(at(bare, 'bootstrap', 'pg_hba')).toEqual(node.hba);
    expect(at(bare, 'bootstrap', 'post_bootstrap')).toBe(node.postBootstrap);
  });

  it("brings a server log the file sends to files back to the node's output, and says so", () => {
    const doc = {
      bootstrap: { dcs: { postgresql: { parameters: { logging_collector: 'on', log_line_prefix: '%t ' } } } },
      postgresql: { parameters: { log_destination: 'csvlog', unix_socket_directories: '/var/run/postgresql' } },
    };
    expect(at(teamPatroniConfig(doc, node), 'postgresql', 'parameters')).toEqual({
      log_destination: 'stderr',
      unix_socket_directories: '/var/run/postgresql',
      logging_collector: 'off',
      log_line_prefix: '%m [%p] %q%u@%d ',
    });
    expect(teamPatroniNotes(doc, [])).toContain(
      "postgresql.parameters.logging_collector: off (the report reads the server's log from the node's output)",
    );
    // the seed's file leaves the server's log alone: nothing to bring back
    expect(at(teamPatroniConfig(seed, node), 'postgresql', 'parameters')).toBeUndefined();
  });

  it('replaces any host form of the DCS section with the hosts list', () => {
    const config = teamPatroniConfig({ etcd3: { url: 'http://10.0.0.5:2379', protocol: 'http' } }, node);
    expect(at(config, 'etcd3')).toEqual({ protocol: 'http', hosts: node.etcdHosts });
  });
});

describe('the file as read', () => {
  it("reads the seed's timings and names, Patroni's defaults where it is silent", () => {
    expect(patroniTimings(seed)).toEqual({ ttl: 30, loopWait: 10, retryTimeout: 10 });
    expect(patroniTimings({ bootstrap: { dcs: { ttl: '20' } } })).toEqual({ ttl: 20, loopWait: 10, retryTimeout: 10 });
    expect(patroniNames(seed)).toEqual({ scope: 'postgres-cluster', namespace: '/db/' });
    expect(patroniNames({ scope: 7 })).toEqual({});
  });

  it('names the DCS a file uses', () => {
    expect(dcsOf(seed)).toBe('etcd');
    expect(dcsOf({ consul: {} })).toBe('consul');
    expect(dcsOf({})).toBeUndefined();
  });

  it('lists every replacement for the report, the v2 API named', () => {
    const notes = teamPatroniNotes(seed, ['max_connections']);
    expect(notes.some((n) => n.startsWith('etcd.hosts') && n.includes('etcd v2'))).toBe(true);
    expect(notes.some((n) => n.startsWith('bootstrap.pg_hba'))).toBe(true);
    expect(notes.at(-1)).toBe("bootstrap.dcs.postgresql.parameters: the scenario's max_connections over the file's");
    expect(notes.join('\n')).not.toContain('replicator_password');
  });
});
