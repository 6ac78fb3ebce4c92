import { describe, expect, it } from 'vitest';
import { headline } from './sidecar.ts';

describe("headline: a component's complaint in one line", () => {
  it('prefers the line naming the file and line, without the timestamp', () => {
    expect(
      headline([
        '2026-12-03 10:16:38.721 UTC [23] ERROR unknown parameter: pgbouncer/default_max_db_connections',
        '2026-12-03 10:16:38.721 UTC [23] ERROR invalid value "100" for parameter default_max_db_connections in configuration (/etc/pgbouncer/pgbouncer.ini:16)',
        '2026-12-03 10:16:38.721 UTC [23] FATAL cannot load config file',
      ]),
    ).toBe(
      'ERROR invalid value "100" for parameter default_max_db_connections in configuration (/etc/pgbouncer/pgbouncer.ini:16)',
    );
    expect(
      headline([
        "[ALERT]    (10) : config : parsing [/etc/haproxy/haproxy.cfg:20] : 'http-check expect' : … but got 'stauts'",
        '[ALERT]    (10) : config : Fatal errors found in configuration.',
      ]),
    ).toBe("[ALERT] config : parsing [/etc/haproxy/haproxy.cfg:20] : 'http-check expect' : … but got 'stauts'");
  });

  it('falls back to the first error, then to the first line', () => {
    expect(headline(['notice', '2026-12-03 UTC [1] FATAL no memory'])).toBe('FATAL no memory');
    expect(headline(['it runs but takes no TCP connection on port 6432'])).toBe(
      'it runs but takes no TCP connection on port 6432',
    );
  });
});
