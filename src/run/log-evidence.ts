/**
 * Lines from the nodes' PostgreSQL logs that prove a fault happened or show its consequence,
 * placed on the run's monotonic clock by their wall-clock timestamps.
 */
import type { TimelineEvent } from '../evidence/evidence.ts';

const NOTABLE: RegExp[] = [
  /No space left on device/,
  /\bPANIC:/,
  /database system is shut down/,
  /received (fast|immediate|smart) shutdown request/,
  /database system is ready to accept/,
  /terminating walreceiver|could not receive data from WAL stream|replication terminated by primary/,
  /started streaming WAL/,
  /archive command failed/,
  /selected new timeline ID/,
  /terminating connection because of crash of another server process/,
  /server process .* was terminated by signal/,
  // Patroni's own account
  /demoting self|promoted self to leader|acquired session lock as a leader|Error communicating with DCS|starting after demotion|running pg_rewind|rewind from|Lock owner: None/,
  /exceeds maximum replication lag|not healthy enough for leader race|synchronous standby status/,
];

/** PostgreSQL's log_line_prefix ('%m [%p] ') and Patroni's log format ('%(asctime)s %(levelname)s: ') */
const LINES = [
  /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}) UTC \[\d+\] (.*)$/,
  /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}),(\d{3}) ((?:INFO|WARNING|ERROR): .*)$/,
];

function parseLine(raw: string): { wallMs: number; message: string } | null {
  const pg = LINES[0]!.exec(raw);
  if (pg) return { wallMs: Date.parse(`${pg[1]!.replace(' ', 'T')}Z`), message: pg[2]! };
  const patroni = LINES[1]!.exec(raw);
  if (patroni)
    return { wallMs: Date.parse(`${patroni[1]!.replace(' ', 'T')}.${patroni[2]}Z`), message: `patroni ${patroni[3]!}` };
  return null;
}

/**
 * At most `perNode` notable lines per node. A line that repeats the previous notable one (a
 * retry loop) is counted on it instead of repeated; the same message after something else
 * happened is a new event: a reconnect is not the first connect.
 */
export function notableLogEvents(
  logs: Record<string, string>,
  clock: { wallAtStart: number; monoAtStart: number; t0: number },
  perNode = 40,
): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const [node, text] of Object.entries(logs)) {
    let previous = null as { key: string; event: TimelineEvent } | null;
    let kept = 0;
    for (const raw of text.split('\n')) {
      const line = parseLine(raw);
      if (!line || !NOTABLE.some((p) => p.test(line.message))) continue;
      const message = line.message.replace(/\s+/g, ' ').slice(0, 200);
      const key = message.replace(/\d+/g, '#');
      if (previous?.key === key) {
        const event = previous.event;
        event.message = event.message.replace(/( \(×\d+\))?$/, (m) => ` (×${Number(m.replace(/\D/g, '') || 1) + 1})`);
        continue;
      }
      if (kept++ >= perNode) continue;
      const atMs = Math.round(clock.monoAtStart + (line.wallMs - clock.wallAtStart) - clock.t0);
      const event: TimelineEvent = { atMs, kind: 'observation', node, message: `log: ${message}` };
      previous = { key, event };
      events.push(event);
    }
  }
  return events;
}
