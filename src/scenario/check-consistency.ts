/**
 * Checks that need the whole scenario: the topology's own rules, its settings against PostgreSQL's
 * parameter table, names that steps refer to
 * (backups, marks), what a step needs from the topology, expectations the drill could never
 * measure, and files that must exist.
 */
import fs from 'node:fs';
import type { Scenario } from './scenario.ts';
import type { ScenarioIssue } from '../errors.ts';
import type { YamlSource } from './yaml-source.ts';
import type { KeyPath } from '../model/model.ts';
import { quote } from '../model/wording.ts';
import { checkSettings } from './check-settings.ts';
import { knownTargets } from '../model/nodes.ts';
import { clientBindPorts } from '../model/team-file.ts';
import { dcsOf } from '../model/team-patroni.ts';
import { parse } from 'yaml';

/** Patroni's default, used for its timing rule when the scenario leaves retry_timeout out. */
const PATRONI_DEFAULT_RETRY_TIMEOUT = 10;
const PHYSICAL_BACKUP_METHODS = ['pg_basebackup', 'pgbackrest'];

export function checkConsistency(scenario: Scenario, source: YamlSource): ScenarioIssue[] {
  return [
    ...checkTopology(scenario, source),
    ...checkSettings(scenario, source),
    ...checkReferences(scenario, source),
    ...checkMeasurable(scenario, source),
    ...checkFiles(scenario, source),
    ...checkExpectedFailure(scenario, source),
  ];
}

/**
 * An expectation on a metric the drill cannot measure always fails: say so now, where it is
 * written, rather than after a run. (Only for metrics the topology alone rules out.)
 */
function checkMeasurable({ topology, workload, expect }: Scenario, source: YamlSource): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  if (expect.workload && !workload) {
    issues.push(
      source.issue(
        ['expect', 'workload'],
        'the scenario has no `workload`: no write is made, so there is nothing to count',
      ),
    );
  }
  if (expect.reads && !workload?.reads) {
    issues.push(
      source.issue(
        ['expect', 'reads'],
        'the workload makes no read: add `reads: {from: replicas}` under `workload` for these expectations',
      ),
    );
  } else if (workload?.reads?.from === 'replicas' && topology.postgres.replicas === 0) {
    issues.push(
      source.issue(
        ['workload', 'reads', 'from'],
        'reads from replicas need a replica: topology.postgres.replicas is 0',
      ),
    );
  }
  const observed = expect.observed ?? {};
  if (observed.archiveFailures && !topology.postgres.archive) {
    issues.push(
      source.issue(['expect', 'observed', 'archiveFailures'], 'archiveFailures needs topology.postgres.archive: true'),
    );
  }
  if (topology.postgres.replicas === 0) {
    for (const key of ['maxLagBytes', 'maxLagSeconds', 'walReceiverDrops'] as const) {
      if (observed[key])
        issues.push(
          source.issue(
            ['expect', 'observed', key],
            `${key} is measured on replicas: it needs topology.postgres.replicas >= 1`,
          ),
        );
    }
  }
  return issues;
}

/** A role is granted only roles that will exist: app, another of the team's roles, or PostgreSQL's own pg_ roles. */
function checkRoles({ postgres }: Scenario['topology'], source: YamlSource): ScenarioIssue[] {
  const declared = Object.keys(postgres.roles);
  return Object.entries(postgres.roles).flatMap(([name, role]) =>
    role.memberOf.flatMap((granted, i) =>
      granted === 'app' || granted.startsWith('pg_') || (declared.includes(granted) && granted !== name)
        ? []
        : [
            source.issue(
              ['topology', 'postgres', 'roles', name, 'member_of', i],
              `${quote(granted)} is not a role the drill has: app, ${declared.filter((d) => d !== name).join(', ') || 'another of topology.postgres.roles'} or a pg_ role`,
            ),
          ],
    ),
  );
}

/** Standby names belong to nodes the topology has, name one node each, and only without Patroni (which names its members' slots itself). */
function checkStandbyNames({ postgres, patroni }: Scenario['topology'], source: YamlSource): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const at = (...keys: string[]): KeyPath => ['topology', 'postgres', 'standbys', ...keys];
  const standbys = Object.entries(postgres.standbys ?? {});
  if (standbys.length > 0 && patroni) {
    issues.push(
      source.issue(
        at(),
        "Patroni names each member's slot and application_name after the member itself: leave out standbys with topology.patroni",
      ),
    );
    return issues;
  }
  const nodeCount = postgres.replicas + 1;
  const seen = new Map<string, string>();
  for (const [node, names] of standbys) {
    if (Number(node.slice(3)) > nodeCount) {
      issues.push(source.issue(at(node), `${node} is not a node of this topology (pg-1 … pg-${nodeCount})`));
    }
    const slot = names.slot ?? node.replace(/-/g, '_');
    for (const [key, name] of [
      ['slot', slot],
      ['application_name', names.applicationName ?? slot],
    ] as const) {
      const owner = seen.get(`${key}:${name}`);
      if (owner)
        issues.push(source.issue(at(node, key), `${key} '${name}' is already ${owner}'s: each standby needs its own`));
      seen.set(`${key}:${name}`, node);
    }
    if (names.upstream !== undefined)
      issues.push(
        ...checkUpstream(postgres.standbys ?? {}, node, names.upstream, nodeCount).map((m) =>
          source.issue(at(node, 'upstream'), m),
        ),
      );
  }
  return issues;
}

/** A cascading standby streams from another standby of the topology, and the chain ends at the primary. */
function checkUpstream(
  standbys: Record<string, { upstream?: string }>,
  node: string,
  upstream: string,
  nodeCount: number,
): string[] {
  if (upstream === 'pg-1') return ['pg-1 starts as the primary: a standby streams from it without `upstream`'];
  if (Number(upstream.slice(3)) > nodeCount)
    return [`${upstream} is not a node of this topology (pg-1 … pg-${nodeCount})`];
  const chain = [node];
  for (let next: string | undefined = upstream; next !== undefined; next = standbys[next]?.upstream) {
    if (chain.includes(next))
      return [`${[...chain, next].join(' → ')} is a cycle: the chain must end at a standby of the primary`];
    chain.push(next);
  }
  return [];
}

function checkTopology({ topology, steps }: Scenario, source: YamlSource): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const { postgres, patroni } = topology;
  if (postgres.replication !== 'async' && postgres.replicas === 0) {
    issues.push(
      source.issue(
        ['topology', 'postgres', 'replication'],
        `replication: ${postgres.replication} needs at least one replica`,
      ),
    );
  }
  issues.push(...checkStandbyNames(topology, source));
  issues.push(...checkRoles(topology, source));
  issues.push(...checkHostAliases(topology, source));
  if (topology.haproxy && !patroni) {
    issues.push(
      source.issue(['topology', 'haproxy'], "HAProxy routes by Patroni's REST API: it needs topology.patroni"),
    );
  }
  if (topology.pgbouncer?.backend === 'haproxy' && !topology.haproxy) {
    issues.push(
      source.issue(
        ['topology', 'pgbouncer', 'backend'],
        'backend: haproxy needs topology.haproxy: true (and so topology.patroni)',
      ),
    );
  }
  if (patroni && postgres.teamFiles) {
    const key = postgres.teamFiles.primary ? 'config' : 'hba';
    issues.push(
      source.issue(
        ['topology', 'postgres', key],
        "under Patroni, Patroni writes postgresql.conf and pg_hba.conf: give the team's parameters and pg_hba in its patroni.yml (topology.patroni.config)",
      ),
    );
  }
  if (patroni?.config) {
    issues.push(...checkTeamPatroni(source));
  } else if (patroni) {
    const retryTimeout = patroni.retryTimeout ?? PATRONI_DEFAULT_RETRY_TIMEOUT;
    if (patroni.loopWait + 2 * retryTimeout > patroni.ttl) {
      issues.push(
        source.issue(
          ['topology', 'patroni', 'ttl'],
          `Patroni needs loop_wait + 2 * retry_timeout <= ttl (here ${patroni.loopWait} + 2 * ${retryTimeout} > ${patroni.ttl})`,
        ),
      );
    }
  }
  for (const step of steps) {
    const at = (...keys: string[]): KeyPath => ['steps', step.index, ...keys];
    if (step.type === 'procedure' && 'method' in step && step.method === 'patroni' && !patroni) {
      issues.push(source.issue(at('method'), 'method: patroni needs topology.patroni'));
    }
    if (step.type === 'fault' && step.fault === 'disk-full' && step.volume === 'archive' && !postgres.archive) {
      issues.push(source.issue(at('volume'), 'volume: archive needs topology.postgres.archive: true'));
    }
    if (step.type === 'procedure' && step.procedure === 'backup' && step.method === 'pgbackrest' && !postgres.archive) {
      issues.push(
        source.issue(
          at('method'),
          'pgBackRest backups need the WAL archived to their repository: set topology.postgres.archive: true',
        ),
      );
    }
    if (step.type === 'procedure' && step.procedure === 'pitr' && step.target.by !== 'immediate' && !postgres.archive) {
      issues.push(
        source.issue(at('procedure'), 'pitr replays the WAL archive: it needs topology.postgres.archive: true'),
      );
    }
  }
  return issues;
}

/** Backups and marks are referred to by name, and only after the step that made them. */
function checkReferences({ steps, workload }: Scenario, source: YamlSource): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const backups = new Map<string, string>(); // name → method
  const marks = new Set<string>();
  let subscribed = false;
  const missing = (path: KeyPath, what: string, name: string, known: Iterable<string>) => {
    const listed = [...known];
    const hint =
      listed.length > 0 ? ` (earlier ${what}s: ${listed.join(', ')})` : ` (no ${what} step comes before this one)`;
    issues.push(source.issue(path, `no ${what} named ${quote(name)} before this step${hint}`));
  };

  for (const step of steps) {
    if (step.type !== 'procedure') continue;
    const at = (...keys: string[]): KeyPath => ['steps', step.index, ...keys];
    switch (step.procedure) {
      case 'backup':
        if (step.name === undefined) break;
        if (backups.has(step.name))
          issues.push(source.issue(at('name'), `a backup named ${quote(step.name)} already exists`));
        if (step.backupType && step.backupType !== 'full' && ![...backups.values()].includes(step.method ?? '')) {
          issues.push(
            source.issue(
              at('type'),
              `${step.backupType === 'incr' ? 'an incremental' : 'a differential'} ${step.method} backup builds on an earlier one: take a full ${step.method} backup first`,
            ),
          );
        }
        backups.set(step.name, step.method ?? '');
        break;
      case 'subscribe':
        if (subscribed) issues.push(source.issue(at('procedure'), 'a drill has one subscriber: subscribe once'));
        if (!workload)
          issues.push(
            source.issue(
              at('procedure'),
              'the subscriber replicates the workload’s table: the scenario needs a `workload`',
            ),
          );
        subscribed = true;
        break;
      case 'repoint-subscriber':
        if (!subscribed)
          issues.push(
            source.issue(at('procedure'), 'repoint-subscriber needs a subscriber: a subscribe step before this one'),
          );
        break;
      case 'mark':
        if (step.name === undefined) break;
        if (marks.has(step.name))
          issues.push(source.issue(at('name'), `a mark named ${quote(step.name)} already exists`));
        marks.add(step.name);
        break;
      case 'restore':
        if (step.from !== undefined && !backups.has(step.from))
          missing(at('from'), 'backup', step.from, backups.keys());
        break;
      case 'pitr': {
        const mark = typeof step.target === 'object' ? step.target.mark : undefined;
        if (mark !== undefined && !marks.has(mark)) missing(at('target', 'mark'), 'mark', mark, marks);
        if (step.from === undefined) {
          if (![...backups.values()].some((m) => PHYSICAL_BACKUP_METHODS.includes(m))) {
            issues.push(
              source.issue(
                at('procedure'),
                'pitr restores a physical base backup: take one first (backup with method pg_basebackup or pgbackrest)',
              ),
            );
          }
          break;
        }
        const method = backups.get(step.from);
        if (method === undefined) missing(at('from'), 'backup', step.from, backups.keys());
        else if (!PHYSICAL_BACKUP_METHODS.includes(method)) {
          issues.push(
            source.issue(
              at('from'),
              `${quote(step.from)} is a ${method} backup: PITR needs a physical one (pg_basebackup, pgbackrest)`,
            ),
          );
        }
        break;
      }
      case 'script':
        if (step.recovers !== undefined && !marks.has(step.recovers))
          missing(at('recovers'), 'mark', step.recovers, marks);
        break;
      default:
        break;
    }
  }
  return issues;
}

/**
 * `topology.hosts`: each alias names a PostgreSQL node by its name (pg-N: a role would move), and
 * is no name pgdrill gives a container itself.
 */
function checkHostAliases(topology: Scenario['topology'], source: YamlSource): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const nodes = knownTargets(topology).postgres.filter((t) => /^pg-\d+$/.test(t));
  const taken = /^(pg|etcd|pitr|restore)-\d+$|^(haproxy|pgbouncer)$/;
  for (const [alias, node] of Object.entries(topology.hosts)) {
    if (!nodes.includes(node)) {
      issues.push(
        source.issue(['topology', 'hosts', alias], `no PostgreSQL node ${node}: name one of ${nodes.join(', ')}`),
      );
    }
    if (taken.test(alias)) {
      issues.push(
        source.issue(['topology', 'hosts', alias], `${alias} is a name pgdrill gives its own containers`, 'key'),
      );
    }
  }
  return issues;
}

/** Keys the team's patroni.yml decides once topology.patroni.config is given. */
const PATRONI_FILE_KEYS = [
  'scope',
  'namespace',
  'ttl',
  'loop_wait',
  'retry_timeout',
  'maximum_lag_on_failover',
  'synchronous_mode',
  'synchronous_mode_strict',
  'use_pg_rewind',
];

/** topology.postgres keys the team's patroni.yml decides, and where it does. */
const POSTGRES_KEYS_THE_FILE_DECIDES: Record<string, string> = {
  replication: 'synchronous replication (bootstrap.dcs.synchronous_mode)',
  dataChecksums: 'data checksums (bootstrap.initdb: data-checksums)',
};

function checkTeamPatroni(source: YamlSource): ScenarioIssue[] {
  const topology = isRecord(source.value) && isRecord(source.value.topology) ? source.value.topology : {};
  const written = isRecord(topology.patroni) ? topology.patroni : {};
  const issues = PATRONI_FILE_KEYS.filter((key) => key in written).map((key) =>
    source.issue(
      ['topology', 'patroni', key],
      `with topology.patroni.config the team's patroni.yml decides ${key}: leave it out here`,
      'key',
    ),
  );
  const postgres = isRecord(topology.postgres) ? topology.postgres : {};
  for (const [key, what] of Object.entries(POSTGRES_KEYS_THE_FILE_DECIDES))
    if (key in postgres)
      issues.push(
        source.issue(
          ['topology', 'postgres', key],
          `with topology.patroni.config the team's patroni.yml decides ${what}: leave ${key} out`,
          'key',
        ),
      );
  return issues;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkFiles(scenario: Scenario, source: YamlSource): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const mustExist = (path: KeyPath, file: string | undefined) => {
    if (file !== undefined && !isFile(file)) issues.push(source.issue(path, `no such file: ${file}`));
  };
  mustExist(['data', 'sql'], scenario.data.sqlFile);
  mustExist(['topology', 'haproxy', 'config'], scenario.topology.haproxyConfig?.file);
  const haproxy = scenario.topology.haproxyConfig;
  if (haproxy && haproxy.port === undefined && isFile(haproxy.file)) {
    const ports = clientBindPorts(fs.readFileSync(haproxy.file, 'utf8'));
    if (ports.length !== 1) {
      const found = ports.length === 0 ? 'no `bind` outside HTTP sections' : `binds on ${ports.join(', ')}`;
      issues.push(
        source.issue(
          ['topology', 'haproxy', 'config'],
          `${haproxy.file} has ${found}: say which port clients use with topology.haproxy.port`,
        ),
      );
    }
  }
  mustExist(['topology', 'pgbouncer', 'config'], scenario.topology.pgbouncer?.config?.file);
  mustExist(['topology', 'patroni', 'config'], scenario.topology.patroni?.config?.file);
  mustExist(['topology', 'patroni', 'etcd', 'config'], scenario.topology.patroni?.etcdConfig?.file);
  const teamFiles = scenario.topology.postgres.teamFiles;
  const sameConf = teamFiles?.primary?.file === teamFiles?.replica?.file;
  mustExist(['topology', 'postgres', 'config', ...(sameConf ? [] : ['primary'])], teamFiles?.primary?.file);
  if (!sameConf) mustExist(['topology', 'postgres', 'config', 'replica'], teamFiles?.replica?.file);
  mustExist(['topology', 'postgres', 'hba'], teamFiles?.hba?.file);
  const patroni = scenario.topology.patroni?.config;
  const dcs = patroni && isFile(patroni.file) ? dcsOfFile(patroni.file) : undefined;
  if (dcs !== undefined && dcs !== 'etcd' && dcs !== 'etcd3')
    issues.push(
      source.issue(
        ['topology', 'patroni', 'config'],
        `${patroni?.file} keeps Patroni's state in ${dcs}; pgdrill runs etcd: change the file's ${dcs}: section to etcd3:`,
      ),
    );
  for (const step of scenario.steps) {
    if (step.type === 'procedure' && 'file' in step) mustExist(['steps', step.index, 'file'], step.file);
  }
  return issues;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The DCS a patroni.yml names; undefined when it names none or does not parse (Patroni's own error then, at run time). */
function dcsOfFile(file: string): string | undefined {
  try {
    const doc: unknown = parse(fs.readFileSync(file, 'utf8'));
    return isRecord(doc) ? dcsOf(doc) : undefined;
  } catch {
    return undefined;
  }
}

/** The names the scenario's expectations are judged under (`rpo.lostTransactions`, `checksums`, …). */
export function statedExpectations(expect: Scenario['expect']): string[] {
  return Object.entries(expect).flatMap(([area, value]) => {
    if (value === undefined) return [];
    if (area === 'convergence') return ['convergence.within'];
    if (typeof value !== 'object' || value === null) return [area];
    return Object.keys(value).map((key) => `${area}.${key}`);
  });
}

/** `xfail` must name an expectation the scenario states and a step it has. */
function checkExpectedFailure({ xfail, expect, steps, chaos }: Scenario, source: YamlSource): ScenarioIssue[] {
  if (!xfail) return [];
  const issues: ScenarioIssue[] = [];
  const stated = statedExpectations(expect);
  if (xfail.expectation !== undefined && !stated.includes(xfail.expectation))
    issues.push(
      source.issue(
        ['xfail', 'expectation'],
        `${quote(xfail.expectation)} is not an expectation of this scenario (${stated.length ? `it states ${stated.join(', ')}` : 'it states none'})`,
      ),
    );
  if (xfail.step !== undefined && !chaos && xfail.step > steps.length)
    issues.push(
      source.issue(['xfail', 'step'], `the scenario has ${steps.length} step(s): there is no step ${xfail.step}`),
    );
  return issues;
}
