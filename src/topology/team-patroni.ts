/**
 * Patroni with the team's own patroni.yml (topology.patroni.config): the file as written, each
 * node's overlay from src/model/team-patroni.ts, written where the node's entrypoint runs Patroni
 * from. A file that does not parse, or one with which Patroni never forms a cluster, is a finding
 * about the team's file (TeamConfigError, exit 1), quoted from Patroni's own log.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TeamFile } from '../model/model.ts';
import { prepareTeamFile, yamlMapping } from '../model/team-file.ts';
import {
  type PatroniDocument,
  type PatroniNodeOverlay,
  patroniNames,
  patroniTimings,
  teamPatroniConfig,
} from '../model/team-patroni.ts';
import { TeamConfigError, errorMessage } from '../errors.ts';
import { unreadable } from './team-yaml.ts';
import type { PgNode } from './pg-node.ts';

/** Where the node's entrypoint looks for it (compose/node/pgdrill-node run_patroni). */
export const TEAM_PATRONI_YML = '/etc/pgdrill/team-patroni.yml';

/** The team's patroni.yml, substitutions applied and parsed. */
export interface TeamPatroni {
  /** the file's name, for messages (never the runner's absolute path) */
  name: string;
  doc: PatroniDocument;
  scope?: string;
  namespace?: string;
  timings: { ttl: number; loopWait: number; retryTimeout: number };
}

export async function readTeamPatroni(config: TeamFile): Promise<TeamPatroni> {
  const name = path.basename(config.file);
  const { text } = prepareTeamFile(await readFile(config.file, 'utf8'), config.substitutions);
  const parsed = yamlMapping(text);
  if ('problem' in parsed) throw unreadable(parsed, name, 'Patroni', 'a Patroni configuration');
  const document = parsed.doc as PatroniDocument;
  return { name, doc: document, ...patroniNames(document), timings: patroniTimings(document) };
}

/** The node's patroni.yml, as JSON (which YAML reads); it holds the run's passwords: mode 0600. */
export function teamPatroniFile(team: TeamPatroni, node: PatroniNodeOverlay) {
  return {
    content: `${JSON.stringify(teamPatroniConfig(team.doc, node), null, 2)}\n`,
    target: TEAM_PATRONI_YML,
    mode: 0o600,
  };
}

/**
 * Patroni never formed a cluster with the team's file: the finding, with the last distinct
 * complaints Patroni and PostgreSQL wrote (their own words, each with the nodes that said it).
 */
export async function teamPatroniRefused(team: TeamPatroni, nodes: PgNode[], cause: unknown): Promise<TeamConfigError> {
  const said = new Map<string, string[]>();
  for (const node of nodes) {
    const log = await node.logs().catch(() => '');
    for (const line of log.split('\n')) {
      if (!/\b(ERROR|FATAL|CRITICAL|PANIC)\b|Exception|[Ee]rror:/.test(line)) continue;
      const words = line.replace(/^\d{4}-\d\d-\d\d[ T][\d:.,]+( UTC)?\s*(\[\d+\]\s*)?/, '');
      const by = new Set([...(said.get(words) ?? []), node.name]);
      said.delete(words); // re-inserted last: the map keeps the most recent complaints at its end
      said.set(words, [...by]);
    }
  }
  const complaints = [...said];
  const last = complaints.slice(-4).map(([words, by]) => `${by.join(', ')}: ${words}`);
  // the first line stands alone in summaries (docs/architectures.md): the complaint most nodes made, the latest of those
  const widest = complaints.reduce<[string, string[]] | undefined>(
    (best, entry) => (best === undefined || entry[1].length >= best[1].length ? entry : best),
    undefined,
  );
  const headline = widest
    ? `: ${widest[1].join(', ')} logged ${widest[0]}`
    : ' (Patroni logged no error: see the node logs)';
  const quoted = last.length > 0 ? `\nPatroni's last words:\n${last.join('\n')}` : '';
  // `within 120s (…)`, or `: every node logged … (…)` when pgdrill saw it stall (patroni-stall.ts)
  const why = errorMessage(cause).replace(/^Patroni did not form a cluster ?/, '');
  const within = why.startsWith(':') ? why : ` ${why}`;
  return new TeamConfigError(
    `Patroni did not form a cluster with the team's ${team.name} (topology.patroni.config)${within}${headline}${quoted}`,
    { cause },
  );
}
