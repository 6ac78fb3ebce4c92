/**
 * What a person at a terminal sees while a drill runs: the current step, the elapsed time, the
 * clients' live throughput and each replica's lag. Built once a second from the workload and the
 * sampler; the CLI decides how to show it (a redrawn line on a TTY, nothing extra elsewhere).
 */
import type { NodeSample } from '../evidence/evidence.ts';

export interface LiveStatus {
  scenario: string;
  /** the step running now, or what the drill is doing between steps */
  step: string;
  elapsedMs: number;
  /** acknowledged writes per second over the last second; null without a workload */
  txPerSecond: number | null;
  /** replicas by name: bytes behind the primary (null when unknown) and whether the harness reaches them */
  replicas: { node: string; lagBytes: number | null; reachable: boolean }[];
}

export function replicaLag(latest: NodeSample[]): LiveStatus['replicas'] {
  return latest
    .filter((s) => s.role === 'replica' || !s.reachable)
    .sort((a, b) => (a.node < b.node ? -1 : 1))
    .map((s) => ({ node: s.node, lagBytes: s.lagBytes, reachable: s.reachable }));
}

/** One line, e.g. `pitr-undo-delete  ▶ procedure mark m1  12.4s  412 tx/s  pg-2 lag 96 kB`. */
export function renderLiveStatus(status: LiveStatus, width = 120): string {
  const parts = [status.scenario, `▶ ${status.step}`, `${(status.elapsedMs / 1000).toFixed(1)}s`];
  if (status.txPerSecond !== null) parts.push(`${status.txPerSecond} tx/s`);
  for (const r of status.replicas)
    parts.push(
      `${r.node} ${r.reachable ? `lag ${r.lagBytes === null ? '?' : humanBytes(r.lagBytes)}` : 'unreachable'}`,
    );
  const line = parts.join('  ');
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}
