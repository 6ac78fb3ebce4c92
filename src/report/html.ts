/**
 * report.html: the audit record of one scenario in one self-contained, printable page. No script,
 * no external resource (inline CSS and inline SVG only); the CSP forbids both, so even a mistake
 * in escaping cannot run code. It states objective and scope, when and by whom and with which
 * versions it ran, targets vs achieved, the deviations with their evidence, a timeline that tells
 * the story of the drill, and links to every evidence file.
 */
import { provenanceSection } from './html-provenance.ts';
import type { NodeSample } from '../evidence/evidence.ts';
import type { ScenarioResult } from '../result/result.ts';
import { VERDICT, formatNumber, formatOffset, metricRows, shownStatus, stepStatus } from './format.ts';
import { hasRecovery } from './format-recovery.ts';
import { CSS } from './html-css.ts';
import { checksumsSection, eventLogSection, evidenceSection, lostKeysSection } from './html-evidence.ts';
import { type Cell, escapeHtml, num, p, section, printMargins, selfContainedPage, table } from './html-kit.ts';
import { recoverySection } from './html-recovery.ts';
import {
  deviationsSection,
  environmentSection,
  masthead,
  scopeSection,
  targetRows,
  targetsSection,
} from './html-sections.ts';
import { renderTimelineSvg } from './svg-timeline.ts';

export { escapeHtml } from './html-kit.ts';

function errorSection(r: ScenarioResult): string {
  if (!r.error) return '';
  const body = [`<p>Code: <code>${escapeHtml(r.error.code)}</code></p><pre>${escapeHtml(r.error.message)}</pre>`];
  if (r.error.hint) body.push(`<p>What to do: ${escapeHtml(r.error.hint)}</p>`);
  return section('error', r.status === 'error' ? 'Error' : 'Failure', body);
}

function timelineSection(r: ScenarioResult, samples: NodeSample[]): string {
  const caption = [
    'Read top to bottom: the steps the scenario ran (faults red, procedures blue, waits grey; a healed fault stays shaded until its heal),',
    'the fault and procedure events, the RTO from the fault instant (red dashed line) to the first acknowledged write (green dashed line) split into its phases,',
    "what the clients saw each second (acknowledged area, failed and unknown bars), each node's role and timeline (◆ a promotion), and each replica's lag.",
    samples.length ? '' : 'No samples.json was available: roles and lag are not drawn.',
  ].join(' ');
  const svg = renderTimelineSvg(r, samples);
  return section(
    'timeline',
    'Timeline',
    [`<figure class="timeline-figure">${svg}<figcaption>${escapeHtml(caption.trim())}</figcaption></figure>`],
    'page',
  );
}

function stepsSection(r: ScenarioResult): string {
  if (r.steps.length === 0) return section('steps', 'Steps', [p('No step ran.')]);
  const rows = r.steps.map((s): Cell[] => [
    num(String(s.index + 1)),
    s.title,
    s.node ?? '',
    num(formatOffset(s.startedAtMs)),
    num(`${formatNumber(s.durationMs / 1000)} s`),
    stepStatus[s.status],
    s.error ?? '',
  ]);
  const failed = (i: number) =>
    r.steps[i]?.status === 'failed' || r.steps[i]?.status === 'unexpected-success' ? 'fail' : undefined;
  return section('steps', 'Steps', [
    table(['#', 'Step', 'Node', 'Started', 'Duration', 'Status', 'Error'], rows, failed),
  ]);
}

function metricsSection(r: ScenarioResult): string {
  return section(
    'metrics',
    'Metrics',
    [
      table(
        ['Area', 'Metric', 'Value'],
        metricRows(r.metrics).map((m) => [m.area, m.metric, m.value]),
      ),
    ],
    'page',
  );
}

/**
 * Renders result.json (and the samples from samples.json, when there are any) as a standalone
 * HTML page.
 */
export function renderScenarioHtml(result: ScenarioResult, samples: NodeSample[] = []): string {
  const r = result;
  const rows = targetRows(r);
  const recovery = r.metrics?.recovery;
  const withRecovery = hasRecovery(recovery);
  const toc: [string, string][] = [
    ...(r.error ? [['error', r.status === 'error' ? 'Error' : 'Failure'] as [string, string]] : []),
    ['scope', 'Objective and scope'],
    ['environment', 'Run and environment'],
    ['provenance', 'Provenance'],
    ['targets', 'Targets vs achieved'],
    ['deviations', 'Deviations'],
    ['timeline', 'Timeline'],
    ['steps', 'Steps'],
    ['metrics', 'Metrics'],
    ...(withRecovery ? [['recovery', 'Recovery'] as [string, string]] : []),
    ['checksums', 'Checksums'],
    ['lost-keys', 'Lost keys'],
    ['event-log', 'Event log'],
    ['evidence', 'Evidence files'],
  ];
  const out = [
    masthead(r, rows, toc),
    errorSection(r),
    scopeSection(r, samples),
    environmentSection(r),
    provenanceSection(r),
    targetsSection(r, rows),
    deviationsSection(r),
    timelineSection(r, samples),
    stepsSection(r),
    metricsSection(r),
    withRecovery ? `<section id="recovery" class="page">\n${recoverySection(recovery).join('\n')}\n</section>` : '',
    checksumsSection(r),
    lostKeysSection(r),
    eventLogSection(r),
    evidenceSection(r, samples),
    `<footer>Written by pgdrill ${escapeHtml(r.harness.version)} for run ${escapeHtml(r.runId)}. A metric that could not be measured reads n/a, never 0. Times are offsets from the run's start (+s.mmm).</footer>`,
  ];

  return selfContainedPage(
    `${r.scenario}: ${VERDICT[shownStatus(r)]} — pgdrill`,
    `${CSS}${printMargins(`pgdrill · ${r.scenario} · run ${r.runId} · ${VERDICT[shownStatus(r)]}`)}`,
    out.filter(Boolean).join('\n'),
  );
}
