/**
 * etcd with the team's own configuration file (topology.patroni.etcd.config): the file as
 * written, each member's overlay from src/model/team-etcd.ts, run with `etcd --config-file`. A
 * file that does not parse, or one etcd refuses, is a finding about the team's file
 * (TeamConfigError, exit 1), quoted from etcd's own words.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { TeamFile } from '../model/model.ts';
import { ETCD_YAML, type EtcdDocument, type EtcdMemberOverlay, teamEtcdConfig } from '../model/team-etcd.ts';
import { prepareTeamFile, yamlMapping } from '../model/team-file.ts';
import { TeamConfigError, errorMessage } from '../errors.ts';
import type { Member } from './member.ts';
import { PARTITION_CHAIN, type SidecarSpec } from './sidecar.ts';
import { unreadable } from './team-yaml.ts';

/** Where each member's file is put; etcd's messages name its keys, which are the team's. */
export const TEAM_ETCD_CONFIG = '/etc/pgdrill/team-etcd.yml';
const TEAM_ETCD_SCRIPT = '/etc/pgdrill/run-team-etcd.sh';

/** The team's etcd configuration, substitutions applied and parsed. */
export interface TeamEtcd {
  /** the file's name, for messages (never the runner's absolute path) */
  name: string;
  doc: EtcdDocument;
}

export async function readTeamEtcd(config: TeamFile): Promise<TeamEtcd> {
  const name = path.basename(config.file);
  const { text } = prepareTeamFile(await readFile(config.file, 'utf8'), config.substitutions);
  const parsed = yamlMapping(text, ETCD_YAML);
  if ('problem' in parsed) throw unreadable(parsed, name, 'etcd', 'an etcd configuration file');
  return { name, doc: parsed.doc };
}

/** One member's container: the team's file with its overlay, started by a script that tells a refusal from a start. */
export function teamEtcdMember(team: TeamEtcd, member: EtcdMemberOverlay): Omit<SidecarSpec, 'ports' | 'netAdmin'> {
  return {
    name: member.name,
    command: [],
    entrypoint: ['/usr/bin/tini', '-s', '--', 'bash', TEAM_ETCD_SCRIPT],
    files: [
      { content: stringify(teamEtcdConfig(team.doc, member), ETCD_YAML), target: TEAM_ETCD_CONFIG, mode: 0o644 },
      { content: teamEtcdScript(), target: TEAM_ETCD_SCRIPT, mode: 0o755 },
    ],
  };
}

/** A member refused the file: etcd's own complaint first, then where the file came from. */
export function teamEtcdRefused(team: TeamEtcd, error: unknown): unknown {
  if (!(error instanceof TeamConfigError)) return error;
  // startSidecar's message: `etcd 3.4.23 refused it: <a headline>` and then the component's lines
  const [first = '', ...said] = error.message.split('\n');
  const component = /^(etcd [\d.]+) refused it/.exec(first)?.[1] ?? 'etcd';
  return new TeamConfigError(
    `${component} refused the team's ${team.name} (topology.patroni.etcd.config): ${etcdComplaint(said) ?? 'etcd exited without saying why (see its log below)'}\n${said.join('\n')}`,
    { cause: error },
  );
}

/**
 * etcd took the file but its members never formed a healthy cluster (some checks come after the
 * client port opens: compaction retention, certificates, auth tokens): a finding, with each
 * member's own complaint.
 */
export async function teamEtcdUnhealthy(team: TeamEtcd, members: Member[], cause: unknown): Promise<TeamConfigError> {
  const said = await Promise.all(
    members.map(async (m) => {
      const output = await m.output().catch(() => '');
      return `${m.name}: ${etcdComplaint(output.split('\n')) ?? 'logged no error'}`;
    }),
  );
  const within = errorMessage(cause).replace(/^the etcd cluster /, '');
  return new TeamConfigError(
    `etcd did not form a healthy cluster with the team's ${team.name} (topology.patroni.etcd.config): ${said[0] ?? ''}\n${within}\n${said.join('\n')}`,
    { cause },
  );
}

/**
 * The line of etcd's output that says why it stopped: capnslog's `… E | etcdmain: …` (or C, critical),
 * zap's JSON `{"level":"fatal","msg":…,"error":…}`, else the first line naming an error.
 */
export function etcdComplaint(lines: string[]): string | undefined {
  // etcd 3.5 refuses bad flags at level warn, with the reason in `error`: the first such entry
  let warned: string | undefined;
  for (const line of lines) {
    const capnslog = / [EC] \| (.*)$/.exec(line);
    if (capnslog) return capnslog[1];
    if (line.startsWith('{')) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        const said = [entry.msg, entry.error].filter((p) => typeof p === 'string' && p !== '').join(': ');
        if (['error', 'fatal', 'panic'].includes(String(entry.level))) return said;
        if (typeof entry.error === 'string' && entry.error !== '') warned ??= said;
      } catch {
        // not JSON after all: the generic rule below
      }
    }
  }
  return warned ?? lines.find((l) => /error/i.test(l))?.trim();
}

/**
 * etcd reads and checks its file before it opens its client port, so the port open means the
 * file was taken, and etcd gone before that is its refusal (its log printed after the marker the
 * sidecar start looks for). Then its log follows in the container's output; the container lives
 * as long as etcd does. The partition chain every pgdrill container has comes first.
 */
function teamEtcdScript(): string {
  return `set -u
mkdir -p /var/lib/pgdrill/etcd /var/log/pgdrill
${PARTITION_CHAIN}
log=/var/log/pgdrill/etcd.log
: > "$log"
etcd --config-file ${TEAM_ETCD_CONFIG} >> "$log" 2>&1 &
pid=$!
for _ in $(seq 150); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "pgdrill-node[$PGDRILL_NODE]: refused by etcd $(etcd --version | head -n 1 | awk '{print $3}')"
    grep -v '^\\[WARNING\\] Deprecated' "$log"
    sleep 1
    exit 78
  fi
  (exec 3<>/dev/tcp/127.0.0.1/2379) 2>/dev/null && break
  sleep 0.1
done
echo "pgdrill-node[$PGDRILL_NODE]: ready (etcd $PGDRILL_NODE, the team's etcd configuration)"
tail -n +1 -F "$log" &
wait "$pid"
`;
}
