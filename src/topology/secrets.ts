/**
 * The cluster's passwords: random per run unless the scenario sets its own
 * (`topology.postgres.passwords`). They reach nodes only as a file copied into the container, and
 * the report writer redacts every one of them from anything it writes.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { envSecrets } from '../redact.ts';

export interface ClusterSecrets {
  superuser: string;
  replication: string;
  app: string;
  /** the team's own roles (topology.postgres.roles): one random password each */
  roles: Record<string, string>;
  /** the run's SSH private key (PEM), when the scenario asks for SSH between nodes */
  sshKey?: string;
}

const password = () => randomBytes(18).toString('base64url');

/** A random password for every role the scenario does not set one for, and the SSH key when asked. */
export function generateSecrets(
  given: Partial<Omit<ClusterSecrets, 'sshKey' | 'roles'>> = {},
  options: { ssh?: boolean; roles?: readonly string[] } = {},
): ClusterSecrets {
  return {
    superuser: given.superuser ?? password(),
    replication: given.replication ?? password(),
    app: given.app ?? password(),
    roles: Object.fromEntries((options.roles ?? []).map((role) => [role, password()])),
    ...(options.ssh ? { sshKey: generateSshKey() } : {}),
  };
}

/** A POSIX shell word that stands for exactly `value` (single quotes; `'` itself as `'\''`). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The file the node entrypoint sources. Values are shell-quoted: a password from the scenario may
 * hold `$`, `` ` `` or `'`. (The scenario schema rejects what the node's .pgpass and PgBouncer's
 * auth file cannot hold unescaped: whitespace, `:`, `\` and `"`.)
 */
export function secretsEnvFile(secrets: ClusterSecrets): string {
  return [
    `PGDRILL_SUPERUSER_PASSWORD=${shellQuote(secrets.superuser)}`,
    `PGDRILL_REPLICATION_PASSWORD=${shellQuote(secrets.replication)}`,
    `PGDRILL_APP_PASSWORD=${shellQuote(secrets.app)}`,
    // the team's roles, as ~postgres/.pgpass lines the node appends (base64url: nothing to escape)
    `PGDRILL_ROLES_PGPASS=${shellQuote(
      Object.entries(secrets.roles)
        .map(([role, pw]) => `*:*:*:${role}:${pw}`)
        .join('\n'),
    )}`,
    '',
  ].join('\n');
}

/**
 * Everything to redact from what a run writes and prints: the cluster's passwords, the SSH key
 * (whole, and each line of its body, should a tool print part of it), and the values of
 * environment variables named like secrets (see envSecrets), read afresh on each call.
 */
export const allSecrets = (s: ClusterSecrets) => [
  s.superuser,
  s.replication,
  s.app,
  ...Object.values(s.roles),
  ...(s.sshKey ? [s.sshKey.trim(), ...pemBodyLines(s.sshKey)] : []),
  ...envSecrets(),
];

/** The base64 lines of a PEM block, without its BEGIN/END armour. */
const pemBodyLines = (pem: string) =>
  pem
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('-----'));

/**
 * The run's SSH key (topology.postgres.ssh): one ECDSA P-256 private key, PEM, that every node
 * installs for the postgres OS user and authorises (the node derives the public half itself).
 * Like the passwords it reaches nodes only as a copied file, and is redacted (allSecrets).
 */
export function generateSshKey(): string {
  const { privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return privateKey;
}
