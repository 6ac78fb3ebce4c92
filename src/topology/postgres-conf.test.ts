import { describe, expect, it } from 'vitest';
import type { TopologySpec } from '../model/model.ts';
import { renderScenarioConf, synchronousStandbyNames } from './postgres-conf.ts';

const topology = (postgres: Partial<TopologySpec['postgres']>): TopologySpec => ({
  postgres: {
    version: 15,
    replicas: 2,
    replication: 'async',
    archive: false,
    settings: {},
    ssh: false,
    roles: {},
    ...postgres,
  },
  haproxy: false,
  hosts: {},
});

describe('renderScenarioConf', () => {
  it('names the replicas for FIRST 1 under sync and ANY 1 under quorum', () => {
    expect(synchronousStandbyNames(topology({ replication: 'sync' }), ['pg_2', 'pg_3'])).toBe('FIRST 1 (pg_2, pg_3)');
    expect(synchronousStandbyNames(topology({ replication: 'quorum' }), ['pg_2', 'pg_3'])).toBe('ANY 1 (pg_2, pg_3)');
  });

  it('sets no synchronous standbys for async, or when there is no replica to wait for', () => {
    expect(synchronousStandbyNames(topology({}), ['pg_2'])).toBeNull();
    expect(synchronousStandbyNames(topology({ replication: 'sync', replicas: 0 }), [])).toBeNull();
  });

  it('never puts synchronous_standby_names in the initial configuration: the bootstrap would hang on it', () => {
    expect(renderScenarioConf(topology({ replication: 'sync' }))).not.toContain('synchronous_standby_names');
  });

  it('archives through the never-overwrite command', () => {
    expect(renderScenarioConf(topology({ archive: true }))).toContain(
      "archive_command = '/usr/local/bin/pgdrill-node archive-wal %p %f'",
    );
  });

  it('also pushes to pgBackRest, naming it, when the scenario takes pgBackRest backups', () => {
    expect(renderScenarioConf(topology({ archive: true }), { pgbackrest: true })).toContain(
      "archive_command = '/usr/local/bin/pgdrill-node archive-wal %p %f pgbackrest'",
    );
  });

  it('summarises WAL for incremental pg_basebackup on 17 and later, and lets the scenario say otherwise', () => {
    expect(renderScenarioConf(topology({ version: 17 }), { summarizeWal: true })).toContain('summarize_wal = on');
    expect(renderScenarioConf(topology({ version: 18 }), {})).not.toContain('summarize_wal');
    // 15 has no such parameter: the backup step meets pg_basebackup's own refusal instead
    expect(renderScenarioConf(topology({ version: 15 }), { summarizeWal: true })).not.toContain('summarize_wal');
    const off = renderScenarioConf(topology({ version: 17, settings: { summarize_wal: 'off' } }), {
      summarizeWal: true,
    });
    expect(off).toContain('summarize_wal = off');
    expect(off).not.toContain('summarize_wal = on');
  });

  it('quotes string settings, escapes quotes, leaves numbers and booleans bare', () => {
    const conf = renderScenarioConf(
      topology({ settings: { wal_keep_size: '128MB', max_connections: '200', fsync: 'on', application_name: "it's" } }),
    );
    expect(conf).toContain("wal_keep_size = '128MB'");
    expect(conf).toContain('max_connections = 200');
    expect(conf).toContain('fsync = on');
    expect(conf).toContain("application_name = 'it''s'");
  });
});

describe('patroniEnv', () => {
  it("maps replication: sync to Patroni's synchronous_mode unless the scenario says otherwise", async () => {
    const { patroniEnv } = await import('./patroni.ts');
    const patroni = { etcd: 1, ttl: 20, loopWait: 2 };
    expect(patroniEnv(patroni, 'sync')).toContain('PATRONI_SYNCHRONOUS_MODE=true');
    expect(patroniEnv(patroni, 'async')).toContain('PATRONI_SYNCHRONOUS_MODE=false');
    expect(patroniEnv({ ...patroni, synchronousMode: false }, 'sync')).toContain('PATRONI_SYNCHRONOUS_MODE=false');
  });

  it("writes the scenario's etcd namespace, Patroni's /service/ when it names none", async () => {
    const { patroniEnv } = await import('./patroni.ts');
    expect(patroniEnv({ etcd: 1, ttl: 20, loopWait: 2 })).toContain('PATRONI_NAMESPACE=/service/\n');
    expect(patroniEnv({ etcd: 1, ttl: 20, loopWait: 2, namespace: '/db/' })).toContain('PATRONI_NAMESPACE=/db/\n');
  });
});
