import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { chooseReporters } from './run-command.ts';

describe('chooseReporters', () => {
  it('defaults to the terminal, with annotations only inside GitHub Actions', () => {
    expect(chooseReporters({}, {})).toEqual({
      stdout: 'terminal',
      annotate: false,
      junit: undefined,
      allure: undefined,
    });
    expect(chooseReporters({}, { GITHUB_ACTIONS: 'true' }).annotate).toBe(true);
  });

  it('lets --reporter pick TAP, add github, and keeps --json as the only thing on stdout', () => {
    expect(chooseReporters({ reporter: ['tap'], junit: 'j.xml', allure: 'a' }, {})).toEqual({
      stdout: 'tap',
      annotate: false,
      junit: 'j.xml',
      allure: 'a',
    });
    expect(chooseReporters({ reporter: ['github'] }, {})).toMatchObject({ stdout: 'none', annotate: true });
    expect(chooseReporters({ reporter: ['terminal,github'] }, {})).toMatchObject({
      stdout: 'terminal',
      annotate: true,
    });
    expect(chooseReporters({ json: true, reporter: ['github'] }, {})).toMatchObject({ stdout: 'json', annotate: true });
  });

  it('refuses two reporters on stdout and unknown names', () => {
    expect(() => chooseReporters({ json: true, reporter: ['tap'] }, {})).toThrow(UsageError);
    expect(() => chooseReporters({ reporter: ['tap', 'terminal'] }, {})).toThrow(/both write to stdout/);
    expect(() => chooseReporters({ reporter: ['junit'] }, {})).toThrow(/unknown reporter "junit"/);
  });
});
