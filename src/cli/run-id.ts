import { randomBytes } from 'node:crypto';

/** `20261121-043702-7f3a`: sortable, unique enough, valid in Docker names. */
export function newRunId(date = new Date()): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
