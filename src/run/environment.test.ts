import { describe, expect, it } from 'vitest';
import { ciJobUrl, parseVersions, ranBy } from './environment.ts';

describe('environment', () => {
  it('names the GitHub Actions run that ran the drill', () => {
    const env = { GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'acme/db', GITHUB_RUN_ID: '42' };
    expect(ciJobUrl(env)).toBe('https://github.example/acme/db/actions/runs/42');
    expect(ranBy(env)).toEqual({
      ranBy: 'https://github.example/acme/db/actions/runs/42',
      ciJobUrl: 'https://github.example/acme/db/actions/runs/42',
    });
  });

  it('falls back to user@host outside CI', () => {
    expect(ranBy({})).toMatchObject({ ciJobUrl: null, ranBy: expect.stringMatching(/^.+@.+$/) });
  });

  it("reads the image's version lines, an empty one as unknown", () => {
    expect(parseVersions('postgres=postgres (PostgreSQL) 15.14\npatroni=\nnot a line\n')).toEqual({
      postgres: 'postgres (PostgreSQL) 15.14',
      patroni: null,
    });
  });
});
