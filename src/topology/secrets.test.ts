import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../redact.ts';
import { allSecrets, generateSecrets, generateSshKey, secretsEnvFile } from './secrets.ts';

describe('generateSecrets', () => {
  it('makes a fresh random password per role and per run', () => {
    const a = generateSecrets();
    const b = generateSecrets();
    expect(a.superuser).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(new Set([a.superuser, a.replication, a.app, b.superuser, b.replication, b.app]).size).toBe(6);
  });

  it("takes the scenario's passwords for the roles it names, and only those", () => {
    const s = generateSecrets({ app: 'Team-app-password-1' });
    expect(s.app).toBe('Team-app-password-1');
    expect(s.superuser).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(
      generateSecrets({ superuser: 'su-password-123', replication: 'repl-password-1', app: 'app-password-12' }),
    ).toEqual({
      superuser: 'su-password-123',
      replication: 'repl-password-1',
      app: 'app-password-12',
      roles: {},
    });
  });

  it("gives each of the team's roles its own random password", () => {
    const { roles } = generateSecrets({}, { roles: ['kong', 'monitor'] });
    expect(Object.keys(roles)).toEqual(['kong', 'monitor']);
    expect(roles.kong).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(roles.monitor).not.toBe(roles.kong);
  });
});

describe('generateSshKey', () => {
  it('makes a new P-256 private key per run, in the PEM form OpenSSH reads (SEC1, "EC PRIVATE KEY")', () => {
    const key = generateSshKey();
    expect(key).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n[\s\S]+\n-----END EC PRIVATE KEY-----\n$/);
    expect(createPrivateKey(key).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(generateSshKey()).not.toBe(key);
  });
});

describe('allSecrets with an SSH key', () => {
  it('lists the key, whole and line by line, so that neither the key nor a line of it is ever written', () => {
    const secrets = generateSecrets({}, { ssh: true });
    const key = secrets.sshKey!;
    const [, firstLine] = key.split('\n');
    const listed = allSecrets(secrets);
    expect(listed).toContain(key.trim());
    expect(listed).toContain(firstLine);
    expect(listed).not.toContain('-----BEGIN EC PRIVATE KEY-----'); // the armour alone is no secret
    expect(redactSecrets(`ssh: invalid format near ${firstLine}`, listed)).toBe('ssh: invalid format near [REDACTED]');
    expect(redactSecrets(`key:\n${key}`, listed)).not.toMatch(/[A-Za-z0-9+/]{40}/);
  });

  it('has no key when the scenario asks for no SSH', () => {
    expect(generateSecrets()).not.toHaveProperty('sshKey');
  });
});

describe('secretsEnvFile', () => {
  it('is read back by the shell exactly, whatever the password holds', async () => {
    const secrets = {
      superuser: `it's $HOME \`id\` !x`,
      replication: "'''",
      app: 'plain-base64url_',
      roles: { kong: 'kong-pw_1', monitor: 'mon-pw-2' },
    };
    const dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-secrets-'));
    try {
      const file = path.join(dir, 'secrets.env');
      await writeFile(file, secretsEnvFile(secrets));
      const script = `source "$1"; printf '%s\\0' "$PGDRILL_SUPERUSER_PASSWORD" "$PGDRILL_REPLICATION_PASSWORD" "$PGDRILL_APP_PASSWORD" "$PGDRILL_ROLES_PGPASS"`;
      const out = execFileSync('bash', ['--norc', '--noprofile', '-euc', script, 'bash', file], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      });
      expect(out.split('\0').slice(0, 4)).toEqual([
        secrets.superuser,
        secrets.replication,
        secrets.app,
        // the team's roles as ~postgres/.pgpass lines, one per role
        '*:*:*:kong:kong-pw_1\n*:*:*:monitor:mon-pw-2',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('allSecrets', () => {
  it("is the cluster's passwords, the team's roles' and the environment's secrets", () => {
    process.env.PGDRILL_SECRETS_TEST_TOKEN = 'env-token-value-9';
    try {
      const secrets = {
        superuser: 'su-pw-1234',
        replication: 'repl-pw-12',
        app: 'app-pw-123',
        roles: { kong: 'kong-pw-1' },
      };
      expect(allSecrets(secrets)).toEqual(
        expect.arrayContaining(['su-pw-1234', 'repl-pw-12', 'app-pw-123', 'kong-pw-1', 'env-token-value-9']),
      );
    } finally {
      delete process.env.PGDRILL_SECRETS_TEST_TOKEN;
    }
  });
});
