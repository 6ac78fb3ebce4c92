import { describe, expect, it } from 'vitest';
import { envSecrets, redactDeep, redactSecrets } from './redact.ts';

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactSecrets('a s3cretX b s3cretX c hunter22', ['s3cretX', 'hunter22'])).toBe(
      'a [REDACTED] b [REDACTED] c [REDACTED]',
    );
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
    expect(redactSecrets('host=pg-1 user=app password=Zx9_q dbname=app', [])).toBe(
      'host=pg-1 user=app password=[REDACTED] dbname=app',
    );
    expect(redactSecrets("password='it\\'s a pass' port=5432", [])).toBe('password=[REDACTED] port=5432');
    expect(redactSecrets('PGPASSWORD=abc123 psql', [])).toBe('PGPASSWORD=[REDACTED] psql');
    expect(redactSecrets('PGDRILL_APP_PASSWORD=x-y_z\nnext', [])).toBe('PGDRILL_APP_PASSWORD=[REDACTED]\nnext');
    expect(redactSecrets('postgres://h/db?sslmode=off&password=p4ss&x=1', [])).toBe(
      'postgres://h/db?sslmode=off&password=[REDACTED]&x=1',
    );
  });

  it('redacts the password of URLs, keeping user and host', () => {
    expect(redactSecrets('connect postgres://app:p@ss:w0rd@pg-1:5432/app failed', [])).toBe(
      'connect postgres://app:[REDACTED]@pg-1:5432/app failed',
    );
    expect(redactSecrets('postgresql://replicator:xyz@10.0.0.2/postgres', [])).toBe(
      'postgresql://replicator:[REDACTED]@10.0.0.2/postgres',
    );
  });

  it('leaves URLs without credentials and ordinary prose alone', () => {
    const text =
      'postgres://pg-1:5432/app, http://etcd-1:2379/v3?x=a@b; FATAL: password authentication failed for user "app"';
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

describe('redactSecrets: every form a secret takes', () => {
  const PW = 'MARKER-pw_7Qz"x\\y/é';

  it('the password by value, also JSON-escaped (in a JSON attachment) and percent-encoded (in a URL)', () => {
    const json = JSON.stringify({ note: `auth with ${PW}` });
    expect(json).not.toContain(PW);
    expect(redactSecrets(json, [PW])).toBe('{"note":"auth with [REDACTED]"}');
    expect(redactSecrets(`?next=${encodeURIComponent(PW)}&x=1`, [PW])).toBe('?next=[REDACTED]&x=1');
  });

  it("quoted the way SQL, shells and HTML quote it: doubled quotes, '\\'', backslashes, entities; and base64", () => {
    const pw = "It's-$ecret&<x>";
    const sql = "LOG:  statement: CREATE ROLE app LOGIN PASSWORD 'It''s-$ecret&<x>'";
    expect(redactSecrets(sql, [pw])).toBe("LOG:  statement: CREATE ROLE app LOGIN PASSWORD '[REDACTED]'");
    expect(redactSecrets("psql -c 'It'\\''s-$ecret&<x>'", [pw])).toBe("psql -c '[REDACTED]'");
    expect(redactSecrets('echo "It\'s-\\$ecret&<x>"', [pw])).toBe('echo "[REDACTED]"');
    expect(redactSecrets('<td>It&#39;s-$ecret&amp;&lt;x&gt;</td>', [pw])).toBe('<td>[REDACTED]</td>');
    expect(redactSecrets(`Basic ${Buffer.from(pw).toString('base64')}`, [pw])).toBe('Basic [REDACTED]');
    // and ordinary words stay
    expect(redactSecrets("It's a secret that it's here", [pw])).toBe("It's a secret that it's here");
  });

  it('connection URLs with a password, whatever the scheme, user or password characters', () => {
    expect(redactSecrets('postgres://user:pass@host/db', [])).toBe('postgres://user:[REDACTED]@host/db');
    expect(redactSecrets('dsn=postgresql://app:a%40b%3Ac@pg-2:5432/app?sslmode=disable', [])).toBe(
      'dsn=postgresql://app:[REDACTED]@pg-2:5432/app?sslmode=disable',
    );
    expect(redactSecrets('"postgres://postgres:p:w@pg-1/postgres"', [])).toBe(
      '"postgres://postgres:[REDACTED]@pg-1/postgres"',
    );
  });

  it('key=value conninfo and env forms: password, sslpassword, quoted values, and secret-named keys', () => {
    expect(redactSecrets('host=pg-1 sslpassword=abc port=5432', [])).toBe('host=pg-1 sslpassword=[REDACTED] port=5432');
    expect(redactSecrets("password = 'a b c' user=app", [])).toBe('password = [REDACTED] user=app');
    expect(redactSecrets('password="q u o t e d" x', [])).toBe('password=[REDACTED] x');
    expect(
      redactSecrets(
        'GITHUB_TOKEN=ghp_abc123 AWS_SECRET_ACCESS_KEY=wJalr/K7 client_secret=s3 api_key=k1 PGPASSWD=pw',
        [],
      ),
    ).toBe(
      'GITHUB_TOKEN=[REDACTED] AWS_SECRET_ACCESS_KEY=[REDACTED] client_secret=[REDACTED] api_key=[REDACTED] PGPASSWD=[REDACTED]',
    );
    expect(redactSecrets('{"access_token": "eyJ0", "client_secret":"x"}', [])).toBe(
      '{"access_token": "[REDACTED]", "client_secret":"[REDACTED]"}',
    );
  });

  it('leaves prose and code that name a password without holding one alone', () => {
    const fix =
      "Pass the password as a keyword argument read from the environment (`password=os.environ['DB_PASSWORD']`), create the health_checker role";
    expect(redactSecrets(fix, [])).toBe(fix);
    for (const reference of [
      '$PGPASSWORD',
      '${DB_PASS}',
      '%(password)s',
      '{password}',
      '<password>',
      '***',
      'process.env.PGPASSWORD',
      'os.getenv("PW")',
    ]) {
      expect(redactSecrets(`password=${reference} here`, [])).toBe(`password=${reference} here`);
    }
    expect(redactSecrets('`password=s3cr3t` in the conninfo', [])).toBe('`password=[REDACTED]` in the conninfo');
  });

  it('MUST still redact values that only resemble a reference', () => {
    for (const value of [
      'os.environ',
      '$(pw)',
      'abc(def)',
      'x${Y}z',
      '**x**',
      '$uperS3cret',
      '{Summer2024}',
      '<Hunter2>',
      '`Tr0ub4dor`',
      'Zx`9qQ!2r',
    ]) {
      expect(redactSecrets(`password=${value}`, [])).toBe('password=[REDACTED]');
    }
    expect(redactSecrets('PGPASSWORD=Zx`9qQ!2r and more', [])).toBe('PGPASSWORD=[REDACTED] and more');
  });

  it('leaves what only looks like a secret key alone', () => {
    const text = 'DETAIL: Key (id)=(5) already exists. token_type=bearer primary_slot_name=pg_2 keys=3 /etc/passwd';
    expect(redactSecrets(text, [])).toBe(text);
  });
});

describe('envSecrets', () => {
  it('takes the values of variables named like secrets, 6 characters or longer', () => {
    const env = {
      PGPASSWORD: 'hunter2x',
      PGDRILL_TEST_TOKEN: 'tok-123456',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI',
      GOOGLE_APPLICATION_CREDENTIALS: '/run/creds.json', // a path names the secret, it is not one
      ssh_key_passphrase: 'lowercase-too',
      SHORT_TOKEN: 'abc12',
      HOME: '/home/drill',
      PATH: '/usr/bin',
      EMPTY_SECRET: '',
      UNSET_KEY: undefined,
    };
    expect(envSecrets(env).sort()).toEqual(['hunter2x', 'lowercase-too', 'tok-123456', 'wJalrXUtnFEMI']);
  });

  it('lists a value once however many variables hold it', () => {
    expect(envSecrets({ A_TOKEN: 'same-value', B_TOKEN: 'same-value' })).toEqual(['same-value']);
  });

  it('reads process.env by default', () => {
    process.env.PGDRILL_REDACT_TEST_SECRET = 'from-process-env-42';
    try {
      expect(envSecrets()).toContain('from-process-env-42');
      expect(redactSecrets('x from-process-env-42 y', envSecrets())).toBe('x [REDACTED] y');
    } finally {
      delete process.env.PGDRILL_REDACT_TEST_SECRET;
    }
  });
});

describe('redactDeep', () => {
  it('redacts nested strings and leaves other values and the input untouched', () => {
    const input = { a: 'x TOPSECRET', n: 1234, b: [{ c: 'TOPSECRET' }, null, true] };
    expect(redactDeep(input, ['TOPSECRET'])).toEqual({
      a: 'x [REDACTED]',
      n: 1234,
      b: [{ c: '[REDACTED]' }, null, true],
    });
    expect(input.a).toBe('x TOPSECRET');
  });
});

describe('envSecrets leaves alone what names rather than hides', () => {
  it('skips absolute paths and booleans, keeps the real secret', async () => {
    const { envSecrets } = await import('./redact.ts');
    expect(
      envSecrets({ SSH_ASKPASS: '/usr/lib/ssh/x11-ssh-askpass', KEY_ENABLED: 'true', API_TOKEN: 'tok3n-s3cret' }),
    ).toEqual(['tok3n-s3cret']);
  });
});
