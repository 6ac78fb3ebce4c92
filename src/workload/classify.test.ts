import { describe, expect, it } from 'vitest';
import { classifyWriteError } from './classify.ts';

const pgError = (code: string) => Object.assign(new Error('server said no'), { code });

describe('classifyWriteError', () => {
  it('a connection that never opened cannot have committed', () => {
    expect(classifyWriteError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'connect')).toBe('fail');
  });

  it('a socket that died mid-write may have committed: unknown, never fail', () => {
    expect(classifyWriteError(new Error('Connection terminated unexpectedly'), 'write')).toBe('unknown');
    expect(classifyWriteError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'write')).toBe('unknown');
    expect(classifyWriteError(new Error('Query read timeout'), 'write')).toBe('unknown');
  });

  it('an administrator or crash shutdown during the write is indeterminate', () => {
    expect(classifyWriteError(pgError('57P01'), 'write')).toBe('unknown');
    expect(classifyWriteError(pgError('57P02'), 'write')).toBe('unknown');
    expect(classifyWriteError(pgError('08006'), 'write')).toBe('unknown');
  });

  it('a server that answered with an error did not commit', () => {
    expect(classifyWriteError(pgError('25006'), 'write')).toBe('fail'); // read-only transaction
    expect(classifyWriteError(pgError('23505'), 'write')).toBe('fail'); // unique violation
    expect(classifyWriteError(pgError('57P03'), 'write')).toBe('fail'); // cannot connect now
  });
});
