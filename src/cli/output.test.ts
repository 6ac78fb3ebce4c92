import { afterEach, describe, expect, it, vi } from 'vitest';
import { InfrastructureError } from '../errors.ts';
import { errorJson, reportError } from './output.ts';

describe('reportError', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('never prints a secret of the environment, whatever the error quotes', () => {
    vi.stubEnv('DEPLOY_DB_PASSWORD', 'hunter2-hunter2');
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const code = reportError(
      new InfrastructureError('PGDRILL_NODE_START_FAILED', 'psql: connection to "db" with hunter2-hunter2 failed', {
        hint: 'retry with hunter2-hunter2',
      }),
    );
    expect(code).toBe(3);
    expect(written.join('')).toContain('connection to "db" with [REDACTED] failed');
    expect(written.join('')).not.toContain('hunter2-hunter2');
  });

  it('redacts internal errors too', () => {
    vi.stubEnv('API_TOKEN', 'tok-0123456789');
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    expect(reportError(new Error('failed with tok-0123456789'))).toBe(3);
    expect(written.join('')).toContain('pgdrill: internal error: failed with [REDACTED]');
  });
});

describe('errors as JSON (--json)', () => {
  it('carries the code, the exit and every issue at its file, line and key, with a schemaVersion', async () => {
    const { ScenarioError } = await import('../errors.ts');
    const error = new ScenarioError([
      {
        position: { file: '/s/bad.yaml', line: 5, column: 12 },
        path: 'steps[0].fault',
        message: 'unknown fault "kil"',
      },
    ]);
    expect(JSON.parse(errorJson(error, 2))).toEqual({
      schemaVersion: 1,
      ok: false,
      exitCode: 2,
      error: {
        code: 'PGDRILL_SCENARIO_INVALID',
        message: '/s/bad.yaml:5:12 steps[0].fault: unknown fault "kil"',
        issues: [{ file: '/s/bad.yaml', line: 5, column: 12, key: 'steps[0].fault', message: 'unknown fault "kil"' }],
      },
    });
  });
});
