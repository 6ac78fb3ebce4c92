/**
 * A team's patroni.yml as one node runs it: the team's document with only what cannot stay as
 * written replaced (the node's own name and addresses, the DCS hosts, where PostgreSQL lives in
 * the image, the run's passwords), each replacement listed for the report. Timings, DCS API,
 * parameters, pg_hba, tags, initdb options and everything else stay the team's. Pure: the
 * caller reads and parses the file.
 */

/** What pgdrill puts in for one node. */
export interface PatroniNodeOverlay {
  name: string;
  /** the node's host name on the run's network */
  host: string;
  /** etcd members as host:port */
  etcdHosts: string[];
  dataDir: string;
  binDir: string;
  superuserPassword: string;
  replicationPassword: string;
  /** pgdrill's own pg_hba lines (its connections and the replicas' addresses on the run's network) */
  hba: string[];
  /** the scenario's postgresql settings (archive_command included), over the team's */
  parameters: Record<string, string>;
  postBootstrap: string;
}

export type PatroniDocument = Record<string, unknown>;

/** Where the server's log must go for the report, and the socket the harness uses. */
const SERVER_LOGGING: Record<string, string> = {
  logging_collector: 'off',
  log_destination: 'stderr',
  log_line_prefix: '%m [%p] %q%u@%d ',
  log_timezone: 'UTC',
  unix_socket_directories: '/var/run/postgresql',
};

/** The DCS sections Patroni knows; pgdrill runs etcd (3.4, v2 API off as it ships). */
const DCS_KEYS = ['etcd', 'etcd3', 'consul', 'zookeeper', 'exhibitor', 'kubernetes', 'raft'] as const;

/** The file's DCS section, or undefined when it names none (pgdrill then adds etcd3). */
export function dcsOf(doc: PatroniDocument): (typeof DCS_KEYS)[number] | undefined {
  return DCS_KEYS.find((k) => k in doc);
}

export function teamPatroniConfig(doc: PatroniDocument, node: PatroniNodeOverlay): PatroniDocument {
  const config = structuredClone(doc);
  config.name = node.name;
  const restapi = section(config, 'restapi');
  restapi.listen = '0.0.0.0:8008';
  restapi.connect_address = `${node.host}:8008`;
  // the team's own DCS key: `etcd:` (v2) stays v2, and fails where etcd has v2 off, as in their data centre
  const dcs = dcsOf(config) ?? 'etcd3';
  const dcsSection = section(config, dcs);
  for (const key of ['host', 'hosts', 'url', 'proxy', 'srv', 'srv_suffix']) delete dcsSection[key];
  dcsSection.hosts = node.etcdHosts;
  const postgresql = section(config, 'postgresql');
  postgresql.listen = '0.0.0.0:5432';
  postgresql.connect_address = `${node.host}:5432`;
  postgresql.data_dir = node.dataDir;
  postgresql.bin_dir = node.binDir;
  postgresql.pgpass = '/tmp/pgpass-patroni';
  delete postgresql.config_dir;
  // initdb leaves ~1000 dirty buffers; a spread checkpoint writes them 0.1 s apart before the
  // first base backup starts: minutes per replica for the drill, and no part of what it tests
  if (postgresql.basebackup === undefined) postgresql.basebackup = [{ checkpoint: 'fast' }];
  const authentication = section(postgresql, 'authentication');
  authentication.superuser = {
    ...section(authentication, 'superuser'),
    username: 'postgres',
    password: node.superuserPassword,
  };
  authentication.replication = {
    ...section(authentication, 'replication'),
    username: 'replicator',
    password: node.replicationPassword,
  };
  const bootstrap = section(config, 'bootstrap');
  bootstrap.post_bootstrap = node.postBootstrap;
  delete bootstrap.post_init;
  // the team's lines first: PostgreSQL takes the first line that matches, so theirs decide
  const hbaHome = Array.isArray(postgresql.pg_hba) ? postgresql : bootstrap;
  hbaHome.pg_hba = [...(Array.isArray(hbaHome.pg_hba) ? hbaHome.pg_hba : []), ...node.hba];
  if (Object.keys(node.parameters).length > 0) {
    const dcsPostgresql = section(section(bootstrap, 'dcs'), 'postgresql');
    dcsPostgresql.parameters = { ...section(dcsPostgresql, 'parameters'), ...node.parameters };
  }
  // the server's log, too: where the file sends it elsewhere, postgresql.parameters (which
  // Patroni applies over bootstrap.dcs) bring it back to the node's output in the report's format
  const changed = loggingOverrides(doc);
  if (Object.keys(changed).length > 0) postgresql.parameters = { ...section(postgresql, 'parameters'), ...changed };
  // Patroni's log must reach the container's output, which the report collects
  const log = config.log;
  if (isRecord(log)) delete log.dir;
  return config;
}

/** One line per replacement, for the report beside the file's SHA-256. */
export function teamPatroniNotes(doc: PatroniDocument, scenarioParameters: readonly string[]): string[] {
  const dcs = dcsOf(doc);
  const postgresql = isRecord(doc.postgresql) ? doc.postgresql : {};
  const bootstrap = isRecord(doc.bootstrap) ? doc.bootstrap : {};
  const notes = [
    "name: each node's own (pg-1, pg-2 …), so patronictl and the report name the same members",
    'restapi.listen / connect_address and postgresql.listen / connect_address: the node’s host name on the run’s network, ports 8008 and 5432',
    dcs === undefined
      ? 'etcd3.hosts added: the file names no DCS; pgdrill runs etcd'
      : `${dcs}.hosts: the run's etcd members (the API is the file's: ${dcs === 'etcd' ? 'etcd v2' : dcs})`,
    'postgresql.data_dir, bin_dir, pgpass: where the image keeps PostgreSQL',
    'postgresql.authentication: superuser postgres and replication replicator with the run’s passwords (never written to a report)',
    `bootstrap.post_bootstrap: pgdrill's (creates the workload's role and database)${'post_bootstrap' in bootstrap || 'post_init' in bootstrap ? ', in place of the file’s' : ''}`,
    `${Array.isArray(postgresql.pg_hba) ? 'postgresql' : 'bootstrap'}.pg_hba: pgdrill's lines appended after the file's (local peer for the harness, scram-sha-256 from the run's network): the file's own lines come first and win where they match`,
  ];
  if (!('basebackup' in postgresql))
    notes.push(
      'postgresql.basebackup: checkpoint fast added (the file gives no options): replicas are built in seconds, not after a spread checkpoint',
    );
  if ('config_dir' in postgresql) notes.push('postgresql.config_dir removed: the configuration lives in data_dir');
  for (const [name, value] of Object.entries(loggingOverrides(doc)))
    notes.push(`postgresql.parameters.${name}: ${value} (the report reads the server's log from the node's output)`);
  if (isRecord(doc.log) && 'dir' in doc.log) notes.push("log.dir removed: Patroni's log goes to the node's output");
  if (scenarioParameters.length > 0)
    notes.push(`bootstrap.dcs.postgresql.parameters: the scenario's ${scenarioParameters.join(', ')} over the file's`);
  return notes;
}

/** The server settings the report needs that the file sets otherwise, with pgdrill's values. */
function loggingOverrides(doc: PatroniDocument): Record<string, string> {
  const bootstrap = isRecord(doc.bootstrap) ? doc.bootstrap : {};
  const dcs = isRecord(bootstrap.dcs) && isRecord(bootstrap.dcs.postgresql) ? bootstrap.dcs.postgresql : {};
  const local = isRecord(doc.postgresql) ? doc.postgresql : {};
  const theirs = {
    ...(isRecord(dcs.parameters) ? dcs.parameters : {}),
    ...(isRecord(local.parameters) ? local.parameters : {}),
  };
  const changed: Record<string, string> = {};
  for (const [name, value] of Object.entries(SERVER_LOGGING)) {
    const own = theirs[name];
    if (own !== undefined && String(own) !== value && !(name === 'logging_collector' && own === false))
      changed[name] = value;
  }
  return changed;
}

/** ttl, loop_wait and retry_timeout as Patroni reads them from the file (its defaults where absent). */
export function patroniTimings(doc: PatroniDocument): { ttl: number; loopWait: number; retryTimeout: number } {
  const dcs = isRecord(doc.bootstrap) && isRecord(doc.bootstrap.dcs) ? doc.bootstrap.dcs : {};
  const seconds = (value: unknown, fallback: number) => {
    const n = typeof value === 'string' ? Number(value) : value;
    return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    ttl: seconds(dcs.ttl, 30),
    loopWait: seconds(dcs.loop_wait, 10),
    retryTimeout: seconds(dcs.retry_timeout, 10),
  };
}

/** The file's scope and namespace, where it sets them as strings. */
export function patroniNames(doc: PatroniDocument): { scope?: string; namespace?: string } {
  return {
    ...(typeof doc.scope === 'string' ? { scope: doc.scope } : {}),
    ...(typeof doc.namespace === 'string' ? { namespace: doc.namespace } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `parent[key]` as an object, created (or replacing a non-object) where needed. */
function section(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = parent[key];
  if (isRecord(value)) return value;
  const created: Record<string, unknown> = {};
  parent[key] = created;
  return created;
}
