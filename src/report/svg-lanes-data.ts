/**
 * The timeline's "what happened" lanes: RTO and its phases, client throughput and errors per
 * second, each node's role and timeline, each replica's lag.
 */
import type { Metrics } from '../checks/types.ts';
import type { NodeSample } from '../evidence/evidence.ts';
import type { ClientSeries } from '../result/result.ts';
import { phasesOf } from '../checks/rto-phases.ts';
import { formatBytes, formatNumber, formatOffset } from './format-values.ts';
import { el, niceCeil, niceCeilBytes, r1, text, textWidth, tip } from './svg-kit.ts';
import { type Frame, type Lane, hline, noteLane, xIn } from './svg-frame.ts';
import { type Promotion, type RestoredNode, type RoleSegment, lagSeries, roleSegments } from './timeline-model.ts';

/** RTO: the fault instant, the first acknowledged write after it, and the phases in between as a stacked bar. */
export function rtoLane(f: Frame, metrics: Metrics | null): Lane {
  const rto = metrics?.rto;
  if (!rto || rto.faultAtMs === null)
    return noteLane(
      f,
      'rto',
      'RTO',
      `RTO not measured: ${rto ? (rto.reason ?? 'no fault instant') : 'the drill did not reach the checks'}`,
    );
  const fault = rto.faultAtMs;
  const ack = rto.firstAckAtMs;
  const { phases } = phasesOf(rto);
  let at = fault;
  const bars =
    ack === null
      ? [{ cls: 'unrecovered', from: fault, to: f.t1, what: 'no acknowledged write after the fault' }]
      : phases.length
        ? phases.map((p) => {
            const from = at;
            at += Math.max(0, p.seconds) * 1000;
            return {
              cls: p.name.replace(' ', '-'),
              from,
              to: at,
              what: `${p.name} ${formatNumber(Math.max(0, p.seconds))} s`,
            };
          })
        : [{ cls: 'total', from: fault, to: ack, what: 'fault → first acknowledged write' }];
  const summary =
    ack === null || rto.seconds === null
      ? 'RTO: no acknowledged write after the fault'
      : `RTO ${formatNumber(rto.seconds)} s${phases.length ? ` = ${phases.map((p) => `${p.name} ${formatNumber(Math.max(0, p.seconds))} s`).join(' + ')}` : ''}`;
  const end = xIn(f, bars.at(-1)!.to);
  const w = textWidth(summary, 10.5);
  const below = end + 6 + w > f.right && xIn(f, fault) - 6 - w < f.left;
  return {
    id: 'rto',
    title: 'RTO',
    subtitle: 'fault → first ack',
    height: below ? 48 : 36,
    body: (y) => {
      const out: string[] = [];
      out.push(text(xIn(f, fault) - 4, y + 10, `fault ${formatOffset(fault)}`, 'mk-lbl rto-fault', 'end'));
      if (ack !== null)
        out.push(text(xIn(f, ack) + 4, y + 10, `first ack ${formatOffset(ack)}`, 'mk-lbl rto-first-ack'));
      for (const b of bars) {
        const x0 = xIn(f, b.from);
        out.push(
          el(
            'rect',
            { class: `rto-phase ${b.cls}`, x: x0, y: y + 16, width: Math.max(2, xIn(f, b.to) - x0), height: 10 },
            tip(`${b.what}: ${formatOffset(b.from)} → ${formatOffset(b.to)}`),
          ),
        );
      }
      // the summary right of the bar, else left of it, else under it
      const end = xIn(f, bars.at(-1)!.to);
      const start = xIn(f, fault);
      const w = textWidth(summary, 10.5);
      if (end + 6 + w <= f.right) out.push(text(end + 6, y + 25, summary, 'rto-sum'));
      else if (start - 6 - w >= f.left) out.push(text(start - 6, y + 25, summary, 'rto-sum', 'end'));
      else out.push(text(Math.max(f.left + 2, Math.min(start, f.right - w)), y + 39, summary, 'rto-sum'));
      return out.join('');
    },
  };
}

const CLIENT_H = 64;

/** Client outcomes per second: acknowledged as an area, failed (red) and unknown (amber) as stacked bars. */
export function clientsLane(f: Frame, clients: ClientSeries | null | undefined): Lane {
  if (!clients || clients.acknowledged.length === 0)
    return noteLane(f, 'clients', 'Clients', 'no workload ran: no client outcome to draw');
  const { startMs, bucketMs } = clients;
  const perS = 1000 / bucketMs;
  const buckets = clients.acknowledged.map((ack, i) => ({
    from: startMs + i * bucketMs,
    to: startMs + (i + 1) * bucketMs,
    ack,
    failed: clients.failed[i] ?? 0,
    unknown: clients.unknown[i] ?? 0,
  }));
  const top = niceCeil(Math.max(...buckets.map((b) => Math.max(b.ack, b.failed + b.unknown) * perS)));
  return {
    id: 'clients',
    title: 'Clients',
    subtitle: 'outcomes per second',
    height: CLIENT_H + 10,
    body: (y) => {
      const base = y + 4 + CLIENT_H;
      const yv = (count: number) => base - ((count * perS) / top) * CLIENT_H;
      const steps = buckets
        .map((b) => `L${r1(xIn(f, b.from))} ${r1(yv(b.ack))}L${r1(xIn(f, b.to))} ${r1(yv(b.ack))}`)
        .join('');
      const x0 = r1(xIn(f, buckets[0]!.from));
      const x1 = r1(xIn(f, buckets.at(-1)!.to));
      const out = [hline(f, y + 4, 'y-grid'), hline(f, base, 'baseline')];
      out.push(el('path', { class: 'throughput-area', d: `M${x0} ${r1(base)}${steps}L${x1} ${r1(base)}Z` }));
      out.push(el('path', { class: 'throughput', d: `M${steps.slice(1)}` }, tip('acknowledged writes per second')));
      for (const b of buckets) {
        const bx = xIn(f, b.from);
        const bw = Math.max(2, xIn(f, b.to) - bx);
        const what = `${formatOffset(b.from)} → ${formatOffset(b.to)}: ${b.ack} acknowledged, ${b.failed} failed, ${b.unknown} unknown`;
        if (b.failed > 0)
          out.push(
            el(
              'rect',
              {
                class: 'errors failed',
                x: bx + bw * 0.2,
                y: yv(b.failed),
                width: bw * 0.6,
                height: base - yv(b.failed),
              },
              tip(what),
            ),
          );
        if (b.unknown > 0)
          out.push(
            el(
              'rect',
              {
                class: 'errors unknown',
                x: bx + bw * 0.2,
                y: yv(b.failed + b.unknown),
                width: bw * 0.6,
                height: yv(b.failed) - yv(b.failed + b.unknown),
              },
              tip(what),
            ),
          );
        out.push(el('rect', { class: 'hover', x: bx, y: y + 4, width: bw, height: CLIENT_H }, tip(what)));
      }
      out.push(text(f.left + 3, y + 14, `${formatNumber(top)}/s`, 'y-lbl'));
      return out.join('');
    },
  };
}

const LAG_H = 56;

/** Replication lag: one line per replica (bytes behind the primary), broken where the replica did not report one. */
export function lagLane(f: Frame, samples: NodeSample[]): Lane {
  const series = lagSeries(samples);
  if (series.size === 0)
    return noteLane(
      f,
      'lag',
      'Replica lag',
      samples.length ? 'no replica reported a lag' : 'no node samples (samples.json absent): no lag to draw',
    );
  const max = Math.max(0, ...[...series.values()].flat().map((p) => p.bytes ?? 0));
  const top = niceCeilBytes(max);
  return {
    id: 'lag',
    title: 'Replica lag',
    subtitle: 'bytes behind primary',
    height: LAG_H + 12,
    body: (y) => {
      const base = y + 8 + LAG_H;
      const yv = (b: number) => base - (b / top) * LAG_H;
      const out = [hline(f, y + 8, 'y-grid'), hline(f, base, 'baseline')];
      out.push(text(f.left + 3, y + 18, formatBytes(top), 'y-lbl'));
      let legendX = f.right;
      for (const [node, points] of [...series].reverse()) {
        const d = points
          .map((p, i) =>
            p.bytes === null
              ? ''
              : `${i === 0 || points[i - 1]!.bytes === null ? 'M' : 'L'}${r1(xIn(f, p.atMs))} ${r1(yv(p.bytes))}`,
          )
          .join('')
          .replace(/M([\d.]+) ([\d.]+)(?=M|$)/g, 'M$1 $2h0.1');
        const peak = points.reduce((m, p) => ((p.bytes ?? -1) > (m.bytes ?? -1) ? p : m), points[0]!);
        const secs = Math.max(0, ...points.map((p) => p.seconds ?? 0));
        const what = `${node}: replication lag, max ${formatBytes(peak.bytes ?? 0)} at ${formatOffset(peak.atMs)}; at most ${formatNumber(secs)} s of replay behind`;
        out.push(el('path', { class: 'lag-line', 'data-node': node, d, stroke: f.color(node) }, tip(what)));
        const w = textWidth(node, 10) + 22;
        legendX -= w;
        out.push(
          el('line', { x1: legendX, x2: legendX + 14, y1: y + 3, y2: y + 3, stroke: f.color(node), class: 'lag-key' }),
          text(legendX + 17, y + 6, node, 'key-lbl'),
        );
      }
      return out.join('');
    },
  };
}

const ROW = 18;
const GAP = 5;
const ROLE_TEXT: Record<RoleSegment['state'], [string, string]> = {
  primary: ['primary', 'P'],
  replica: ['replica', 'R'],
  unreachable: ['unreachable', '✗'],
  unknown: ['unknown', '?'],
};

/** The label inside a role segment: the longest that fits of `primary · TL2`, `P2`, nothing. */
function roleText(s: RoleSegment, width: number): string {
  const [long, short] = ROLE_TEXT[s.state];
  const tl = s.timeline === null || s.state === 'unreachable' ? '' : String(s.timeline);
  for (const t of [tl ? `${long} · TL${tl}` : long, `${short}${tl}`]) if (textWidth(t, 10) + 6 <= width) return t;
  return '';
}

/** Roles and timelines: per sampled node a band coloured by role, its timeline number, and a diamond per promotion; restored nodes over their step. */
export function rolesLane(f: Frame, samples: NodeSample[], promos: Promotion[], restored: RestoredNode[]): Lane {
  const segments = roleSegments(samples, f.t1);
  if (segments.size === 0 && restored.length === 0)
    return noteLane(f, 'roles', 'Roles', 'no node samples (samples.json absent): roles not drawn');
  const nodes = [...segments.keys()];
  const rowLabel = (node: string, ry: number) =>
    el('circle', { cx: f.left - 10, cy: ry + ROW / 2, r: 4, fill: f.color(node) }) +
    text(f.left - 18, ry + 13, node, 'row-title node', 'end');
  return {
    id: 'roles',
    title: '',
    height: (nodes.length + restored.length) * (ROW + GAP),
    body: (y) => {
      const out: string[] = [];
      nodes.forEach((node, i) => {
        const ry = y + i * (ROW + GAP);
        const marks = promos.filter((q) => q.node === node).map((q) => xIn(f, q.atMs));
        out.push(rowLabel(node, ry));
        for (const s of segments.get(node)!) {
          const x0 = xIn(f, s.fromMs);
          const w = Math.max(1, xIn(f, s.toMs) - x0);
          const what = `${node}: ${s.state}${s.timeline !== null && s.state !== 'unreachable' ? ` on timeline ${s.timeline}` : ''}, ${formatOffset(s.fromMs)} → ${formatOffset(s.toMs)}`;
          out.push(
            el('rect', { class: `role ${s.state}`, 'data-node': node, x: x0, y: ry, width: w, height: ROW }, tip(what)),
          );
          // a promotion diamond at the segment's start pushes its label right
          const lx = Math.max(x0 + 4, ...marks.filter((m) => m >= x0 - 8 && m <= x0 + 10).map((m) => m + 9));
          const t = roleText(s, w - (lx - x0 - 4));
          if (t) out.push(text(lx, ry + 13, t, `role-lbl ${s.state}`));
        }
        for (const q of promos.filter((q) => q.node === node)) out.push(diamond(f, q, ry + ROW / 2));
      });
      restored.forEach((x, i) => {
        const ry = y + (nodes.length + i) * (ROW + GAP);
        const x0 = xIn(f, x.fromMs);
        const w = Math.max(2, xIn(f, x.toMs) - x0);
        const words = `${x.kind}${x.timeline !== null ? ` · TL${x.timeline}` : ''}${x.endedAs ? ` · ${x.endedAs}` : ''}`;
        const verdict =
          x.passed === true
            ? 'equal to its snapshot'
            : x.passed === false
              ? 'DIFFERS from its snapshot'
              : 'not compared';
        out.push(rowLabel(x.node, ry));
        out.push(
          el(
            'rect',
            {
              class: `role restored${x.passed === false ? ' failed' : ''}`,
              'data-node': x.node,
              x: x0,
              y: ry,
              width: w,
              height: ROW,
            },
            tip(`${x.node}: ${words}, ${verdict}, ${formatOffset(x.fromMs)} → ${formatOffset(x.toMs)}`),
          ),
        );
        const tw = textWidth(words, 10);
        out.push(
          tw + 8 <= w
            ? text(x0 + 4, ry + 13, words, 'role-lbl restored')
            : x0 + w + 4 + tw <= f.right
              ? text(x0 + w + 4, ry + 13, words, 'role-lbl restored')
              : text(x0 - 4, ry + 13, words, 'role-lbl restored', 'end'),
        );
      });
      for (const q of promos.filter((p) => p.node === null || !nodes.includes(p.node)))
        out.push(diamond(f, q, y + ROW / 2));
      return out.join('');
    },
  };
}

function diamond(f: Frame, p: Promotion, cy: number): string {
  const px = xIn(f, p.atMs);
  return el(
    'path',
    { class: 'promotion', d: `M${r1(px)} ${r1(cy - 8)}l6 8l-6 8l-6 -8z` },
    tip(`${formatOffset(p.atMs)}: ${p.message}`),
  );
}
