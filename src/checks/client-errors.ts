/**
 * What clients saw when their writes did not succeed, grouped the way an operator reads a
 * failover: refused (nothing listening), closed (the server or pooler dropped the connection),
 * canceled, timed out, read-only (they reached a standby), disk full, other.
 */
import type { Operation } from '../evidence/history.ts';

export type ClientErrorClass =
  | 'connection refused'
  | 'server closed the connection'
  | 'query canceled'
  | 'timeout'
  | 'read-only'
  | 'disk full'
  | 'other';

export function classifyClientError(op: Pick<Operation, 'error' | 'errorCode'>): ClientErrorClass {
  const code = op.errorCode ?? '';
  const message = op.error ?? '';
  if (code === 'ECONNREFUSED' || /ECONNREFUSED|connection refused/i.test(message)) return 'connection refused';
  if (code === '57014' || /cancel/i.test(message)) return 'query canceled';
  if (code === '25006' || /read-only/i.test(message)) return 'read-only';
  if (code === '53100' || /No space left on device/i.test(message)) return 'disk full';
  if (code === 'ETIMEDOUT' || /timeout|timed out/i.test(message)) return 'timeout';
  if (
    /^(08|57P0)/.test(code) ||
    /^(ECONNRESET|EPIPE)$/.test(code) ||
    /terminated|closed|server conn crashed|not queryable|ended/i.test(message)
  ) {
    return 'server closed the connection';
  }
  return 'other';
}

/** Counts per class over every failed or unknown operation, largest first; empty when none failed. */
export function clientErrors(ops: readonly Operation[]): Partial<Record<ClientErrorClass, number>> {
  const counts = new Map<ClientErrorClass, number>();
  for (const op of ops) {
    if (op.outcome === 'ok') continue;
    const cls = classifyClientError(op);
    counts.set(cls, (counts.get(cls) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}
