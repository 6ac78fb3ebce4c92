/**
 * Secret redaction for everything pgdrill writes: the run's own passwords by value, plus any
 * password that shows up in a conninfo string, an environment assignment or a URL.
 */

export const REDACTED = '[REDACTED]';

/** Shorter secrets are ignored: replacing "abc" everywhere would shred the report and hide nothing. */
export const MIN_SECRET_LENGTH = 4;

// `password=x`, `PGPASSWORD=x`, `PGDRILL_APP_PASSWORD=x`, `?password=x&…`; conninfo values may be 'quoted \' like this'.
const ASSIGNMENT = /\b([A-Za-z0-9_]*password)([ \t]*=[ \t]*)('(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|[^\s&]+)/gi;
// `scheme://user:pass@host`: greedy up to the last `@` of the authority, since passwords may contain `@`.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s/?#]*@/gi;
// `"password": "x"` as in JSON configuration or error payloads.
const JSON_FIELD = /("[A-Za-z0-9_]*password"[ \t]*:[ \t]*)"(?:[^"\\]|\\.)*"/gi;

/**
 * Replaces every occurrence of each secret (length >= 4) with `[REDACTED]`, then redacts
 * passwords found by pattern (`password=…` in conninfo/env lines, `postgres://user:pass@`,
 * `"password": "…"`). Idempotent.
 */
export function redactSecrets(text: string, secrets: string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  const usable = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of usable) out = out.split(secret).join(REDACTED);
  return out
    .replace(ASSIGNMENT, (_m, key: string, eq: string) => `${key}${eq}${REDACTED}`)
    .replace(URL_USERINFO, (_m, prefix: string) => `${prefix}${REDACTED}@`)
    .replace(JSON_FIELD, (_m, prefix: string) => `${prefix}"${REDACTED}"`);
}

/**
 * Redacts every string inside a JSON-like value (objects, arrays), returning a copy. Redacting
 * values before serialising keeps the JSON valid and also catches secrets that JSON escaping
 * would otherwise disguise (a `"` or `\` inside a secret).
 */
export function redactDeep<T>(value: T, secrets: string[]): T {
  if (typeof value === 'string') return redactSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, secrets)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)])) as T;
  }
  return value;
}
