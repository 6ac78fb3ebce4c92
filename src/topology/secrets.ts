/**
 * Per-run random passwords. They reach nodes only as a file copied into the container, and the
 * report writer redacts every one of them from anything it writes.
 */
import { randomBytes } from 'node:crypto';

export interface ClusterSecrets {
  superuser: string;
  replication: string;
  app: string;
}

const password = () => randomBytes(18).toString('base64url');

export function generateSecrets(): ClusterSecrets {
  return { superuser: password(), replication: password(), app: password() };
}

/** The file the node entrypoint sources (values are base64url: no quoting needed). */
export function secretsEnvFile(secrets: ClusterSecrets): string {
  return [
    `PGDRILL_SUPERUSER_PASSWORD=${secrets.superuser}`,
    `PGDRILL_REPLICATION_PASSWORD=${secrets.replication}`,
    `PGDRILL_APP_PASSWORD=${secrets.app}`,
    '',
  ].join('\n');
}

export const allSecrets = (s: ClusterSecrets) => [s.superuser, s.replication, s.app];
