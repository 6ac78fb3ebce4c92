/**
 * Secret redaction for everything pgdrill writes: the run's own passwords by value, the values of
 * environment variables named like secrets, plus any password that shows up in a conninfo string,
 * an environment assignment or a URL.
 */

export const REDACTED = '[REDACTED]';

/** Shorter secrets are ignored: replacing "abc" everywhere would shred the report and hide nothing. */
export const MIN_SECRET_LENGTH = 4;

/** Environment variables whose name says they hold a secret (PGPASSWORD, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, …). */
export const SECRET_ENV_NAME = /PASS|SECRET|TOKEN|KEY|CREDENTIAL/i;

/** Shorter values of such variables (`1`, `true`, `yes`) are settings, not secrets, and would shred the text. */
export const MIN_ENV_SECRET_LENGTH = 6;

/**
 * The values of every environment variable named like a secret (see SECRET_ENV_NAME) that are at
 * least 6 characters long: they are redacted by value from everything pgdrill writes or prints,
 * wherever they turn up (a log line, an error message), whatever the variable was used for.
 */
/**
 * Values that name things rather than hide them (`SSH_ASKPASS=/usr/lib/ssh/askpass`,
 * `GPG_KEY_ID=true`): redacting them would mangle paths in reports and protect nothing.
 */
const NOT_A_SECRET = /^(\/[\w.+-]+)+\/?$|^(true|false|yes|no|on|off)$/i;

export function envSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const values = Object.entries(env).flatMap(([name, value]) =>
    SECRET_ENV_NAME.test(name) &&
    value !== undefined &&
    value.length >= MIN_ENV_SECRET_LENGTH &&
    !NOT_A_SECRET.test(value)
      ? [value]
      : [],
  );
  return [...new Set(values)];
}

// Names of keys that hold a secret in `key=value` and `"key": "value"` forms: `password`, `PGPASSWORD`,
// `sslpassword`, `PGDRILL_APP_PASSWORD`, `client_secret`, `GITHUB_TOKEN`, `api_key`, `AWS_SECRET_ACCESS_KEY`…
const SECRET_KEY = '[A-Za-z0-9_]*(?:password|passwd|secret|token|credentials?|api_?key|access_?key|private_?key)';
// `password=x`, `PGPASSWORD=x`, `PGDRILL_APP_PASSWORD=x`, `?password=x&…`; conninfo values may be 'quoted \' like this'.
const VALUE = String.raw`'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?`;
const ASSIGNMENT = new RegExp(String.raw`(?<!\x60)\b(${SECRET_KEY})([ \t]*=[ \t]*)(${VALUE}|[^\s&]+)`, 'gi');
// The same inside a Markdown code span (`password=…` after a backtick): its value ends at the span's
// closing backtick, so the prose after it survives.
const ASSIGNMENT_IN_CODE = new RegExp(String.raw`(\x60)(${SECRET_KEY})([ \t]*=[ \t]*)(${VALUE}|[^\s&\x60]+)`, 'gi');
/**
 * Values that name where a secret comes from rather than being one: `$PGPASSWORD`, `${DB_PASS}`
 * (capitals: an environment variable), `%(password)s`, `{password}`, `<password>` (lowercase
 * words: a placeholder), `***`, `os.environ['DB_PASSWORD']`, `os.getenv("X")`, `process.env.X`,
 * `ENV['X']`. Left as written, so a runbook's advice and code stay readable; anything else
 * after `password=` is redacted, and the run's own secrets by value wherever they stand.
 */
const REFERENCE =
  /^(?:\$\{?[A-Z_][A-Z0-9_]*\}?|%\(\w+\)s|\{[a-z_]+\}|<[a-z_ -]+>|\*{3,}|os\.environ\[(['"])\w+\1\]|os\.getenv\((['"])\w+\2\)|process\.env\.\w+|ENV\[(['"])\w+\3\])$/;
// `scheme://user:pass@host`: greedy up to the last `@` of the authority, since passwords may contain `@`.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s/?#]*@/gi;
// `"password": "x"` as in JSON configuration or error payloads.
const JSON_FIELD = new RegExp(String.raw`("${SECRET_KEY}"[ \t]*:[ \t]*)"(?:[^"\\]|\\.)*"`, 'gi');

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The forms a secret takes in text besides itself, each redacted too: JSON-escaped (a JSON
 * attachment), percent-encoded (a URL), SQL-quoted with doubled quotes (`PASSWORD 'it''s'` in a
 * log_statement line), shell-quoted (`'it'\''s'`, `"a\$b"`), HTML-escaped (a report page) and
 * base64 (a header or a file an operator encoded).
 */
export function spellings(secret: string): string[] {
  const forms = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/'/g, "''"),
    secret.replace(/'/g, "'\\''"),
    secret.replace(/["$`\\]/g, (c) => `\\${c}`),
    secret.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c),
    secret.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
    Buffer.from(secret, 'utf8').toString('base64'),
    Buffer.from(secret, 'utf8').toString('base64url'),
  ];
  try {
    forms.push(encodeURIComponent(secret));
  } catch {
    // a lone surrogate cannot be percent-encoded, so it cannot appear so either
  }
  return [...new Set(forms)];
}

/**
 * Replaces every occurrence of each secret (length >= 4; also JSON-escaped or percent-encoded)
 * with `[REDACTED]`, then redacts secrets found by pattern (`password=…`, `TOKEN=…` in
 * conninfo/env lines, `postgres://user:pass@`, `"password": "…"`). Idempotent.
 */
export function redactSecrets(text: string, secrets: string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  const usable = [...new Set(secrets.flatMap(spellings))]
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  for (const secret of usable) out = out.split(secret).join(REDACTED);
  return out
    .replace(ASSIGNMENT_IN_CODE, (match, tick: string, key: string, eq: string, value: string) =>
      REFERENCE.test(value) ? match : `${tick}${key}${eq}${REDACTED}`,
    )
    .replace(ASSIGNMENT, (match, key: string, eq: string, value: string) =>
      REFERENCE.test(value) ? match : `${key}${eq}${REDACTED}`,
    )
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
