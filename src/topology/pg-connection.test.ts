import { describe, expect, it } from 'vitest';
import { superuserConnection } from './pg-connection.ts';

describe('superuserConnection', () => {
  it('connects as the superuser, names the asking part and bounds the wait', () => {
    const config = superuserConnection({ host: '127.0.0.1', port: 49153 }, 's3cret', {
      purpose: 'sampler',
      connectTimeoutMs: 500,
      queryTimeoutMs: 500,
    });
    expect(config).toEqual({
      host: '127.0.0.1',
      port: 49153,
      user: 'postgres',
      password: 's3cret',
      database: 'postgres',
      connectionTimeoutMillis: 500,
      query_timeout: 500,
      application_name: 'pgdrill-sampler',
    });
  });

  it('sets no query timeout unless asked, and takes another database', () => {
    const config = superuserConnection({ host: 'h', port: 1 }, 'p', {
      database: 'pgdrill',
      purpose: 'snapshot',
      connectTimeoutMs: 5_000,
    });
    expect(config.database).toBe('pgdrill');
    expect(config).not.toHaveProperty('query_timeout');
  });
});
