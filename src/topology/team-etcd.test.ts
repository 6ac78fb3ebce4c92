import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TeamConfigError } from '../errors.ts';
import { ETCD_YAML } from '../model/team-etcd.ts';
import { etcdComplaint, teamEtcdMember, teamEtcdRefused } from './team-etcd.ts';

const team = { name: 'etcd.conf.yml', doc: { proxy: 'off', 'heartbeat-interval': 250 } };

describe('etcdComplaint', () => {
  it("finds capnslog's error line, zap's JSON error, or a line naming an error", () => {
    expect(
      etcdComplaint([
        '2026-12-04 06:43:10.177482 I | etcdmain: Loading server configuration from "/etc/pgdrill/team-etcd.yml".',
        '2026-12-04 06:43:10.177613 E | etcdmain: error verifying flags, --election-timeout[2500ms] should be at least as 5 times as --heartbeat-interval[1000ms].',
      ]),
    ).toBe(
      'etcdmain: error verifying flags, --election-timeout[2500ms] should be at least as 5 times as --heartbeat-interval[1000ms].',
    );
    expect(
      etcdComplaint([
        '{"level":"warn","msg":"running http and grpc server on single port"}',
        '{"level":"fatal","msg":"discovery failed","error":"invalid auto-compaction-retention"}',
      ]),
    ).toBe('discovery failed: invalid auto-compaction-retention');
    // etcd 3.5 (trixie, forky) refuses bad flags at level warn, with the reason in `error`
    expect(
      etcdComplaint([
        '{"level":"info","msg":"starting"}',
        '{"level":"warn","ts":"2026-12-04T20:43:53Z","caller":"etcdmain/etcd.go:75","msg":"failed to verify flags","error":"--election-timeout[2500ms] should be at least as 5 times as --heartbeat-interval[1000ms]"}',
      ]),
    ).toBe(
      'failed to verify flags: --election-timeout[2500ms] should be at least as 5 times as --heartbeat-interval[1000ms]',
    );
    expect(etcdComplaint(['open /certs/server.crt: no such file or directory', 'error: x'])).toBe('error: x');
    expect(etcdComplaint(['all good'])).toBeUndefined();
  });
});

describe('teamEtcdRefused', () => {
  it("puts etcd's own words on the first line, without the start's prefix", () => {
    const refused = new TeamConfigError(
      'etcd 3.4.23 refused it: {"level":"warn"}\n{"level":"warn","msg":"deprecated"}\n{"level":"fatal","msg":"failed to verify flags","error":"invalid value"}',
    );
    const message = (teamEtcdRefused(team, refused) as Error).message;
    expect(message.split('\n')[0]).toBe(
      "etcd 3.4.23 refused the team's etcd.conf.yml (topology.patroni.etcd.config): failed to verify flags: invalid value",
    );
    expect(message).not.toContain('refused it');
  });

  it('passes any other error through unchanged', () => {
    const other = new Error('docker went away');
    expect(teamEtcdRefused(team, other)).toBe(other);
  });
});

describe('teamEtcdMember', () => {
  it("writes YAML 1.1, as etcd reads it: the team's quoted 'off' stays a string", () => {
    const spec = teamEtcdMember(team, {
      name: 'etcd-1',
      host: 'pgdrill-r1-etcd-1',
      initialCluster: 'etcd-1=http://pgdrill-r1-etcd-1:2380',
      token: 'pgdrill-r1',
      dataDir: '/var/lib/pgdrill/etcd',
    });
    const written = parse(spec.files![0]!.content, ETCD_YAML) as Record<string, unknown>;
    expect(written.proxy).toBe('off');
    expect(written['heartbeat-interval']).toBe(250);
  });
});
