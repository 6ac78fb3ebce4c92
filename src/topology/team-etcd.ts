/**
 * etcd with the team's own configuration file (topology.patroni.etcd.config): the file as
 * written, each member's overlay from src/model/team-etcd.ts, run with `etcd --config-file`. A
 * file that does not parse, or one etcd refuses, is a finding about the team's file
 * (TeamConfigError, exit 1), quoted from etcd's own words.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify, YAMLParseError } from 'yaml';
import type { TeamFile } from '../model/model.ts';
import { type EtcdDocument, type EtcdMemberOverlay, teamEtcdConfig } from '../model/team-etcd.ts';
import { prepareTeamFile } from '../model/team-file.ts';
import { TeamConfigError, errorMessage } from '../errors.ts';
import type { SidecarSpec } from './sidecar.ts';

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
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new TeamConfigError(`etcd cannot read ${name}${where}: ${errorMessage(error).split('\n')[0]}`, {
      cause: error,
    });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new TeamConfigError(`${name} is not an etcd configuration file: it holds no YAML mapping`);
  return { name, doc: doc as EtcdDocument };
}

/** One member's container: the team's file with its overlay, started by a script that tells a refusal from a start. */
export function teamEtcdMember(team: TeamEtcd, member: EtcdMemberOverlay): Omit<SidecarSpec, 'ports' | 'netAdmin'> {
  return {
    name: member.name,
    command: [],
    entrypoint: ['/usr/bin/tini', '-s', '--', 'bash', TEAM_ETCD_SCRIPT],
    files: [
      { content: stringify(teamEtcdConfig(team.doc, member)), target: TEAM_ETCD_CONFIG, mode: 0o644 },
      { content: teamEtcdScript(), target: TEAM_ETCD_SCRIPT, mode: 0o755 },
    ],
  };
}

/** A member refused the file: etcd's own complaint first, then where the file came from. */
export function teamEtcdRefused(team: TeamEtcd, error: unknown): unknown {
  if (!(error instanceof TeamConfigError)) return error;
  const lines = error.message.split('\n');
  // etcd's capnslog lines: `… E | etcdmain: error verifying flags, …` — the E (error) or C (critical) one says why
  const complaint = lines.find((l) => / [EC] \| /.test(l)) ?? lines.find((l) => /error/i.test(l)) ?? lines[0]!;
  const component = /^(etcd [\d.]+) refused it/.exec(lines[0] ?? '')?.[1] ?? 'etcd';
  const words = complaint.replace(/^.*? [EC] \| /, '');
  return new TeamConfigError(
    `${component} refused the team's ${team.name} (topology.patroni.etcd.config): ${words}\n${lines.slice(1).join('\n')}`,
    { cause: error },
  );
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
iptables -N PGDRILL && iptables -I INPUT -j PGDRILL && iptables -I OUTPUT -j PGDRILL
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
