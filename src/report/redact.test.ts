import { describe, expect, it } from 'vitest';
import { redactDeep, redactSecrets } from './redact.ts';

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactSecrets('a s3cretX b s3cretX c hunter22', ['s3cretX', 'hunter22'])).toBe('a [REDACTED] b [REDACTED] c [REDACTED]');
  });

  it('ignores empty and short secrets, which would shred the text', () => {
    expect(redactSecrets('pg-1 is abc', ['', 'abc', 'pg-'])).toBe('pg-1 is abc');
  });

  it('treats secrets literally, not as patterns', () => {
    expect(redactSecrets('x a.b*c+d( y aXbbc', ['a.b*c+d('])).toBe('x [REDACTED] y aXbbc');
  });

  it('removes a secret that contains another one whole', () => {
    expect(redactSecrets('key=abcd1234', ['abcd', 'abcd1234'])).toBe('key=[REDACTED]');
  });

  it('redacts password= in conninfo, quoted or not, and in env assignments', () => {
    expect(redactSecrets("host=pg-1 user=app password=Zx9_q dbname=app", [])).toBe('host=pg-1 user=app password=[REDACTED] dbname=app');
    expect(redactSecrets("password='it\\'s a pass' port=5432", [])).toBe('password=[REDACTED] port=5432');
    expect(redactSecrets('PGPASSWORD=abc123 psql', [])).toBe('PGPASSWORD=[REDACTED] psql');
    expect(redactSecrets('PGDRILL_APP_PASSWORD=x-y_z\nnext', [])).toBe('PGDRILL_APP_PASSWORD=[REDACTED]\nnext');
    expect(redactSecrets('postgres://h/db?sslmode=off&password=p4ss&x=1', [])).toBe('postgres://h/db?sslmode=off&password=[REDACTED]&x=1');
  });

  it('redacts the password of URLs, keeping user and host', () => {
    expect(redactSecrets('connect postgres://app:p@ss:w0rd@pg-1:5432/app failed', [])).toBe('connect postgres://app:[REDACTED]@pg-1:5432/app failed');
    expect(redactSecrets('postgresql://replicator:xyz@10.0.0.2/postgres', [])).toBe('postgresql://replicator:[REDACTED]@10.0.0.2/postgres');
  });

  it('leaves URLs without credentials and ordinary prose alone', () => {
    const text = 'postgres://pg-1:5432/app, http://etcd-1:2379/v3?x=a@b; FATAL: password authentication failed for user "app"';
    expect(redactSecrets(text, [])).toBe(text);
  });

  it('redacts "password" fields of JSON text', () => {
    expect(redactSecrets('{"user":"app","password":"se\\"cret"}', [])).toBe('{"user":"app","password":"[REDACTED]"}');
  });

  it('is idempotent', () => {
    const once = redactSecrets('password=abc postgres://u:v@h secretvalue', ['secretvalue']);
    expect(redactSecrets(once, ['secretvalue'])).toBe(once);
  });
});

describe('redactDeep', () => {
  it('redacts nested strings and leaves other values and the input untouched', () => {
    const input = { a: 'x TOPSECRET', n: 1234, b: [{ c: 'TOPSECRET' }, null, true] };
    expect(redactDeep(input, ['TOPSECRET'])).toEqual({ a: 'x [REDACTED]', n: 1234, b: [{ c: '[REDACTED]' }, null, true] });
    expect(input.a).toBe('x TOPSECRET');
  });
});
