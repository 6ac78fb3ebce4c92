import { describe, expect, it } from 'vitest';
import type { ScheduledFault } from '../model/chaos.ts';
import { type ExploreSummary, renderExploreHtml, renderExploreMarkdown } from './explore.ts';

const fault = (fault: ScheduledFault['fault'], nodes: string[], gapMs: number, lastingMs: number): ScheduledFault => ({
  entry: 0,
  fault,
  target: nodes.join(),
  nodes,
  gapMs,
  lastingMs,
});
const original = [
  fault('kill', ['pg-1'], 2_000, 5_000),
  fault('partition', ['pg-2', 'etcd-1'], 1_000, 8_000),
  fault('pause', ['pg-3'], 500, 2_000),
];
const shrunk = [fault('partition', ['pg-2', 'etcd-1'], 1_000, 4_000)];

function summary(found: Partial<NonNullable<ExploreSummary['found']>> | null): ExploreSummary {
  return {
    schemaVersion: 1,
    scenario: 'async-explore',
    file: 'scenarios/chaos/async.yaml',
    seed: 7,
    runs: [
      { drill: 'async-explore@run1', phase: 'explore', status: 'passed', faults: 2 },
      { drill: 'async-explore@run2', phase: 'explore', status: 'failed', faults: 3 },
      { drill: 'async-explore@run3', phase: 'shrink', status: 'failed', faults: 1 },
      { drill: 'async-explore@run4', phase: 'confirm', status: 'passed', faults: 1 },
    ],
    found: found && {
      original,
      shrunk,
      flaky: false,
      scenarioFile: '/tmp/run/async-explore-seed-7.yaml',
      failedExpectations: ['rpo.lostTransactions'],
      ...found,
    },
  };
}

describe('explore.html', () => {
  it('shows the first failing schedule beside the shrunk one, row by row, and how to run it again', () => {
    const html = renderExploreHtml(summary({}));
    expect(html).toContain('BROKE rpo.lostTransactions');
    expect(html).toContain('first failing (3 fault(s))');
    expect(html).toMatch(/<td>1<\/td><td>\+2s kill pg-1 for 5s<\/td><td>\+1s partition pg-2, etcd-1 for 4s<\/td>/);
    expect(html).toMatch(/<td>3<\/td><td>\+0.5s pause pg-3 for 2s<\/td><td><\/td>/);
    expect(html).toContain('pgdrill explore scenarios/chaos/async.yaml --runs 2 --seed 7');
    expect(html).toContain('href="async-explore-seed-7.yaml"');
    expect(html).toContain('it reproduces');
    expect(html).not.toContain('FLAKY');
  });

  it('MUST call a shrunk schedule that passed when run again flaky, naming the drill that failed and the one that passed', () => {
    const html = renderExploreHtml(
      summary({ flaky: true, failingDrill: 'async-explore@run3', confirmDrill: 'async-explore@run4' }),
    );
    expect(html).toContain('FLAKY');
    expect(html).toContain('it failed in async-explore@run3 and passed in async-explore@run4');
    expect(html).not.toContain('it reproduces');
  });

  it('links every drill to its report, with its phase and verdict', () => {
    const html = renderExploreHtml(summary({}));
    for (const n of [1, 2, 3, 4]) expect(html).toContain(`href="async-explore_run${n}/report.html"`);
    expect(html).toContain('2 explored, 1 shrinking, 1 confirming');
  });

  it('says that no broken invariant is evidence about these schedules, not proof', () => {
    const html = renderExploreHtml(summary(null));
    expect(html).toContain('NO INVARIANT BROKEN');
    expect(html).toContain('not proof that none can');
    expect(html).not.toContain('first failing');
  });

  it('escapes what comes from data', () => {
    const s = summary(null);
    s.scenario = '<script>alert(1)</script>';
    expect(renderExploreHtml(s)).not.toContain('<script>alert');
  });
});

describe('explore.md', () => {
  it('carries the side-by-side schedules, the flaky finding and a row per drill', () => {
    const md = renderExploreMarkdown(
      summary({ flaky: true, failingDrill: 'async-explore@run3', confirmDrill: 'async-explore@run4' }),
    );
    expect(md).toContain('**broke rpo.lostTransactions**');
    expect(md).toMatch(/first failing schedule\s+shrunk/);
    expect(md).toContain('**FLAKY**');
    expect(md).toContain('| [async-explore@run2](async-explore_run2/report.md) | explore | 3 | failed |');
  });
});
