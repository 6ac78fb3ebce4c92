/**
 * Lines from the nodes' PostgreSQL logs that prove a fault happened or show its consequence,
 * placed on the run's monotonic clock by their wall-clock timestamps.
 */
import type { TimelineEvent } from './evidence.ts';

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
];

const LINE = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}) UTC \[\d+\] (.*)$/;

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
      const match = LINE.exec(raw);
      if (!match || !NOTABLE.some((p) => p.test(match[2]!))) continue;
      const message = match[2]!.replace(/\s+/g, ' ').slice(0, 200);
      const key = message.replace(/\d+/g, '#');
      if (previous?.key === key) {
        const event = previous.event;
        event.message = event.message.replace(/( \(×\d+\))?$/, (m) => ` (×${Number(m.replace(/\D/g, '') || 1) + 1})`);
        continue;
      }
      if (kept++ >= perNode) continue;
      const wall = Date.parse(`${match[1]!.replace(' ', 'T')}Z`);
      const atMs = Math.round(clock.monoAtStart + (wall - clock.wallAtStart) - clock.t0);
      const event: TimelineEvent = { atMs, kind: 'observation', node, message: `log: ${message}` };
      previous = { key, event };
      events.push(event);
    }
  }
  return events;
}
