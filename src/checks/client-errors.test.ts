import { describe, expect, it } from 'vitest';
import { classifyClientError, clientErrors } from './client-errors.ts';
import type { Operation } from '../evidence/history.ts';

const op = (outcome: Operation['outcome'], error?: string, errorCode?: string): Operation => ({
  key: 1,
  client: 0,
  invokedAt: 0,
  completedAt: 1,
  outcome,
  ...(error ? { error } : {}),
  ...(errorCode ? { errorCode } : {}),
});

describe('classifyClientError', () => {
  it('tells the failover errors apart', () => {
    expect(classifyClientError({ error: 'connect ECONNREFUSED 127.0.0.1:5432', errorCode: 'ECONNREFUSED' })).toBe(
      'connection refused',
    );
    expect(classifyClientError({ error: 'Connection terminated unexpectedly' })).toBe('server closed the connection');
    expect(classifyClientError({ error: 'server conn crashed?', errorCode: '08P01' })).toBe(
      'server closed the connection',
    );
    expect(
      classifyClientError({ error: 'terminating connection due to administrator command', errorCode: '57P01' }),
    ).toBe('server closed the connection');
    expect(classifyClientError({ error: 'canceling statement due to user request', errorCode: '57014' })).toBe(
      'query canceled',
    );
    expect(classifyClientError({ error: 'cannot execute INSERT in a read-only transaction', errorCode: '25006' })).toBe(
      'read-only',
    );
    expect(classifyClientError({ error: 'could not extend file: No space left on device', errorCode: '53100' })).toBe(
      'disk full',
    );
    expect(classifyClientError({ error: 'Query read timeout' })).toBe('timeout');
    expect(classifyClientError({ error: 'duplicate key value', errorCode: '23505' })).toBe('other');
  });
});

describe('clientErrors', () => {
  it('counts failed and unknown writes per class, largest first, and ignores acknowledged ones', () => {
    const counts = clientErrors([
      op('ok'),
      op('fail', 'connect ECONNREFUSED', 'ECONNREFUSED'),
      op('fail', 'connect ECONNREFUSED', 'ECONNREFUSED'),
      op('unknown', 'Connection terminated unexpectedly'),
    ]);
    expect(Object.entries(counts)).toEqual([
      ['connection refused', 2],
      ['server closed the connection', 1],
    ]);
  });

  it('is empty when nothing failed', () => {
    expect(clientErrors([op('ok'), op('ok')])).toEqual({});
  });
});
