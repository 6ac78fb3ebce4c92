import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.ts';
import { FAULT_KINDS } from '../faults/registry.ts';
import { parseScenario } from './load.ts';
import { EXAMPLE_FILE, EXAMPLE_YAML, edit, issueAt, issuesOf } from './test-example.ts';

const at = (line: number, column: number) => ({ file: EXAMPLE_FILE, line, column });

describe('parseScenario: the contract example', () => {
  it('resolves every key: camelCase, defaults, milliseconds, bounds, absolute paths', () => {
    const scenario = parseScenario(EXAMPLE_YAML, EXAMPLE_FILE);
    expect(scenario).toEqual({
      name: 'kill-primary-manual-failover',
      claims: [],
      description: 'Kill the primary under write load, promote the replica, prove nothing acknowledged was lost.',
      tags: ['failover', 'smoke'],
      file: EXAMPLE_FILE,
      topology: {
        postgres: {
          version: 18,
          replicas: 1,
          replication: 'async',
          archive: true,
          ssh: false,
          roles: {},
          settings: { wal_keep_size: '128MB' },
        },
        pgbouncer: { poolMode: 'transaction', backend: 'primary' },
        patroni: { etcd: 3, ttl: 30, loopWait: 10 },
        haproxy: true,
        hosts: {},
      },
      data: { sqlFile: path.resolve(EXAMPLE_FILE, '../../../fixtures/sql/app-schema.sql') },
      workload: { clients: 4, rate: 500 },
      observe: { intervalMs: 250 },
      steps: [
        {
          index: 0,
          at: at(30, 5),
          expectFailure: false,
          type: 'wait',
          wait: { kind: 'duration', ms: 5_000 },
          timeoutMs: 30_000,
        },
        { index: 1, at: at(31, 5), expectFailure: false, type: 'fault', fault: 'kill', target: 'primary' },
        {
          index: 2,
          at: at(33, 5),
          expectFailure: false,
          type: 'procedure',
          procedure: 'failover',
          method: 'promote',
          candidate: 'replica-1',
        },
        { index: 3, at: at(36, 5), expectFailure: false, type: 'wait', wait: { kind: 'converged' }, timeoutMs: 30_000 },
      ],
      expect: {
        rpo: { lostTransactions: { max: 0 } },
        rto: { maxSeconds: { max: 15 } },
        checksums: 'match',
        convergence: { withinMs: 30_000 },
        splitBrain: 'none',
      },
    });
  });
});

const MINIMAL = `name: minimal
topology:
  postgres:
    version: 15
steps:
  - wait: 1s
`;

describe('parseScenario: defaults', () => {
  it('fills in every default the contract names', () => {
    const scenario = parseScenario(MINIMAL, '/tmp/minimal.yaml');
    expect(scenario.tags).toEqual([]);
    expect(scenario.topology).toEqual({
      postgres: { version: 15, replicas: 1, replication: 'async', archive: false, ssh: false, settings: {}, roles: {} },
      haproxy: false,
      hosts: {},
    });
    expect(scenario.data).toEqual({});
    expect(scenario.workload).toBeUndefined();
    expect(scenario.expect).toEqual({});
    expect(scenario.observe).toEqual({ intervalMs: 250 });
    expect(scenario.steps[0]).toMatchObject({ type: 'wait', expectFailure: false, timeoutMs: 30_000 });
  });

  it("takes a team's haproxy.cfg with its port and substitutions, and host aliases for the nodes", () => {
    const scenario = parseScenario(
      `name: team
topology:
  postgres: {version: 15, replicas: 1}
  patroni: {}
  haproxy: {config: ../../fixtures/team-files/haproxy.cfg, port: 5432, substitute: [{from: 10.0.0.5, to: pg-1}]}
  hosts: {db1: pg-1, db2: pg-2}
steps:
  - wait: 1s
`,
      path.resolve(import.meta.dirname, '../../scenarios/ha/team.yaml'),
    );
    expect(scenario.topology).toMatchObject({
      haproxy: true,
      haproxyConfig: {
        file: path.resolve(import.meta.dirname, '../../fixtures/team-files/haproxy.cfg'),
        port: 5432,
        substitutions: [{ from: '10.0.0.5', to: 'pg-1' }],
      },
      hosts: { db1: 'pg-1', db2: 'pg-2' },
    });
  });

  it('applies workload, patroni and pgbouncer defaults when the section is present', () => {
    const scenario = parseScenario(
      edit(MINIMAL, 'steps:', 'workload: {}\nsteps:').replace(
        '    version: 15',
        '    version: 15\n  patroni: {}\n  pgbouncer: {}',
      ),
      '/tmp/minimal.yaml',
    );
    expect(scenario.workload).toEqual({ clients: 4 });
    expect(scenario.topology.patroni).toEqual({ etcd: 3, ttl: 30, loopWait: 10 });
    expect(scenario.topology.pgbouncer).toEqual({ poolMode: 'session', backend: 'primary' });
  });

  it("takes Patroni's scope and namespace as the team's patroni.yml names them, and names the key of a bad one", () => {
    const named = edit(
      MINIMAL,
      '    version: 15',
      '    version: 15\n  patroni: {scope: postgres-cluster, namespace: /db/}',
    );
    expect(parseScenario(named, '/tmp/m.yaml').topology.patroni).toMatchObject({
      scope: 'postgres-cluster',
      namespace: '/db/',
    });
    const spaced = edit(MINIMAL, '    version: 15', "    version: 15\n  patroni: {scope: 'my cluster', namespace: db}");
    const issues = issuesOf(spaced);
    expect(issueAt(issues, 'topology.patroni.scope').message).toMatch(/letters, digits/);
    expect(issueAt(issues, 'topology.patroni.namespace').message).toMatch(/a path such as \/service\//);
  });

  it('keeps settings as written, as text', () => {
    const text = edit(
      MINIMAL,
      '    version: 15',
      '    version: 15\n    settings: {max_connections: 200, fsync: true, work_mem: 4MB}',
    );
    expect(parseScenario(text, '/tmp/m.yaml').topology.postgres.settings).toEqual({
      max_connections: '200',
      fsync: 'true',
      work_mem: '4MB',
    });
  });

  it("checks settings against PostgreSQL's parameter table: a bad value at the value, an unknown name at the key", () => {
    const text = edit(
      EXAMPLE_YAML,
      '      wal_keep_size: 128MB',
      '      wal_keep_size: -1h30m\n      wal_keep_segment: 8',
    );
    const issues = issuesOf(text);
    expect(issueAt(issues, 'topology.postgres.settings.wal_keep_size')).toEqual({
      line: 13,
      column: 22,
      message: expect.stringMatching(
        /^wal_keep_size is an integer with an optional unit .*"h30m" is not one of its units/,
      ),
    });
    expect(issueAt(issues, 'topology.postgres.settings.wal_keep_segment')).toEqual({
      line: 14,
      column: 7,
      message: 'PostgreSQL 18 has no parameter "wal_keep_segment" (did you mean "wal_keep_size"?)',
    });
  });

  it('reads {min, max} bounds and bare numbers as upper bounds', () => {
    const text = `${MINIMAL}expect:\n  rpo: {lostTransactions: {min: 1}, seconds: 2.5}\n  rto: {maxSeconds: {min: 1, max: 9}}\n`;
    expect(parseScenario(text, '/tmp/m.yaml').expect).toEqual({
      rpo: { lostTransactions: { min: 1 }, seconds: { max: 2.5 } },
      rto: { maxSeconds: { min: 1, max: 9 } },
    });
  });
});

describe('parseScenario: every step kind', () => {
  const runbook = path.relative(path.dirname(EXAMPLE_FILE), path.resolve(import.meta.dirname, 'load.ts'));
  const text = `name: all-steps
topology:
  postgres: {version: 15, replicas: 2, archive: true}
steps:
  - wait: {until: "SELECT count(*) > 0 FROM accounts", target: replica-2}
    timeout: 1m30s
  - {fault: stop, target: pg-2}
  - {fault: restart, target: pg-2, mode: immediate}
  - {fault: pause, target: replica}
  - {fault: resume, target: replica}
  - {fault: partition, isolate: primary, clients: true}
  - {fault: partition, between: [[pg-1], [pg-2, pg-3]]}
  - {fault: disk-full, target: pg-1, volume: wal}
  - {fault: lag, target: replica-1, applyDelay: 30s}
  - {fault: heal, of: lag}
  - {fault: heal}
  - {procedure: backup, method: pg_basebackup, name: base}
  - {procedure: mark, name: before-delete}
  - {procedure: sql, target: primary, sql: DELETE FROM accounts}
  - {procedure: pitr, target: {mark: before-delete, by: time}, from: base}
  - {procedure: restore, from: base}
  - {procedure: switchover, candidate: replica-1}
  - {procedure: rejoin, target: pg-1, expectFailure: true}
  - {procedure: script, target: pg-1, file: ${runbook}}
  - {procedure: checkpoint}
  - {procedure: switch-wal, target: pg-1}
`;

  it('loads and applies per-kind defaults', () => {
    const steps = parseScenario(text, EXAMPLE_FILE).steps;
    expect(steps.map((s) => s.type)).toEqual(['wait', ...Array(10).fill('fault'), ...Array(10).fill('procedure')]);
    expect(steps[0]).toMatchObject({
      wait: { kind: 'until', sql: 'SELECT count(*) > 0 FROM accounts', target: 'replica-2' },
      timeoutMs: 90_000,
    });
    expect(steps[1]).toMatchObject({ fault: 'stop', mode: 'fast' });
    expect(steps[5]).toMatchObject({ fault: 'partition', isolate: 'primary', clients: true });
    expect(steps[6]).toMatchObject({ between: [['pg-1'], ['pg-2', 'pg-3']], clients: false });
    expect(steps[8]).toMatchObject({ fault: 'lag', applyDelayMs: 30_000 });
    expect(steps[8]).not.toHaveProperty('applyDelay');
    expect(steps[14]).toMatchObject({
      procedure: 'pitr',
      target: { mark: 'before-delete', by: 'time' },
      action: 'pause',
    });
    expect(steps[16]).toMatchObject({ procedure: 'switchover', method: 'promote' });
    expect(steps[17]).toMatchObject({ procedure: 'rejoin', expectFailure: true });
    expect(steps[18]).toMatchObject({ procedure: 'script', file: path.resolve(import.meta.dirname, 'load.ts') });
    expect(steps[19]).toMatchObject({ procedure: 'checkpoint', target: 'primary' });
  });
});

const LAG_NEEDS = 'lag needs `bandwidth: 64kbit`, `applyDelay: 30s`, `pauseReplay: true`, `delay: 200ms` or `loss: 5%`';

describe('parseScenario: positioned errors', () => {
  it('names file:line:column and the key path of a misspelt key', () => {
    const text = edit(EXAMPLE_YAML, '    replicas: 1 ', '    replicaz: 1 ');
    let error: unknown;
    try {
      parseScenario(text, EXAMPLE_FILE);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).exitCode).toBe(2);
    expect((error as ScenarioError).message).toBe(
      `${EXAMPLE_FILE}:9:5 topology.postgres.replicaz: unknown key "replicaz" (did you mean "replicas"?)`,
    );
  });

  it('lists the allowed keys when no key is close', () => {
    const issue = issueAt(issuesOf(edit(EXAMPLE_YAML, '  clients: 4', '  clients: 4\n  think: 1s')), 'workload.think');
    expect(issue).toEqual({ line: 27, column: 3, message: 'unknown key "think" (allowed here: clients, rate, reads)' });
  });

  it.each([
    ['workload.clients', '  clients: 4', '  clients: four', 26, 12, 'expected a number, got "four"'],
    [
      'workload.rate',
      '  rate: 500 ',
      '  rate: 1e308 ',
      27,
      9,
      "at most 100000 tx/s: a drill's clients are a handful of connections on one machine",
    ],
    [
      'topology.postgres.archive',
      '    archive: true',
      '    archive: "yes"',
      11,
      14,
      'expected true or false, got "yes"',
    ],
    ['tags', 'tags: [failover, smoke]', 'tags: failover', 4, 7, 'expected a list, got "failover"'],
    ['topology.postgres.replicas', '    replicas: 1 ', '    replicas: 9 ', 9, 15, 'must be at most 8'],
    ['topology.postgres.replicas', '    replicas: 1 ', '    replicas: 1.5 ', 9, 15, 'expected an integer, got 1.5'],
    [
      'topology.postgres.version',
      '    version: 18',
      '    version: 16',
      8,
      14,
      'pgdrill cannot drill PostgreSQL 16: write one of 15, 17, 18 (Debian packages no 16)',
    ],
    [
      'name',
      'name: kill-primary-manual-failover',
      'name: Kill_Primary',
      2,
      7,
      'use lowercase letters, digits and "-" only',
    ],
    [
      'expect.checksums',
      '  checksums: match',
      '  checksums: maybe',
      44,
      14,
      'expected one of match, differ; got "maybe"',
    ],
    [
      'topology.pgbouncer.pool_mode',
      'pool_mode: transaction',
      'pool_mode: statment',
      15,
      16,
      'expected one of session, transaction; got "statment"',
    ],
    ['expect.rto.maxSeconds', 'maxSeconds: 15 ', 'maxSeconds: {min: 20, max: 10} ', 43, 17, 'min is greater than max'],
    [
      'expect.rpo.lostTransactions',
      'lostTransactions: 0 ',
      'lostTransactions: "0" ',
      41,
      23,
      'expected a number (an upper bound) or {min: X, max: Y}',
    ],
  ])('%s: wrong value "%s" → "%s" at its value', (path, from, to, line, column, message) => {
    expect(issueAt(issuesOf(edit(EXAMPLE_YAML, from, to)), path)).toEqual({ line, column, message });
  });

  it('rejects a bad duration at the value', () => {
    expect(issueAt(issuesOf(edit(EXAMPLE_YAML, '  - wait: 5s', '  - wait: 5x')), 'steps[0].wait')).toEqual({
      line: 30,
      column: 11,
      message: 'invalid duration "5x": write a number with a unit (h, m, s, ms), e.g. 500ms, 5s, 0.5s, 2m, 1m30s, 1h',
    });
    expect(issueAt(issuesOf(edit(EXAMPLE_YAML, 'timeout: 30s', 'timeout: 0s')), 'steps[3].timeout')).toMatchObject({
      line: 37,
      column: 14,
      message: 'must be longer than 0',
    });
    expect(
      issueAt(issuesOf(edit(EXAMPLE_YAML, 'within: 30s', 'within: 30')), 'expect.convergence.within'),
    ).toMatchObject({
      line: 46,
      message: 'add a unit (h, m, s, ms), e.g. 30s',
    });
  });

  it('rejects an unknown target, listing the known ones', () => {
    expect(
      issueAt(issuesOf(edit(EXAMPLE_YAML, '    target: primary ', '    target: pg-9 ')), 'steps[1].target'),
    ).toEqual({
      line: 32,
      column: 13,
      message:
        'unknown node "pg-9" (known: primary, replica, replica-1, pg-1, pg-2, pgbouncer, haproxy, etcd-1, etcd-2, etcd-3)',
    });
  });

  it('rejects a non-PostgreSQL node where a step runs PostgreSQL things', () => {
    expect(
      issueAt(issuesOf(edit(EXAMPLE_YAML, 'candidate: replica-1', 'candidate: etcd-2')), 'steps[2].candidate'),
    ).toEqual({
      line: 35,
      column: 16,
      message: '"etcd-2" is not a PostgreSQL node (known: primary, replica, replica-1, pg-1, pg-2)',
    });
  });

  it('reports a missing required key at the mapping that should hold it', () => {
    const text = edit(EXAMPLE_YAML, /\n {4}target: primary .*/, '');
    expect(issueAt(issuesOf(text), 'steps[1].target')).toEqual({
      line: 31,
      column: 5,
      message: 'required key is missing',
    });
  });

  it.each([
    [
      '  - {fault: partition}',
      'steps[0]',
      'partition needs `isolate: NODE`, `between: [[A...], [B...]]` or `ring: [A, B, C...]`',
    ],
    [
      '  - {fault: partition, isolate: pg-1, between: [[pg-1], [pg-2]]}',
      'steps[0].between',
      'give one of `isolate`, `between` and `ring`, not `isolate` and `between`',
    ],
    ['  - {fault: partition, ring: [pg-1, pg-2]}', 'steps[0].ring', 'a majorities ring needs at least three nodes'],
    [
      '  - {fault: partition, ring: [pg-1, pg-2, primary], clients: true}',
      'steps[0].clients',
      '`ring` is one-way already and spares the clients: leave out `clients` and `oneWay`',
    ],
    ['  - {fault: lag, target: replica}', 'steps[0]', LAG_NEEDS],
    ['  - {fault: lag, target: replica, pauseReplay: false}', 'steps[0]', LAG_NEEDS],
    ['  - {fault: lag, target: replica, loss: 0%}', 'steps[0]', LAG_NEEDS],
    [
      '  - {fault: lag, target: replica, bandwidth: fast}',
      'steps[0].bandwidth',
      'expected a rate like 64kbit, 1mbit or 100kbps',
    ],
    ['  - {fault: stop}', 'steps[0].target', 'required key is missing'],
    ['  - {procedure: sql, target: primary}', 'steps[0].sql', 'required key is missing'],
    ['  - {procedure: sql, sql: SELECT 1}', 'steps[0].target', 'required key is missing'],
    ['  - {procedure: script, target: pg-1}', 'steps[0].file', 'required key is missing'],
    ['  - {procedure: failover, method: script}', 'steps[0].file', 'method: script needs `file`: the runbook to run'],
    [
      '  - {procedure: failover, method: promote, timeout: 90s}',
      'steps[0].timeout',
      '`timeout` goes with method: script or external only',
    ],
    [
      '  - {procedure: failover, method: external, candidate: pg-2}',
      'steps[0].candidate',
      'method: external waits for whichever replica the other manager promotes; it takes no candidate',
    ],
    ['  - {procedure: failover, method: external, args: [x]}', 'steps[0].args', '`args` go with method: script only'],
    [
      '  - {procedure: failover, method: external, timeout: soon}',
      'steps[0].timeout',
      'invalid duration "soon": write a number with a unit (h, m, s, ms), e.g. 500ms, 5s, 0.5s, 2m, 1m30s, 1h',
    ],
    ['  - {procedure: mark}', 'steps[0].name', 'required key is missing'],
    [
      '  - {procedure: pitr, target: {by: time}}',
      'steps[0].target.mark',
      'by: time needs `mark`: the mark to recover to',
    ],
    [
      '  - {procedure: pitr, target: {by: latest, mark: m}}',
      'steps[0].target.mark',
      'by: latest replays everything the archive holds; it takes no mark',
    ],
    [
      '  - {procedure: pitr, target: {by: latest}, action: pause}',
      'steps[0].action',
      "by: latest has no recovery target, so no recovery_target_action: the server promotes at the archive's end",
    ],
    [
      '  - {fault: kill, target: primary, mode: fast}',
      'steps[0].mode',
      'unknown key "mode" (allowed here: fault, target, expectFailure, bestEffort)',
    ],
    [
      '  - {fault: explode, target: primary}',
      'steps[0].fault',
      `unknown fault "explode" (known: ${FAULT_KINDS.join(', ')})`,
    ],
    ['  - {procedure: failovr}', 'steps[0].procedure', 'unknown procedure "failovr" (did you mean "failover"?)'],
    ['  - {fualt: kill, target: primary}', 'steps[0].fualt', 'unknown key "fualt" (did you mean "fault"?)'],
    ['  - {wait: 5s, fault: kill}', 'steps[0].fault', '"fault" cannot be combined with "wait": one kind per step'],
    [
      '  - {target: primary}',
      'steps[0]',
      'a step is a mapping with exactly one of `wait`, `fault` or `procedure`, e.g. `- wait: 5s`',
    ],
    [
      '  - wait 5s',
      'steps[0]',
      'a step is a mapping with exactly one of `wait`, `fault` or `procedure`, e.g. `- wait: 5s`',
    ],
    ['  - {wait: {until: SELECT true}}', 'steps[0].wait.target', 'required key is missing'],
    [
      '  - {wait: soon}',
      'steps[0].wait',
      'invalid duration "soon": write a number with a unit (h, m, s, ms), e.g. 500ms, 5s, 0.5s, 2m, 1m30s, 1h',
    ],
    [
      '  - {wait: [5s]}',
      'steps[0].wait',
      'expected a duration (e.g. 5s, 1m30s), "converged", or {until: SQL, target: NODE}',
    ],
    ['  - {wait: 5s, expectFailure: maybe}', 'steps[0].expectFailure', 'expected true or false, got "maybe"'],
  ])('step %s → %s', (step, path, message) => {
    const text = `${MINIMAL.replace('  - wait: 1s\n', `${step}\n`)}`;
    expect(issueAt(issuesOf(text), path)).toMatchObject({ line: 6, message });
  });

  it('collects every issue of the file, in file order', () => {
    const text = edit(
      edit(edit(EXAMPLE_YAML, '  clients: 4', '  clients: 0'), '    replicas: 1 ', '    replicaz: 1 '),
      '  - wait: 5s',
      '  - wait: 5x',
    );
    expect(issuesOf(text).map((i) => `${i.position.line}:${i.position.column} ${i.path}`)).toEqual([
      '9:5 topology.postgres.replicaz',
      '26:12 workload.clients',
      '30:11 steps[0].wait',
    ]);
  });

  it.each([
    ['an empty file', '', 'the file holds no scenario'],
    ['only comments', '# nothing here\n', 'the file holds no scenario'],
    ['a list', '- name: x\n', 'a scenario is a mapping of keys (name, topology, steps, …), not a list'],
    [
      'a scalar',
      'kill the primary\n',
      'a scenario is a mapping of keys (name, topology, steps, …), not "kill the primary"',
    ],
  ])('rejects %s at 1:1', (_, text, message) => {
    const [issue, ...others] = issuesOf(text);
    expect(others).toEqual([]);
    expect(issue?.position).toEqual(at(1, 1));
    expect(issue?.message).toContain(message);
  });

  it('reports missing `steps` (and no chaos block) at the document mapping', () => {
    const text = EXAMPLE_YAML.slice(0, EXAMPLE_YAML.indexOf('steps:'));
    expect(issueAt(issuesOf(text), 'steps')).toEqual({
      line: 2,
      column: 1,
      message: 'a scenario needs at least one step, or a chaos block to draw them from',
    });
  });

  it('rejects an empty steps list', () => {
    expect(issueAt(issuesOf(edit(MINIMAL, /steps:\n.*\n/, 'steps: []\n')), 'steps')).toMatchObject({
      line: 5,
      message: 'a scenario needs at least one step',
    });
  });

  it('positions YAML syntax errors', () => {
    const [issue] = issuesOf(edit(EXAMPLE_YAML, 'tags: [failover, smoke]', 'tags: [failover, smoke'));
    expect(issue?.position.line).toBeGreaterThanOrEqual(4);
    expect(issue?.message).toMatch(/^YAML: /);
  });

  it.each([
    [
      'two documents',
      `${MINIMAL}---\nname: other\n`,
      7,
      'YAML: a scenario file holds one document: put each scenario after `---` in a file of its own',
    ],
    ['an unresolved tag', MINIMAL.replace('name: minimal', 'name: !shout minimal'), 1, 'YAML: Unresolved tag: !shout'],
    [
      'an alias bomb',
      `${MINIMAL}x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`,
      1,
      'YAML: Excessive alias count indicates a resource exhaustion attack',
    ],
  ])('rejects %s', (_, text, line, message) => {
    const [issue, ...others] = issuesOf(text);
    expect(others).toEqual([]);
    expect(issue).toMatchObject({ position: { line }, message });
  });

  it('rejects duplicate keys as YAML errors at the second key', () => {
    const [issue] = issuesOf(edit(EXAMPLE_YAML, '  clients: 4', '  clients: 4\n  clients: 8'));
    expect(issue).toMatchObject({ position: at(27, 3), message: expect.stringMatching(/^YAML: .*unique/i) });
  });
});

describe('parseScenario: checks across keys', () => {
  it('requires data.sql to exist, relative to the scenario file', () => {
    expect(issueAt(issuesOf(edit(EXAMPLE_YAML, 'app-schema.sql', 'nope.sql')), 'data.sql')).toEqual({
      line: 23,
      column: 8,
      message: `no such file: ${path.resolve(EXAMPLE_FILE, '../../../fixtures/sql/nope.sql')}`,
    });
  });

  it('requires a script runbook to exist', () => {
    const text = MINIMAL.replace('  - wait: 1s', '  - {procedure: script, target: pg-1, file: runbooks/missing.sh}');
    expect(issueAt(issuesOf(text, '/tmp/s.yaml'), 'steps[0].file').message).toBe(
      'no such file: /tmp/runbooks/missing.sh',
    );
  });

  it.each([
    [
      '  - {procedure: restore, from: nightly}',
      'steps[0].from',
      'no backup named "nightly" before this step (no backup step comes before this one)',
    ],
    [
      '  - {procedure: backup, method: pg_dump, name: dump}\n  - {procedure: mark, name: m}\n  - {procedure: pitr, target: {mark: m, by: time}, from: dump}',
      'steps[2].from',
      '"dump" is a pg_dump backup: PITR needs a physical one (pg_basebackup, pgbackrest)',
    ],
    [
      '  - {procedure: backup, method: pg_basebackup, name: f}\n  - {procedure: backup, method: pg_basebackup, name: i, type: incr}',
      'steps[1].type',
      'incremental pg_basebackup (--incremental, pg_combinebackup) came with PostgreSQL 17; this scenario runs 15: write topology.postgres.version: 17 or 18',
    ],
    [
      '  - {procedure: backup, method: pg_dump, name: d, type: full}',
      'steps[0].type',
      'a pg_dump backup is always whole: type (full, incr, diff) goes with pg_basebackup or pgbackrest',
    ],
    [
      '  - {procedure: backup, method: pg_basebackup, name: d, type: diff}',
      'steps[0].type',
      'pg_basebackup takes type full or incr, not diff',
    ],
    [
      '  - {procedure: pitr, target: {mark: later, by: name}}\n  - {procedure: mark, name: later}',
      'steps[0].target.mark',
      'no mark named "later" before this step (no mark step comes before this one)',
    ],
    [
      '  - {procedure: mark, name: a}\n  - {procedure: mark, name: a}',
      'steps[1].name',
      'a mark named "a" already exists',
    ],
    [
      '  - {fault: lag, target: primary, pauseReplay: true}',
      'steps[0].target',
      'lag makes a replica fall behind: target a replica',
    ],
    [
      '  - {fault: heal, of: everything}',
      'steps[0].of',
      `"everything" is neither a fault kind (${FAULT_KINDS.filter((k) => k !== 'heal').join(', ')}) nor a node (primary, replica, replica-1, pg-1, pg-2)`,
    ],
    [
      '  - {fault: partition, between: [[pg-1], [pg-2, pg-1]]}',
      'steps[0].between[1][1]',
      '"pg-1" is already in group 1: a node can be on one side only',
    ],
    [
      '  - {fault: disk-full, target: pg-1, volume: archive}',
      'steps[0].volume',
      'volume: archive needs topology.postgres.archive: true',
    ],
    ['  - {procedure: failover, method: patroni}', 'steps[0].method', 'method: patroni needs topology.patroni'],
  ])('step %s → %s', (steps, path, message) => {
    expect(issueAt(issuesOf(MINIMAL.replace('  - wait: 1s', steps)), path).message).toBe(message);
  });

  it('wants a full pg_basebackup backup before an incremental one', () => {
    const text = MINIMAL.replace('version: 15', 'version: 17').replace(
      '  - wait: 1s',
      '  - {procedure: backup, method: pg_basebackup, name: i, type: incr}',
    );
    expect(issueAt(issuesOf(text), 'steps[0].type').message).toBe(
      'an incremental pg_basebackup backup builds on an earlier one: take a full pg_basebackup backup first',
    );
  });

  it('holds a subscriber to what it needs: failover slots on 17 and later, a workload, one subscriber, subscribe before repoint', () => {
    const withSteps = (steps: string, version = 17, workload = true) =>
      MINIMAL.replace('version: 15', `version: ${version}`)
        .replace('steps:', `${workload ? 'workload:\n  clients: 1\n' : ''}steps:`)
        .replace('  - wait: 1s', steps);
    expect(issueAt(issuesOf(withSteps('  - {procedure: subscribe}', 15)), 'steps[0].failover').message).toBe(
      'failover slots (CREATE SUBSCRIPTION … WITH (failover = true), sync_replication_slots) came with PostgreSQL 17; this scenario runs 15: write failover: false, or topology.postgres.version: 17 or 18',
    );
    expect(() =>
      parseScenario(withSteps('  - {procedure: subscribe, failover: false}', 15), '/tmp/s.yaml'),
    ).not.toThrow();
    expect(issueAt(issuesOf(withSteps('  - {procedure: repoint-subscriber}')), 'steps[0].procedure').message).toBe(
      'repoint-subscriber needs a subscriber: a subscribe step before this one',
    );
    expect(issueAt(issuesOf(withSteps('  - {procedure: subscribe}', 17, false)), 'steps[0].procedure').message).toBe(
      'the subscriber replicates the workload’s table: the scenario needs a `workload`',
    );
    expect(
      issueAt(issuesOf(withSteps('  - {procedure: subscribe}\n  - {procedure: subscribe}')), 'steps[1].procedure')
        .message,
    ).toBe('a drill has one subscriber: subscribe once');
  });

  it('checks the topology against itself', () => {
    const noReplicas = edit(
      MINIMAL,
      '    version: 15',
      '    version: 15\n    replicas: 0\n    replication: sync\n  haproxy: true',
    );
    const issues = issuesOf(noReplicas);
    expect(issueAt(issues, 'topology.postgres.replication').message).toBe(
      'replication: sync needs at least one replica',
    );
    expect(issueAt(issues, 'topology.haproxy').message).toBe(
      "HAProxy routes by Patroni's REST API: it needs topology.patroni",
    );

    const bouncerToNoHaproxy = edit(MINIMAL, '    version: 15', '    version: 15\n  pgbouncer: {backend: haproxy}');
    expect(issueAt(issuesOf(bouncerToNoHaproxy), 'topology.pgbouncer.backend').message).toBe(
      'backend: haproxy needs topology.haproxy: true (and so topology.patroni)',
    );

    const tightPatroni = edit(EXAMPLE_YAML, '    ttl: 30', '    ttl: 25');
    expect(issueAt(issuesOf(tightPatroni), 'topology.patroni.ttl')).toEqual({
      line: 18,
      column: 10,
      message: 'Patroni needs loop_wait + 2 * retry_timeout <= ttl (here 10 + 2 * 10 > 25)',
    });
  });

  it('takes SSH between the nodes and an external failover with its own timeout', () => {
    const text = edit(
      edit(MINIMAL, '    version: 15', '    version: 15\n    ssh: true'),
      '  - wait: 1s\n',
      '  - {procedure: failover, method: external, timeout: 2m}\n',
    );
    const scenario = parseScenario(text, '/tmp/x.yaml');
    expect(scenario.topology.postgres.ssh).toBe(true);
    expect(scenario.steps[0]).toMatchObject({ procedure: 'failover', method: 'external', promotionTimeoutMs: 120_000 });
    expect(scenario.steps[0]).not.toHaveProperty('timeout');
  });

  it('takes a cascading standby and refuses an upstream that is the primary, missing or a cycle', () => {
    const cascade = edit(
      MINIMAL,
      '    version: 15',
      '    version: 15\n    replicas: 3\n    standbys:\n      pg-4: {upstream: pg-2}',
    );
    expect(parseScenario(cascade, '/tmp/c.yaml').topology.postgres.standbys).toEqual({ 'pg-4': { upstream: 'pg-2' } });
    const bad = edit(
      MINIMAL,
      '    version: 15',
      '    version: 15\n    replicas: 3\n    standbys:\n      pg-2: {upstream: pg-1}\n      pg-3: {upstream: pg-4}\n      pg-4: {upstream: pg-3}\n      pg-5: {upstream: pg-9}',
    );
    const issues = issuesOf(bad);
    expect(issueAt(issues, 'topology.postgres.standbys.pg-2.upstream').message).toBe(
      'pg-1 starts as the primary: a standby streams from it without `upstream`',
    );
    expect(issueAt(issues, 'topology.postgres.standbys.pg-3.upstream').message).toBe(
      'pg-3 → pg-4 → pg-3 is a cycle: the chain must end at a standby of the primary',
    );
    expect(issueAt(issues, 'topology.postgres.standbys.pg-5.upstream').message).toBe(
      'pg-9 is not a node of this topology (pg-1 … pg-4)',
    );
  });

  it("takes the team's own roles, and refuses pgdrill's role names and a grant of a role the drill lacks", () => {
    const text = edit(
      MINIMAL,
      '    version: 15',
      '    version: 15\n    roles:\n      kong: {database_owner: true}\n      watcher: {member_of: [pg_monitor, kong]}',
    );
    expect(parseScenario(text, '/tmp/r.yaml').topology.postgres.roles).toEqual({
      kong: { superuser: false, databaseOwner: true, memberOf: [] },
      watcher: { superuser: false, databaseOwner: false, memberOf: ['pg_monitor', 'kong'] },
    });
    const ours = edit(MINIMAL, '    version: 15', '    version: 15\n    roles:\n      postgres: {}');
    expect(issueAt(issuesOf(ours), 'topology.postgres.roles.postgres').message).toMatch(/pgdrill's own roles/);
    const unknown = edit(
      MINIMAL,
      '    version: 15',
      '    version: 15\n    roles:\n      kong: {member_of: [admins]}\n      watcher: {member_of: [kong]}',
    );
    expect(issueAt(issuesOf(unknown), 'topology.postgres.roles.kong.member_of[0]').message).toBe(
      '"admins" is not a role the drill has: app, watcher or a pg_ role',
    );
  });

  it("takes a team's own slot and application_name per node", () => {
    const text = edit(
      MINIMAL,
      '    version: 15',
      '    version: 15\n    standbys:\n      pg-2: {slot: kong_slave_slot, application_name: kong_slave}\n      pg-1: {slot: old_master}',
    );
    expect(parseScenario(text, '/tmp/s.yaml').topology.postgres.standbys).toEqual({
      'pg-2': { slot: 'kong_slave_slot', applicationName: 'kong_slave' },
      'pg-1': { slot: 'old_master' },
    });
  });

  it.each([
    ['      pg-3: {slot: s3}', 'topology.postgres.standbys.pg-3', 'pg-3 is not a node of this topology (pg-1 … pg-2)'],
    [
      '      pg-1: {slot: same}\n      pg-2: {slot: same}',
      'topology.postgres.standbys.pg-2.slot',
      "slot 'same' is already pg-1's: each standby needs its own",
    ],
    [
      '      pg-2: {slot: Kong-Slot}',
      'topology.postgres.standbys.pg-2.slot',
      'a replication slot name is 1-63 lower-case letters, digits or `_`',
    ],
    [
      '      pg-2: {application_name: "a b"}',
      'topology.postgres.standbys.pg-2.application_name',
      'an application_name here is a letter then up to 62 letters, digits or `_`',
    ],
  ])('refuses standby names %s', (entries, path, message) => {
    const text = edit(MINIMAL, '    version: 15', `    version: 15\n    standbys:\n${entries}`);
    expect(issueAt(issuesOf(text), path).message).toBe(message);
  });

  it('leaves standby names to Patroni under Patroni', () => {
    const text = edit(EXAMPLE_YAML, '    version: 18', '    version: 18\n    standbys:\n      pg-2: {slot: s2}');
    expect(issueAt(issuesOf(text), 'topology.postgres.standbys').message).toBe(
      "Patroni names each member's slot and application_name after the member itself: leave out standbys with topology.patroni",
    );
  });

  it("asks for topology.haproxy.port when the team's haproxy.cfg takes clients on more than one port", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrill-haproxy-'));
    fs.writeFileSync(path.join(dir, 'haproxy.cfg'), 'listen rw\n  bind *:5000\nlisten ro\n  bind *:5001\n');
    const yaml = (port: string) => `name: ports
topology:
  postgres: {version: 15, replicas: 1}
  patroni: {}
  haproxy: {config: haproxy.cfg${port}}
steps:
  - wait: 1s
`;
    const issues = issuesOf(yaml(''), path.join(dir, 'ports.yaml'));
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      `topology.haproxy.config: ${path.join(dir, 'haproxy.cfg')} has binds on 5000, 5001: say which port clients use with topology.haproxy.port`,
    ]);
    expect(parseScenario(yaml(', port: 5000'), path.join(dir, 'ports.yaml')).topology.haproxyConfig?.port).toBe(5000);
  });

  it("leaves to the team's patroni.yml what it decides, and refuses a DCS pgdrill does not run", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrill-patroni-'));
    fs.writeFileSync(path.join(dir, 'patroni.yml'), 'scope: s\netcd3: {hosts: 10.0.0.1:2379}\n');
    fs.writeFileSync(path.join(dir, 'consul.yml'), 'scope: s\nconsul: {host: 10.0.0.1:8500}\n');
    const yaml = (patroni: string, postgres = '') => `name: team-patroni
topology:
  postgres: {version: 15, replicas: 1${postgres}}
  patroni: {${patroni}}
steps:
  - wait: 1s
`;
    const scenario = path.join(dir, 's.yaml');
    const ok = parseScenario(yaml('config: patroni.yml'), scenario).topology.patroni;
    expect(ok?.config).toEqual({ file: path.join(dir, 'patroni.yml'), substitutions: [] });
    expect(
      issuesOf(yaml('config: patroni.yml, ttl: 20, scope: x', ', replication: sync'), scenario).map(
        (i) => `${i.path}: ${i.message}`,
      ),
    ).toEqual([
      "topology.postgres.replication: with topology.patroni.config the team's patroni.yml decides synchronous replication (bootstrap.dcs.synchronous_mode): leave replication out",
      "topology.patroni.ttl: with topology.patroni.config the team's patroni.yml decides ttl: leave it out here",
      "topology.patroni.scope: with topology.patroni.config the team's patroni.yml decides scope: leave it out here",
    ]);
    expect(
      issuesOf(yaml('config: patroni.yml', ', dataChecksums: false'), scenario).map((i) => `${i.path}: ${i.message}`),
    ).toEqual([
      "topology.postgres.dataChecksums: with topology.patroni.config the team's patroni.yml decides data checksums (bootstrap.initdb: data-checksums): leave dataChecksums out",
    ]);
    expect(issuesOf(yaml('config: consul.yml'), scenario).map((i) => `${i.path}: ${i.message}`)).toEqual([
      `topology.patroni.config: ${path.join(dir, 'consul.yml')} keeps Patroni's state in consul; pgdrill runs etcd: change the file's consul: section to etcd3:`,
    ]);
    expect(issuesOf(yaml('config: gone.yml'), scenario).map((i) => i.message)).toEqual([
      `no such file: ${path.join(dir, 'gone.yml')}`,
    ]);
  });

  it("takes the team's etcd configuration with the member count, or a number alone as before", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrill-etcd-'));
    fs.writeFileSync(path.join(dir, 'etcd.yml'), 'heartbeat-interval: 250\n');
    const yaml = (etcd: string) => `name: team-etcd
topology:
  postgres: {version: 15, replicas: 1}
  patroni: {etcd: ${etcd}}
steps:
  - wait: 1s
`;
    const scenario = path.join(dir, 's.yaml');
    expect(parseScenario(yaml('2'), scenario).topology.patroni).toMatchObject({ etcd: 2 });
    expect(parseScenario(yaml('2'), scenario).topology.patroni?.etcdConfig).toBeUndefined();
    const team = parseScenario(yaml('{config: etcd.yml, substitute: [{from: 10.0.0.1, to: x}]}'), scenario).topology
      .patroni;
    expect(team).toMatchObject({
      etcd: 3,
      etcdConfig: { file: path.join(dir, 'etcd.yml'), substitutions: [{ from: '10.0.0.1', to: 'x' }] },
    });
    expect(issuesOf(yaml('{members: 1, config: gone.yml}'), scenario).map((i) => `${i.path}: ${i.message}`)).toEqual([
      `topology.patroni.etcd.config: no such file: ${path.join(dir, 'gone.yml')}`,
    ]);
  });

  it("takes the team's postgresql.conf per role and pg_hba.conf, and leaves them to Patroni's file under Patroni", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrill-pgconf-'));
    for (const f of ['primary.conf', 'replica.conf', 'pg_hba.conf'])
      fs.writeFileSync(path.join(dir, f), 'port = 5432\n');
    const yaml = (postgres: string, patroni = '') => `name: team-postgres
topology:
  postgres: {version: 15, replicas: 1, ${postgres}}${patroni}
steps:
  - wait: 1s
`;
    const scenario = path.join(dir, 's.yaml');
    const both = parseScenario(yaml('config: primary.conf, hba: pg_hba.conf'), scenario).topology.postgres.teamFiles;
    expect(both?.primary?.file).toBe(path.join(dir, 'primary.conf'));
    expect(both?.replica?.file).toBe(path.join(dir, 'primary.conf'));
    expect(both?.hba?.file).toBe(path.join(dir, 'pg_hba.conf'));
    const perRole = parseScenario(
      yaml('config: {primary: primary.conf, replica: replica.conf}, substitute: [{from: /srv, to: /var}]'),
      scenario,
    ).topology.postgres.teamFiles;
    expect(perRole?.replica).toEqual({
      file: path.join(dir, 'replica.conf'),
      substitutions: [{ from: '/srv', to: '/var' }],
    });
    expect(
      issuesOf(yaml('config: {primary: primary.conf, replica: gone.conf}'), scenario).map((i) => i.message),
    ).toEqual([`no such file: ${path.join(dir, 'gone.conf')}`]);
    expect(
      issuesOf(yaml('hba: pg_hba.conf', '\n  patroni: {}'), scenario).map((i) => `${i.path}: ${i.message}`),
    ).toEqual([
      "topology.postgres.hba: under Patroni, Patroni writes postgresql.conf and pg_hba.conf: give the team's parameters and pg_hba in its patroni.yml (topology.patroni.config)",
    ]);
  });

  it('takes host aliases only for PostgreSQL nodes, and none of the names pgdrill gives its containers', () => {
    const issues = issuesOf(
      `name: hosts
topology:
  postgres: {version: 15, replicas: 1}
  hosts: {master_host: pg-3, haproxy: pg-1, db1: primary}
steps:
  - wait: 1s
`,
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'topology.hosts.master_host: no PostgreSQL node pg-3: name one of pg-1, pg-2',
      'topology.hosts.haproxy: haproxy is a name pgdrill gives its own containers',
      'topology.hosts.db1: no PostgreSQL node primary: name one of pg-1, pg-2',
    ]);
  });

  it('knows no replica roles without replicas', () => {
    const text = edit(MINIMAL, '    version: 15', '    version: 15\n    replicas: 0').replace(
      '  - wait: 1s',
      '  - {fault: kill, target: replica}',
    );
    expect(issueAt(issuesOf(text), 'steps[0].target').message).toBe('unknown node "replica" (known: primary, pg-1)');
  });
});
