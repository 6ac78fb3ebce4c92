/** How values read in every report: numbers, durations, offsets, sizes, n/a, capped lists. */

/** How many lost keys / incidents / differences a report spells out before summarising. */
export const LIST_CAP = 20;

/** Up to millisecond precision, without trailing zeros: 4.2, 0.123, 15. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(3)));
}

/** An unmeasured value: `n/a (reason)`, never 0. */
export const na = (reason?: string) => (reason ? `n/a (${reason})` : 'n/a');

/** Seconds as `4.2 s`, or n/a (reason) when null. */
export const seconds = (s: number | null, reason?: string) => (s === null ? na(reason) : `${formatNumber(s)} s`);

/** Run-relative milliseconds as `+12.345s` (timeline and step offsets). */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  return `${sign}${(Math.abs(ms) / 1000).toFixed(3)}s`;
}

const BYTE_UNITS = ['kB', 'MB', 'GB', 'TB'] as const;

/** Bytes as PostgreSQL's pg_size_pretty would say them (kB = 1024), to one decimal: `512 B`, `8.6 MB`. */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1024) return `${formatNumber(bytes)} B`;
  let value = bytes;
  let unit = 'B';
  for (const next of BYTE_UNITS) {
    if (Math.abs(value) < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${Number(value.toFixed(1))} ${unit}`;
}

/** A duration for headers: `12.3s`. */
export const formatDuration = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** A list shown up to LIST_CAP items, then `… (+N more)` of `total`. */
export function capped<T>(items: T[], total: number, show: (item: T) => string): string {
  const shown = items.slice(0, LIST_CAP);
  const rest = total - shown.length;
  return shown.map(show).join(', ') + (rest > 0 ? `, … (+${rest} more)` : '');
}
