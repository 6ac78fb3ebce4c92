/**
 * The timeline's "what was done" lanes: the scenario's steps as spans (faults, procedures, waits,
 * a healed fault's time in force), and the fault and procedure events as labelled ticks.
 */
import type { TimelineEvent } from '../evidence/evidence.ts';
import type { ScenarioResult, StepResult } from '../result/result.ts';
import { formatNumber, formatOffset } from './format-values.ts';
import { stepStatus } from './format.ts';
import { escapeHtml } from './html-kit.ts';
import { clip, el, placeLabels, textWidth, tip } from './svg-kit.ts';
import { type Frame, type Lane, noteLane, xIn } from './svg-frame.ts';
import { type StepKind, healTimes, stepKind, stepLabel } from './timeline-model.ts';

const KINDS: StepKind[] = ['fault', 'procedure', 'wait', 'other'];
const KIND_TITLE: Record<StepKind, string> = {
  fault: 'Faults',
  procedure: 'Procedures',
  wait: 'Waits',
  other: 'Other steps',
};
const BAR = 14;
const LINE = 12;
const MAX_LINES = 4;
const MIN_SPAN = 3;

function stepTip(s: StepResult, heal?: { atMs: number; message: string }): string {
  const end = s.startedAtMs + s.durationMs;
  const lines = [
    `step ${s.index + 1}: ${s.title}${s.node ? ` on ${s.node}` : ''}`,
    `${formatOffset(s.startedAtMs)} → ${formatOffset(end)} (${formatNumber(s.durationMs / 1000)} s), ${stepStatus[s.status]}`,
  ];
  if (s.error) lines.push(`error: ${s.error}`);
  if (heal) lines.push(`in force until ${formatOffset(heal.atMs)}: ${heal.message}`);
  return lines.join('\n');
}

/** A step's label: `#2 kill primary`, with its node when the title does not name it. */
function label(s: StepResult): string {
  const l = stepLabel(s);
  const node = s.node && !l.includes(s.node) ? ` → ${s.node}` : '';
  const mark = s.status === 'failed' || s.status === 'unexpected-success' ? ' ✗' : '';
  return clip(`#${s.index + 1} ${l}${node}${mark}`, 42);
}

/** One row of steps of one kind: spans on a bar, labels on up to MAX_LINES lines under it. */
function stepRow(
  f: Frame,
  kind: StepKind,
  steps: StepResult[],
  heals: ReturnType<typeof healTimes>,
): { height: number; body: (y: number) => string } {
  const spans = steps.map((s) => {
    const x0 = xIn(f, s.startedAtMs);
    const w = Math.max(MIN_SPAN, xIn(f, s.startedAtMs + s.durationMs) - x0);
    return { s, x0, w, heal: heals.get(s.index), text: label(s) };
  });
  const placed = placeLabels(
    spans.map((sp) => ({ x: sp.x0, width: textWidth(sp.text, 10.5) })),
    MAX_LINES,
    f.right,
  );
  const lines = Math.max(1, ...placed.map((pl) => (pl ? pl.line + 1 : 0)));
  const height = BAR + lines * LINE + 6;
  const body = (y: number) => {
    const out = [
      el('text', { x: f.left - 8, y: y + 11, class: `row-title ${kind}`, 'text-anchor': 'end' }, KIND_TITLE[kind]),
    ];
    spans.forEach((sp, i) => {
      const { s, x0, w, heal } = sp;
      if (heal) {
        const x1 = xIn(f, heal.atMs);
        if (x1 > x0 + w)
          out.push(
            el(
              'rect',
              {
                class: 'effect fault',
                'data-step': s.index + 1,
                x: x0 + w,
                y: y + 3,
                width: x1 - x0 - w,
                height: BAR - 6,
              },
              tip(stepTip(s, heal)),
            ),
          );
      }
      const cls = `span ${kind}${s.status === 'failed' || s.status === 'unexpected-success' ? ' failed' : ''}${s.status === 'skipped' ? ' skipped' : ''}`;
      out.push(
        el(
          'rect',
          { class: cls, 'data-step': s.index + 1, x: x0, y, width: w, height: BAR, rx: 2 },
          tip(stepTip(s, heal)),
        ),
      );
      const pl = placed[i];
      if (pl)
        out.push(
          el(
            'text',
            {
              x: pl.x,
              y: y + BAR + 10 + pl.line * LINE,
              class: `lbl ${kind}${cls.includes('failed') ? ' failed' : ''}`,
            },
            escapeHtml(sp.text),
          ),
        );
    });
    return out.join('');
  };
  return { height, body };
}

/** The steps lane: one row per kind of step that ran (faults, procedures, waits). */
export function stepsLane(f: Frame, r: ScenarioResult): Lane {
  if (r.steps.length === 0) return noteLane(f, 'steps', 'Steps', 'no step ran');
  const heals = healTimes(r.steps, r.timeline);
  const rows = KINDS.map((k) => ({ k, steps: r.steps.filter((s) => stepKind(s) === k) }))
    .filter((row) => row.steps.length > 0)
    .map((row) => stepRow(f, row.k, row.steps, heals));
  const height = rows.reduce((h, row) => h + row.height, 0);
  return {
    id: 'steps',
    title: '',
    height,
    body: (y) => {
      let at = y;
      return rows
        .map((row) => {
          const svg = row.body(at);
          at += row.height;
          return svg;
        })
        .join('');
    },
  };
}

const EVENT_KINDS = new Set<TimelineEvent['kind']>(['fault', 'procedure']);
const STORY = /^(cluster up|workload)\b|stopped answering/;

/** Events worth a tick: faults, procedures, and the observations that frame the drill (cluster up, workload, a node gone). */
export const storyEvents = (timeline: TimelineEvent[]) =>
  timeline
    .filter((e) => EVENT_KINDS.has(e.kind) || (e.kind === 'observation' && STORY.test(e.message)))
    .sort((a, b) => a.atMs - b.atMs);

/** The events lane: a tick per fault/procedure/framing event, labels where they fit, every message in its tooltip. */
export function eventsLane(f: Frame, r: ScenarioResult): Lane {
  const events = storyEvents(r.timeline);
  if (events.length === 0) return noteLane(f, 'events', 'Events', 'no fault or procedure event was recorded');
  const texts = events.map((e) => clip(e.message, 52));
  const placed = placeLabels(
    events.map((e, i) => ({ x: xIn(f, e.atMs) - 2, width: textWidth(texts[i]!, 10.5) + 2 })),
    5,
    f.right,
  );
  const lines = Math.max(1, ...placed.map((pl) => (pl ? pl.line + 1 : 0)));
  return {
    id: 'events',
    title: 'Events',
    subtitle: 'faults, procedures',
    height: 16 + lines * LINE,
    body: (y) =>
      events
        .map((e, i) => {
          const x = xIn(f, e.atMs);
          const pl = placed[i];
          const who = e.node ? ` [${e.node}]` : '';
          const what = tip(`${formatOffset(e.atMs)} ${e.kind}${who}: ${e.message}`);
          const tick = el('line', { x1: x, x2: x, y1: y, y2: y + 6, class: `ev ${e.kind}` }, what);
          const dot = el('circle', { cx: x, cy: y + 1, r: 2.5, class: `ev-dot ${e.kind}` }, what);
          return (
            tick +
            dot +
            (pl
              ? el(
                  'text',
                  { x: pl.x + 2, y: y + 16 + pl.line * LINE, class: `lbl ev ${e.kind}` },
                  escapeHtml(texts[i]!),
                )
              : '')
          );
        })
        .join(''),
  };
}
