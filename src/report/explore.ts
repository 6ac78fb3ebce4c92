/**
 * What an exploration found, for people: its schedules one fault per line, and the first failing
 * schedule beside the shrunk one. explore.json's shape is here too, read by the pages and tests.
 */
import path from 'node:path';
import type { ScheduledFault } from '../model/chaos.ts';
import type { ScenarioResult } from '../result/result.ts';
import { escapeHtml, p, section, table } from './html-kit.ts';
import { facts, htmlPage, link, verdictBadge } from './index-html.ts';
import { safeSegment } from './writer.ts';

/** What explore.json says: the exploration's seed, each run's verdict, and what it found. */
export interface ExploreSummary {
  schemaVersion: 1;
  scenario: string;
  file: string;
  seed: number;
  runs: { drill: string; phase: 'explore' | 'shrink' | 'confirm'; status: ScenarioResult['status']; faults: number }[];
  found: null | {
    /** the first schedule that broke an invariant, as drawn */
    original: ScheduledFault[];
    /** the smallest that still did within the budget */
    shrunk: ScheduledFault[];
    /** the shrunk schedule passed when run again: the failure does not reproduce every time */
    flaky: boolean;
    /** the drill in which the shrunk schedule failed, and the one that ran it once more */
    failingDrill?: string;
    confirmDrill?: string;
    /** the scenario file with the shrunk schedule as fixed steps */
    scenarioFile: string;
    failedExpectations: string[];
  };
}

/** `+1.5s partition primary for 3s`, one line per fault. */
export function describeSchedule(faults: readonly ScheduledFault[]): string[] {
  const s = (ms: number) => `${Number((ms / 1000).toFixed(1))}s`;
  return faults.map(
    (f) =>
      `+${s(f.gapMs)} ${f.fault} ${f.nodes.join(', ')}${f.nodes.join() === f.target ? '' : ` (${f.target})`} for ${s(f.lastingMs)}`,
  );
}

/** The first failing schedule beside the shrunk one, one fault per line. */
export function sideBySide(original: ScheduledFault[], shrunk: ScheduledFault[]): string {
  const left = ['first failing schedule', ...describeSchedule(original)];
  const right = ['shrunk', ...describeSchedule(shrunk)];
  const width = Math.max(...left.map((l) => l.length)) + 3;
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) =>
    `${(left[i] ?? '').padEnd(width)}${right[i] ?? ''}`.trimEnd(),
  ).join('\n');
}

/** The drill's report folder, relative to the exploration's run folder. */
const drillDir = (drill: string) => safeSegment(drill);

/**
 * explore.html: what was explored (seed, how to run it again), the first failing schedule beside
 * the shrunk one, whether the shrunk one reproduces, and every drill with its verdict and report.
 */
export function renderExploreHtml(summary: ExploreSummary): string {
  const found = summary.found;
  const again = `pgdrill explore ${summary.file} --runs ${summary.runs.filter((r) => r.phase === 'explore').length} --seed ${summary.seed}`;
  const headline = found
    ? verdictBadge('failed', `BROKE ${found.failedExpectations.join(', ') || 'A STEP'}`)
    : verdictBadge('passed', 'NO INVARIANT BROKEN');
  const pairs: [string, string][] = [
    ['scenario', escapeHtml(summary.file)],
    ['seed', `${summary.seed}`],
    ['drills', escapeHtml(phaseCounts(summary))],
    ['run it again', `<code>${escapeHtml(again)}</code>`],
  ];
  const body: string[] = [
    `<header><div class="eyebrow">pgdrill explore</div><h1>${escapeHtml(summary.scenario)} ${headline}</h1>${facts(pairs)}</header>`,
  ];
  if (found) {
    const rows = Array.from({ length: Math.max(found.original.length, found.shrunk.length) }, (_, i) => [
      `${i + 1}`,
      describeSchedule(found.original)[i] ?? '',
      describeSchedule(found.shrunk)[i] ?? '',
    ]);
    body.push(
      section('schedules', 'First failing schedule and the shrunk one', [
        table(['#', `first failing (${found.original.length} fault(s))`, `shrunk (${found.shrunk.length})`], rows),
        found.flaky
          ? `<p><span class="verdict failed">FLAKY</span> ${escapeHtml(flakyText(summary))}</p>`
          : p('The shrunk schedule failed again when run once more: it reproduces.'),
        `<p>As a scenario with fixed steps, to keep as a regression drill: ${link(path.basename(found.scenarioFile), path.basename(found.scenarioFile))}</p>`,
      ]),
    );
  } else {
    body.push(
      p(
        `${summary.runs.length} schedule(s) drawn from seed ${summary.seed} broke no invariant. That is evidence about these schedules, not proof that none can: run more, or with another seed.`,
        '',
      ),
    );
  }
  body.push(
    section('drills', 'Every drill', [
      table(
        ['drill', 'phase', 'faults', 'verdict'],
        summary.runs.map((r) => [
          { text: r.drill, cls: '', html: link(`${drillDir(r.drill)}/report.html`, r.drill) },
          r.phase,
          { text: `${r.faults}`, cls: 'num' },
          { text: r.status, cls: '', html: verdictBadge(r.status) },
        ]),
      ),
    ]),
  );
  return htmlPage(`explore ${summary.scenario} (seed ${summary.seed})`, body.join('\n'));
}

/** explore.md: the same, for a terminal or a CI job summary. */
export function renderExploreMarkdown(summary: ExploreSummary): string {
  const found = summary.found;
  const lines = [
    `# explore ${summary.scenario}`,
    '',
    `- scenario: \`${summary.file}\``,
    `- seed: ${summary.seed}; ${phaseCounts(summary)}`,
    `- ${found ? `**broke ${found.failedExpectations.join(', ') || 'a step'}**` : 'no invariant broken'}`,
    '',
  ];
  if (found) {
    lines.push('```', sideBySide(found.original, found.shrunk), '```', '');
    lines.push(found.flaky ? `**FLAKY**: ${flakyText(summary)}` : 'The shrunk schedule failed again: it reproduces.');
    lines.push('', `Regression scenario: \`${path.basename(found.scenarioFile)}\``, '');
  }
  lines.push('| drill | phase | faults | verdict |', '|---|---|---:|---|');
  for (const r of summary.runs)
    lines.push(`| [${r.drill}](${drillDir(r.drill)}/report.md) | ${r.phase} | ${r.faults} | ${r.status} |`);
  return `${lines.join('\n')}\n`;
}

function phaseCounts(summary: ExploreSummary): string {
  const n = (phase: ExploreSummary['runs'][number]['phase']) => summary.runs.filter((r) => r.phase === phase).length;
  return `${n('explore')} explored, ${n('shrink')} shrinking, ${n('confirm')} confirming`;
}

/** Which drill of the shrunk schedule failed and which passed: both, so neither outcome is hidden. */
function flakyText(summary: ExploreSummary): string {
  const found = summary.found;
  const both =
    found?.failingDrill && found.confirmDrill
      ? ` it failed in ${found.failingDrill} and passed in ${found.confirmDrill}`
      : '';
  return `the shrunk schedule does not fail every time:${both || ' it passed when run once more'}. A failure that needs luck is still a failure; run the scenario file with --repeat to see how often.`;
}
