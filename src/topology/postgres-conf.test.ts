import { describe, expect, it } from 'vitest';
import type { TopologySpec } from '../scenario/model.ts';
import { renderScenarioConf } from './postgres-conf.ts';

const topology = (postgres: Partial<TopologySpec['postgres']>): TopologySpec => ({
  postgres: { version: 15, replicas: 2, replication: 'async', archive: false, settings: {}, ...postgres },
  haproxy: false,
});

describe('renderScenarioConf', () => {
  it('names the replicas for FIRST 1 under sync and ANY 1 under quorum', () => {
    expect(renderScenarioConf(topology({ replication: 'sync' }), ['pg_2', 'pg_3'])).toContain("synchronous_standby_names = 'FIRST 1 (pg_2, pg_3)'");
    expect(renderScenarioConf(topology({ replication: 'quorum' }), ['pg_2', 'pg_3'])).toContain("synchronous_standby_names = 'ANY 1 (pg_2, pg_3)'");
  });

  it('sets no synchronous standbys for async, or when there is no replica to wait for', () => {
    expect(renderScenarioConf(topology({}), ['pg_2'])).not.toContain('synchronous_standby_names');
    expect(renderScenarioConf(topology({ replication: 'sync', replicas: 0 }), [])).not.toContain('synchronous_standby_names');
  });

  it('archives through the never-overwrite command', () => {
    expect(renderScenarioConf(topology({ archive: true }), [])).toContain("archive_command = '/usr/local/bin/pgdrill-node archive-wal %p %f'");
  });

  it('quotes string settings, escapes quotes, leaves numbers and booleans bare', () => {
    const conf = renderScenarioConf(topology({ settings: { wal_keep_size: '128MB', max_connections: '200', fsync: 'on', application_name: "it's" } }), []);
    expect(conf).toContain("wal_keep_size = '128MB'");
    expect(conf).toContain('max_connections = 200');
    expect(conf).toContain('fsync = on');
    expect(conf).toContain("application_name = 'it''s'");
  });
});
