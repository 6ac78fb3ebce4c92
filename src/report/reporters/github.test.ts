import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorAnnotation, escapeData, escapeProperty, githubReporter } from './github.ts';
import { FAILED, FAILED_SOURCE, PASSED, makeInvalidRun, makeRun, outcomeOf } from './test-run.ts';

describe('GitHub workflow-command escaping', () => {
  it('escapes %, CR and LF in a message, and : and , as well in a property', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext%3A a%2C b');
    // % first: an escape it produced must not be escaped again
    expect(escapeProperty('%3A')).toBe('%253A');
  });

  it('annotates a problem at its file, line and column, relative to the workspace', () => {
    const line = errorAnnotation(
      '/work/scenarios/x.yaml',
      {
        title: 'step 2 wait converged',
        message: 'timed out:\n30s',
        at: { file: '/work/scenarios/x.yaml', line: 22, column: 3 },
      },
      '/work',
    );
    expect(line).toBe(
      '::error file=scenarios/x.yaml,line=22,col=3,title=pgdrill%3A step 2 wait converged::timed out:%0A30s',
    );
  });

  it('annotates the whole file when no line is known', () => {
    expect(errorAnnotation('/work/s.yaml', { title: 'error X', message: 'm' }, '/work')).toBe(
      '::error file=s.yaml,title=pgdrill%3A error X::m',
    );
  });
});

describe('GitHub reporter', () => {
  it('annotates the failed expectation and step of a failed drill at their lines, nothing for a passed one', async () => {
    const emitted: string[] = [];
    const r = githubReporter({ annotate: true, emit: (l) => emitted.push(l), say: () => {}, env: {}, cwd: '/work' });
    await r.onScenarioEnd?.(outcomeOf(PASSED));
    await r.onScenarioEnd?.(outcomeOf(FAILED, FAILED_SOURCE));
    expect(emitted).toEqual([
      '::error file=scenarios/lag-replica.yaml,line=30,col=5,title=pgdrill%3A expectation rpo.lostTransactions::rpo.lostTransactions: expected <= 0 writes, actual 3',
      '::error file=scenarios/lag-replica.yaml,line=22,col=3,title=pgdrill%3A step 2 wait converged::step 2 wait converged FAILED: timed out after 30s: pg-3 is 4 MB behind',
    ]);
  });

  it('annotates every issue of an invalid file at its key', async () => {
    const emitted: string[] = [];
    const r = githubReporter({ annotate: true, emit: (l) => emitted.push(l), say: () => {}, env: {}, cwd: '/work' });
    await r.onEnd?.(makeInvalidRun());
    expect(emitted).toEqual([
      '::error file=scenarios/bad.yaml,line=8,col=12,title=pgdrill%3A invalid steps[1].fault::steps[1].fault: unknown fault "explode"',
      '::error file=scenarios/bad.yaml,line=12,col=17,title=pgdrill%3A invalid expect.rto.maxSeconds::expect.rto.maxSeconds: expected a number',
    ]);
  });

  it('prints no annotation unless asked, and still appends the job summary', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-gh-'));
    const file = path.join(dir, 'summary.md');
    const emitted: string[] = [];
    const r = githubReporter({
      annotate: false,
      emit: (l) => emitted.push(l),
      say: () => {},
      env: { GITHUB_STEP_SUMMARY: file },
    });
    await r.onScenarioEnd?.(outcomeOf(FAILED, FAILED_SOURCE));
    await r.onEnd?.(makeRun());
    expect(emitted).toEqual([]);
    expect(await readFile(file, 'utf8')).toContain('| lag-replica | ❌ FAILED |');
  });
});
