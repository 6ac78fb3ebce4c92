/**
 * A team's etcd configuration file (what `etcd --config-file` reads) as one member runs it: the
 * team's document with only what cannot stay as written replaced — the member's name, its URLs on
 * the run's network, the initial cluster, the data directory, a log file the report could not
 * read — each replacement listed for the report. Heartbeat and election timings, `enable-v2`,
 * quotas, compaction, snapshot counts and everything else stay the team's. Pure: the caller reads
 * and parses the file.
 */

export type EtcdDocument = Record<string, unknown>;

/** What pgdrill puts in for one member. */
export interface EtcdMemberOverlay {
  name: string;
  /** the member's host name on the run's network */
  host: string;
  /** every member as name=http://host:2380 */
  initialCluster: string;
  /** used only where the file names no initial-cluster-token */
  token: string;
  dataDir: string;
}

/** Keys a member's overlay sets; any discovery the file asks for is removed (the cluster is static). */
const DISCOVERY = ['discovery', 'discovery-srv', 'discovery-srv-name', 'discovery-fallback', 'discovery-proxy'];
/** The members speak plain HTTP on the run's network and have none of the team's certificates. */
const TLS = ['client-transport-security', 'peer-transport-security', 'auto-tls', 'peer-auto-tls'];

/** etcd reads its file as YAML 1.1 (`off`, `yes` are booleans there): parse and write it the same way. */
export const ETCD_YAML = { version: '1.1' } as const;

export function teamEtcdConfig(doc: EtcdDocument, member: EtcdMemberOverlay): EtcdDocument {
  const config = structuredClone(doc);
  config.name = member.name;
  config['data-dir'] = member.dataDir;
  delete config['wal-dir'];
  config['listen-client-urls'] = 'http://0.0.0.0:2379';
  config['advertise-client-urls'] = `http://${member.host}:2379`;
  config['listen-peer-urls'] = 'http://0.0.0.0:2380';
  config['initial-advertise-peer-urls'] = `http://${member.host}:2380`;
  config['initial-cluster'] = member.initialCluster;
  config['initial-cluster-state'] = 'new';
  if (!given(doc, 'initial-cluster-token')) config['initial-cluster-token'] = member.token;
  // a metrics listener on the team's own address cannot bind here: the same ports on every interface
  if (typeof doc['listen-metrics-urls'] === 'string')
    config['listen-metrics-urls'] = anyInterface(doc['listen-metrics-urls']);
  for (const key of [...DISCOVERY, ...TLS]) delete config[key];
  // etcd's log must reach the container's output, which the report collects
  if (logsElsewhere(doc)) config['log-outputs'] = ['stderr'];
  return config;
}

/** One line per replacement, for the report beside the file's SHA-256. */
export function teamEtcdNotes(doc: EtcdDocument): string[] {
  const { heartbeatMs, electionMs } = etcdTimings(doc);
  const notes = [
    "name: each member's own (etcd-1, etcd-2 …)",
    "listen-client-urls, advertise-client-urls, listen-peer-urls, initial-advertise-peer-urls: the member's host name on the run's network, ports 2379 and 2380 (plain HTTP)",
    "initial-cluster: the run's members; initial-cluster-state: new",
    'data-dir: inside the member’s container' +
      (given(doc, 'wal-dir') ? '; wal-dir removed (the WAL stays under data-dir)' : ''),
  ];
  if (!given(doc, 'initial-cluster-token')) notes.push("initial-cluster-token: the run's scope (the file names none)");
  const discovery = DISCOVERY.filter((key) => given(doc, key));
  if (discovery.length > 0) notes.push(`${discovery.join(', ')} removed: the run's members are listed, not discovered`);
  const tls = TLS.filter((key) => given(doc, key));
  if (tls.length > 0)
    notes.push(
      `${tls.join(', ')} removed: the members speak plain HTTP on the run's network (no certificates of the team's)`,
    );
  if (typeof doc['listen-metrics-urls'] === 'string')
    notes.push(
      `listen-metrics-urls: ${anyInterface(doc['listen-metrics-urls'])} (the file's ports, on every interface)`,
    );
  if (logsElsewhere(doc)) notes.push("log-outputs: stderr (the report reads etcd's log from the member's output)");
  notes.push(
    `the file's own timings run: heartbeat-interval ${heartbeatMs} ms, election-timeout ${electionMs} ms${'heartbeat-interval' in doc || 'election-timeout' in doc ? '' : " (etcd's defaults)"}`,
  );
  return notes;
}

/** heartbeat-interval and election-timeout as etcd reads them from the file (its defaults where absent). */
export function etcdTimings(doc: EtcdDocument): { heartbeatMs: number; electionMs: number } {
  const ms = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
  return { heartbeatMs: ms(doc['heartbeat-interval'], 100), electionMs: ms(doc['election-timeout'], 1000) };
}

/** The file sends etcd's log somewhere other than the standard streams. */
function logsElsewhere(doc: EtcdDocument): boolean {
  const outputs = doc['log-outputs'];
  const list = Array.isArray(outputs) ? outputs : typeof outputs === 'string' ? outputs.split(',') : [];
  return list.some((o) => !['stderr', 'stdout', 'default'].includes(String(o).trim()));
}

/** `http://10.0.0.5:2381,https://x:2382` → `http://0.0.0.0:2381,https://0.0.0.0:2382`. */
function anyInterface(urls: string): string {
  return urls
    .split(',')
    .map((url) => url.trim().replace(/^(\w+:\/\/)(\[[^\]]*\]|[^/:]+)/, (_, scheme: string) => `${scheme}0.0.0.0`))
    .join(',');
}

/** The file sets `key` to something (etcd's sample file leaves many keys blank). */
function given(doc: EtcdDocument, key: string): boolean {
  const value = doc[key];
  return value !== undefined && value !== null && value !== '' && value !== false;
}
