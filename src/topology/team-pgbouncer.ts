/**
 * PgBouncer with the team's own pgbouncer.ini, as written. pgdrill writes only its auth_file
 * (the run's roles with the SCRAM secrets PostgreSQL stores, as a team copies them from
 * pg_authid) and creates the directories its logfile and pidfile name. A file PgBouncer refuses,
 * or one that leaves clients outside, is a finding about the team's file (TeamConfigError).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { PgbouncerConfig, TopologySpec } from '../model/model.ts';
import { iniSection, pgbouncerSetting, prepareTeamFile } from '../model/team-file.ts';
import { TeamConfigError, errorMessage } from '../errors.ts';
import { done, notYet, pollWithin } from '../poll.ts';
import type { PgNode } from './pg-node.ts';
import { PgBouncer } from './pgbouncer.ts';
import { shellQuote as shq } from './secrets.ts';
import { type SidecarOptions, startSidecar } from './sidecar.ts';

const TEAM_PGBOUNCER_INI = '/etc/pgbouncer/pgbouncer.ini';
const SCRIPT = '/etc/pgdrill/run-team-pgbouncer.sh';
const USERLIST = '/run/pgdrill/userlist.txt';

export async function startTeamPgBouncer(
  o: SidecarOptions & {
    config: PgbouncerConfig;
    topology: TopologySpec;
    primary: PgNode;
    /** how the team's file resolves its host names (topology.hosts) */
    extraHosts: { host: string; ipAddress: string }[];
    appPassword: string;
    adminPassword: string;
  },
): Promise<PgBouncer> {
  const name = path.basename(o.config.file);
  const { text } = prepareTeamFile(await readFile(o.config.file, 'utf8'), o.config.substitutions);
  const listenPort = pgbouncerSetting(text, 'listen_port') ?? '6432';
  const port = Number(listenPort);
  if (!/^\d{1,5}$/.test(listenPort) || port < 1 || port > 65535)
    throw new TeamConfigError(`${name} sets listen_port = ${listenPort}: not a port PgBouncer can listen on`);
  const databases = iniSection(text, 'databases').filter(([db]) => db !== '*');
  const database = o.config.database ?? databases[0]?.[0];
  if (database === undefined)
    throw new TeamConfigError(`${name} names no database in [databases]: clients have nothing to connect to`);
  const host = /host=(\S+)/.exec(databases.find(([db]) => db === database)?.[1] ?? '')?.[1];
  const backend = (host && (o.topology.hosts[host] ?? host)) || o.primary.name;

  const roles = await o.primary.query<{ rolname: string; rolpassword: string }>(
    "SELECT rolname, rolpassword FROM pg_authid WHERE rolname IN ('app', 'postgres') AND rolpassword IS NOT NULL",
  );
  const userlist = roles.map((r) => `"${r.rolname}" "${r.rolpassword}"`).join('\n');
  const member = await startSidecar(o, {
    name: 'pgbouncer',
    command: [],
    entrypoint: ['/usr/bin/tini', '-s', '--', 'bash', SCRIPT],
    files: [
      { content: text, target: TEAM_PGBOUNCER_INI, mode: 0o644 },
      { content: `${userlist}\n`, target: USERLIST, mode: 0o600 },
      { content: script(text, port), target: SCRIPT, mode: 0o755 },
    ],
    ports: [port],
    netAdmin: true,
    extraHosts: o.extraHosts,
  }).catch((error: unknown) => {
    if (error instanceof TeamConfigError)
      throw new TeamConfigError(
        `${error.message}\n(${TEAM_PGBOUNCER_INI} is the team's ${name}, topology.pgbouncer.config: the line numbers are its own)`,
        { cause: error },
      );
    throw error;
  });
  const bouncer = new PgBouncer(member, o.adminPassword, backend, 'nobody', { port, database });
  await letsClientsIn(bouncer, o.appPassword, name);
  return bouncer;
}

/**
 * The workload's own way in: role app, its password, the database it asks for. Tried for 10 s
 * (a port proxy or a backend still coming up is no finding); only a refusal that lasts is.
 */
async function letsClientsIn(bouncer: PgBouncer, password: string, name: string): Promise<void> {
  const { host, port } = bouncer.address;
  const attempt = async () => {
    const client = new pg.Client({
      host,
      port,
      user: 'app',
      password,
      database: bouncer.database,
      connectionTimeoutMillis: 3_000,
      application_name: 'pgdrill-probe',
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return done(undefined);
    } catch (error) {
      return notYet(errorMessage(error));
    } finally {
      await client.end().catch(() => {});
    }
  };
  const admitted = await pollWithin(attempt, {
    what: 'a client through PgBouncer',
    timeoutMs: 10_000,
    intervalMs: 500,
  });
  if (!admitted.reached)
    throw new TeamConfigError(
      `PgBouncer runs the team's ${name} but does not let the clients in (role app, database ${bouncer.database}): ${admitted.timeout.last}`,
    );
}

/**
 * Runs PgBouncer as postgres in the foreground. PgBouncer has no check mode: a file it refuses
 * makes it exit at once, with its ERROR and FATAL lines naming the file and line; one it accepts
 * leaves it listening on its port. Anything else within 10 s (no TCP listener: no listen_addr)
 * is a refusal too.
 */
function script(text: string, port: number): string {
  const dirs = ['auth_file', 'logfile', 'pidfile']
    .map((key) => pgbouncerSetting(text, key))
    .filter((value): value is string => value !== undefined && value.startsWith('/'))
    .map((file) => path.posix.dirname(file));
  const authFile = pgbouncerSetting(text, 'auth_file');
  const refused = `echo "pgdrill-node[pgbouncer]: refused by $(pgbouncer --version | head -n 1)"`;
  return `set -u
for d in ${dirs.map(shq).join(' ')}; do mkdir -p "$d" && chown postgres:postgres "$d"; done
${authFile?.startsWith('/') ? `install -o postgres -g postgres -m 0600 ${USERLIST} ${shq(authFile)}` : ':'}
chown postgres:postgres ${TEAM_PGBOUNCER_INI}
iptables -N PGDRILL && iptables -I INPUT -j PGDRILL && iptables -I OUTPUT -j PGDRILL
runuser -u postgres -- pgbouncer ${TEAM_PGBOUNCER_INI} > /tmp/pgbouncer.out 2>&1 &
pid=$!
for _ in $(seq 100); do
  if ! kill -0 $pid 2>/dev/null; then
    ${refused}
    grep -E 'ERROR|FATAL|WARNING' /tmp/pgbouncer.out | tail -n 12
    sleep 1; exit 78
  fi
  if ss -ltnH "sport = :${port}" | grep -q .; then
    echo "pgdrill-node[pgbouncer]: ready (pgbouncer, the team's pgbouncer.ini)"
    tail -n +1 -F /tmp/pgbouncer.out &
    wait $pid; exit $?
  fi
  sleep 0.1
done
${refused}
echo "it runs but takes no TCP connection on port ${port}: its listen_addr is $(grep -E '^\\s*listen_addr' ${TEAM_PGBOUNCER_INI} || echo 'not set (PgBouncer then listens on a unix socket only)')"
sleep 1; exit 78
`;
}
