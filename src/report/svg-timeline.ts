/**
 * The drill's timeline as one inline SVG: what was done (steps, events), what it cost (RTO, client
 * outcomes per second) and what the cluster did (each node's role and timeline, each replica's
 * lag), on one time axis with the RTO's fault instant and first acknowledged write marked across
 * every lane. No script, no external reference, no url(): it prints and it passes the page's CSP.
 */
import type { NodeSample } from '../evidence/evidence.ts';
import type { ScenarioResult } from '../result/result.ts';
import { escapeHtml } from './html-kit.ts';
import { formatOffset } from './format-values.ts';
import { el, scale, text, textWidth, tickLabel, timeTicks, tip } from './svg-kit.ts';
import { type Frame, type Lane, NODE_PALETTE } from './svg-frame.ts';
import { eventsLane, stepsLane } from './svg-lanes-steps.ts';
import { faultWindows, latencyLane } from './svg-lane-latency.ts';
import { clientsLane, lagLane, rolesLane, rtoLane } from './svg-lanes-data.ts';
import { healTimes, nodeNames, promotions, restoredNodes, stepKind, timeDomain } from './timeline-model.ts';

export const WIDTH = 1100;
const LEFT = 150;
const RIGHT_PAD = 18;
const AXIS_H = 24;
const LANE_GAP = 12;

/** Legend entries: a swatch (markup at x, y) and its words. */
type Key = [swatch: (x: number, y: number) => string, label: string];
const box = (cls: string) => (x: number, y: number) =>
  el('rect', { class: `swatch ${cls}`, x, y: y - 9, width: 16, height: 10, rx: 1 });
const stroke = (cls: string) => (x: number, y: number) =>
  el('line', { class: `swatch ${cls}`, x1: x, x2: x + 16, y1: y - 4, y2: y - 4 });

/** The legend: a key for each kind of mark this timeline actually draws. */
function legendKeys(r: ScenarioResult, samples: NodeSample[]): Key[] {
  const keys: Key[] = [];
  const add = (when: boolean, ...more: Key[]) => when && keys.push(...more);
  const kinds = new Set(r.steps.map(stepKind));
  add(kinds.has('fault'), [box('span fault'), 'fault step']);
  add(healTimes(r.steps, r.timeline).size > 0, [box('effect fault'), 'fault in force until healed']);
  add(kinds.has('procedure'), [box('span procedure'), 'procedure step']);
  add(kinds.has('wait'), [box('span wait'), 'wait step']);
  const c = r.clients;
  add(!!c && c.acknowledged.length > 0, [box('throughput-area'), 'acknowledged writes/s']);
  add(!!c && c.failed.some((n) => n > 0), [box('errors failed'), 'failed writes/s']);
  add(!!c && c.unknown.some((n) => n > 0), [box('errors unknown'), 'unknown outcome/s']);
  add(
    !!c?.latencyMs?.max.some((v) => v !== null),
    [stroke('latency p50'), 'commit latency p50'],
    [stroke('latency p99'), 'p99'],
    [stroke('latency max'), 'max'],
  );
  add(!!c?.latencyMs && faultWindows(r).length > 0, [box('fault-window'), 'fault in force (latency)']);
  add(
    samples.some((x) => x.reachable && x.role === 'primary'),
    [box('role primary'), 'primary'],
  );
  add(
    samples.some((x) => x.reachable && x.role === 'replica'),
    [box('role replica'), 'replica'],
  );
  add(
    samples.some((x) => !x.reachable),
    [box('role unreachable'), 'unreachable'],
  );
  add(restoredNodes(r, new Set(samples.map((x) => x.node))).length > 0, [
    box('role restored'),
    'restored node (restore / PITR)',
  ]);
  add(promotions(r.timeline).length > 0, [
    (x, y) => el('path', { class: 'swatch promotion', d: `M${x + 8} ${y - 12}l6 8l-6 8l-6 -8z` }),
    'promotion',
  ]);
  const rto = r.metrics?.rto;
  add(rto?.faultAtMs != null, [stroke('marker rto-fault'), 'RTO fault instant']);
  add(rto?.firstAckAtMs != null, [stroke('marker rto-first-ack'), 'first acknowledged write']);
  add(rto?.faultAtMs != null && rto.firstAckAtMs != null && rto.detectionSeconds !== null, [
    box('rto-phase detection'),
    'RTO: detection',
  ]);
  add(
    rto?.faultAtMs != null && rto.firstAckAtMs != null && rto.promotionSeconds !== null,
    [box('rto-phase promotion'), 'RTO: promotion'],
    [box('rto-phase client-recovery'), 'RTO: client recovery'],
  );
  add(
    rto?.faultAtMs != null &&
      rto.firstAckAtMs != null &&
      rto.detectionSeconds === null &&
      rto.promotionSeconds === null,
    [box('rto-phase total'), 'RTO: fault → first ack'],
  );
  add(rto?.faultAtMs != null && rto.firstAckAtMs == null, [box('rto-phase unrecovered'), 'not recovered']);
  return keys;
}

/** The legend laid out in rows under the plot; returns markup and height. */
function legend(keys: Key[], y: number): { svg: string; height: number } {
  const out: string[] = [];
  let x = LEFT;
  let row = 0;
  for (const [swatch, label] of keys) {
    const w = 24 + textWidth(label, 10.5) + 18;
    if (x + w > WIDTH - RIGHT_PAD && x > LEFT) {
      x = LEFT;
      row += 1;
    }
    const ly = y + 14 + row * 18;
    out.push(el('g', { class: 'key' }, swatch(x, ly) + text(x + 22, ly, label, 'key-lbl')));
    x += w;
  }
  return {
    svg: el('g', { class: 'legend' }, text(LEFT - 8, y + 14, 'Legend', 'lane-title', 'end') + out.join('')),
    height: 14 + (row + 1) * 18,
  };
}

function axis(f: Frame, ticks: number[], stepMs: number, y: number, labelY: number): string {
  const labels = ticks.map((t) => text(f.x(t), labelY, tickLabel(t, stepMs), 'tick', 'middle')).join('');
  return el('g', { class: 'axis' }, el('line', { x1: f.left, x2: f.right, y1: y, y2: y, class: 'axis-line' }) + labels);
}

function marker(
  f: Frame,
  ms: number | null | undefined,
  cls: string,
  what: string,
  top: number,
  bottom: number,
): string {
  if (ms === null || ms === undefined) return '';
  const x = f.x(ms);
  return el(
    'line',
    { class: `marker ${cls}`, x1: x, x2: x, y1: top, y2: bottom },
    `<title>${escapeHtml(`${what} ${formatOffset(ms)}`)}</title>`,
  );
}

/** The timeline SVG for one scenario; `samples` may be empty (no roles, no lag then). */
export function renderTimelineSvg(r: ScenarioResult, samples: NodeSample[]): string {
  const [t0, t1] = timeDomain(r, samples);
  const nodes = nodeNames(r, samples);
  const f: Frame = {
    x: scale(t0, t1, LEFT, WIDTH - RIGHT_PAD),
    left: LEFT,
    right: WIDTH - RIGHT_PAD,
    t0,
    t1,
    color: (n) => NODE_PALETTE[Math.max(0, nodes.indexOf(n)) % NODE_PALETTE.length]!,
  };
  const lanes: Lane[] = [
    stepsLane(f, r),
    eventsLane(f, r),
    rtoLane(f, r.metrics),
    clientsLane(f, r.clients),
    latencyLane(f, r),
    rolesLane(f, samples, promotions(r.timeline), restoredNodes(r, new Set(samples.map((s) => s.node)))),
    lagLane(f, samples),
  ];
  const { ticks, stepMs } = timeTicks(t0, t1);
  const top = AXIS_H;
  let y = top + 8;
  const body: string[] = [];
  for (const lane of lanes) {
    const head = lane.title
      ? text(LEFT - 8, y + 12, lane.title, 'lane-title', 'end') +
        (lane.subtitle ? text(LEFT - 8, y + 24, lane.subtitle, 'lane-sub', 'end') : '')
      : '';
    body.push(el('g', { class: 'lane', 'data-lane': lane.id }, head + lane.body(y)));
    y += lane.height + LANE_GAP;
    body.push(el('line', { class: 'lane-sep', x1: 8, x2: WIDTH - 8, y1: y - LANE_GAP / 2, y2: y - LANE_GAP / 2 }));
  }
  body.pop();
  const bottom = y - LANE_GAP / 2;
  const grid = ticks.map((t) => el('line', { class: 'grid', x1: f.x(t), x2: f.x(t), y1: top, y2: bottom })).join('');
  const rto = r.metrics?.rto;
  const markers =
    marker(f, rto?.faultAtMs, 'rto-fault', 'RTO fault instant', top, bottom) +
    marker(f, rto?.firstAckAtMs, 'rto-first-ack', 'first acknowledged write after the fault', top, bottom);
  const key = legend(legendKeys(r, samples), bottom + 22);
  const height = Math.ceil(bottom + 22 + key.height + 8);
  const label = `Timeline of ${r.scenario}: steps, events, RTO, client outcomes, commit latency, roles and replication lag over ${formatOffset(t1)} of run time`;
  return el(
    'svg',
    {
      class: 'timeline',
      viewBox: `0 0 ${WIDTH} ${height}`,
      width: WIDTH,
      height,
      role: 'img',
      'aria-label': label,
      'font-family': 'system-ui, -apple-system, Segoe UI, sans-serif',
      'font-size': 11,
    },
    [
      tip(label),
      grid,
      markers,
      axis(f, ticks, stepMs, top, top - 8),
      text(LEFT - 8, top - 8, 'run time', 'lane-sub', 'end'),
      body.join(''),
      axis(f, ticks, stepMs, bottom, bottom + 14),
      key.svg,
    ].join(''),
  );
}
