/** `topology.postgres.passwords`: a team's own passwords instead of random ones, never echoed in an error. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.ts';
import { issueAt, issuesOf } from './test-example.ts';

const FILE = '/drills/passwords.yaml';

/** The passwords mapping starts on line 5; its keys are on lines 6-8. */
const scenario = (passwords: string) => `name: passwords
topology:
  postgres:
    version: 15
    passwords:
${passwords}steps:
  - wait: 1s
`;

describe('topology.postgres.passwords', () => {
  it('keeps the passwords the scenario sets, and only those', () => {
    const loaded = parseScenario(
      scenario('      superuser: "S3cret-superuser!"\n      app: It\'s-$ecret_app#1\n'),
      FILE,
    );
    expect(loaded.topology.postgres.passwords).toEqual({ superuser: 'S3cret-superuser!', app: "It's-$ecret_app#1" });
  });

  it('is absent when the scenario sets none', () => {
    const loaded = parseScenario(scenario('').replace('    passwords:\n', ''), FILE);
    expect(loaded.topology.postgres).not.toHaveProperty('passwords');
  });

  it.each([
    ['      app: short-pw-11', 'app', 12, 'needs at least 12 characters'],
    [
      '      app: "has a space in it"',
      'app',
      12,
      'a password here cannot hold whitespace, control characters, `:`, `\\` or `"` (the .pgpass and PgBouncer files take it unescaped)',
    ],
    [
      '      replication: "colon:in:the:middle"',
      'replication',
      20,
      'a password here cannot hold whitespace, control characters, `:`, `\\` or `"` (the .pgpass and PgBouncer files take it unescaped)',
    ],
    [
      "      superuser: 'back\\slash-password'",
      'superuser',
      18,
      'a password here cannot hold whitespace, control characters, `:`, `\\` or `"` (the .pgpass and PgBouncer files take it unescaped)',
    ],
    ['      app: 123456789012345', 'app', 12, 'expected a password in quotes'],
    ['      admin: "Adm1n-password-x"', 'admin', 7, 'unknown key "admin" (allowed here: superuser, replication, app)'],
  ])('%s → file:line:col and the key', (line, key, column, message) => {
    expect(issueAt(issuesOf(scenario(`${line}\n`), FILE), `topology.postgres.passwords.${key}`)).toEqual({
      line: 6,
      column,
      message,
    });
  });

  it('never quotes the password back in an error', () => {
    for (const value of ['"Tiny-9"', '"White space password"', '123456789012345', '"quote\\"in-password"']) {
      const issues = issuesOf(scenario(`      app: ${value}\n`), FILE);
      const secret = JSON.parse(value.startsWith('"') ? value : JSON.stringify(value)) as string;
      for (const issue of issues) expect(issue.message).not.toContain(secret);
    }
  });
  it('never quotes a password the file sets in an error elsewhere in the file (issue 15)', () => {
    const text = scenario('      app: Marker-app-pw-7c1\n').replace(
      '  - wait: 1s\n',
      '  - fault: kill\n    target: Marker-app-pw-7c1\n',
    );
    const issues = issuesOf(text, FILE);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/unknown node "\[REDACTED\]"/);
    expect(JSON.stringify(issues)).not.toContain('Marker-app-pw-7c1');
  });
});
