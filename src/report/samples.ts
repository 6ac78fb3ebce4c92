/** samples.json (NodeSample[] with run offsets) read back for the report's timeline, leniently. */
import type { NodeSample } from '../evidence/evidence.ts';

const nullable = <T>(value: unknown, ok: (v: unknown) => v is T): T | null => (ok(value) ? value : null);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * The samples in `text`, sorted by time; [] when there is no text or it is not a JSON array.
 * Entries without a time or a node are dropped; unknown fields read null, never 0.
 */
export function parseSamples(text: string | undefined): NodeSample[] {
  if (!text) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const samples: NodeSample[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const s = item as Record<string, unknown>;
    if (!isNumber(s.atMs) || !isString(s.node)) continue;
    const role = s.role === 'primary' || s.role === 'replica' ? s.role : null;
    samples.push({
      atMs: s.atMs,
      node: s.node,
      reachable: s.reachable !== false,
      role,
      timeline: nullable(s.timeline, isNumber),
      currentLsn: nullable(s.currentLsn, isString),
      receiveLsn: nullable(s.receiveLsn, isString),
      replayLsn: nullable(s.replayLsn, isString),
      lagBytes: nullable(s.lagBytes, isNumber),
      lagSeconds: nullable(s.lagSeconds, isNumber),
      walReceiver: nullable(s.walReceiver, isString),
      archivedCount: nullable(s.archivedCount, isNumber),
      archiveFailedCount: nullable(s.archiveFailedCount, isNumber),
      walBytes: nullable(s.walBytes, isNumber),
      disk: typeof s.disk === 'object' && s.disk !== null ? (s.disk as NodeSample['disk']) : null,
    });
  }
  return samples.sort((a, b) => a.atMs - b.atMs);
}
