import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { classifyWriteError } from './classify.ts';

/** what node-postgres builds from a server ErrorResponse */
const serverError = (code: string | undefined, message = 'server said no') => {
  const error = new pg.DatabaseError(message, 100, 'error');
  error.code = code;
  error.severity = 'ERROR';
  return error;
};
const nodeError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('classifyWriteError', () => {
  it('a connection that never opened cannot have committed', () => {
    expect(classifyWriteError(nodeError('ECONNREFUSED', 'connect ECONNREFUSED'), 'connect')).toBe('fail');
    expect(classifyWriteError(new Error('timeout expired'), 'connect')).toBe('fail');
    expect(classifyWriteError(serverError('57P03', 'the database system is starting up'), 'connect')).toBe('fail');
    expect(classifyWriteError(serverError('08006'), 'connect')).toBe('fail');
  });

  it('a socket that died mid-write may have committed: unknown, never fail', () => {
    expect(classifyWriteError(new Error('Connection terminated unexpectedly'), 'write')).toBe('unknown');
    expect(classifyWriteError(nodeError('ECONNRESET', 'read ECONNRESET'), 'write')).toBe('unknown');
    expect(classifyWriteError(new Error('Query read timeout'), 'write')).toBe('unknown');
  });

  it('Node errors with five-letter codes are not SQLSTATEs', () => {
    expect(classifyWriteError(nodeError('EPIPE', 'write EPIPE'), 'write')).toBe('unknown');
    expect(classifyWriteError(nodeError('EINTR', 'interrupted'), 'write')).toBe('unknown');
    // even one that looks like a "server said no" SQLSTATE, when it did not come from the server
    expect(classifyWriteError(nodeError('23505', 'not from a server'), 'write')).toBe('unknown');
  });

  it('an administrator or crash shutdown during the write is indeterminate', () => {
    expect(classifyWriteError(serverError('57P01'), 'write')).toBe('unknown');
    expect(classifyWriteError(serverError('57P02'), 'write')).toBe('unknown');
    expect(classifyWriteError(serverError('08006'), 'write')).toBe('unknown');
    expect(classifyWriteError(serverError('08000'), 'write')).toBe('unknown');
    expect(classifyWriteError(serverError('XX000'), 'write')).toBe('unknown');
  });

  it('a server that answered with an error did not commit', () => {
    expect(classifyWriteError(serverError('25006'), 'write')).toBe('fail'); // read-only transaction
    expect(classifyWriteError(serverError('23505'), 'write')).toBe('fail'); // unique violation
    expect(classifyWriteError(serverError('57P03'), 'write')).toBe('fail'); // cannot connect now
    expect(classifyWriteError(serverError('57014'), 'write')).toBe('fail'); // query canceled
    expect(classifyWriteError(serverError(undefined), 'write')).toBe('fail');
  });
});
