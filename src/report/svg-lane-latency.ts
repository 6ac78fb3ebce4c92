/**
 * The timeline's latency lane, Jepsen's latency plot in small: the commit latency of the
 * acknowledged writes per second (p50, p99, max) on a log scale, with the time each fault was in
 * force shaded, so what a fault did to the writes that still got through is seen beside it.
 */
import type { ScenarioResult } from '../result/result.ts';
import { formatNumber, formatOffset } from './format-values.ts';
import { type Frame, type Lane, hline, noteLane, xIn } from './svg-frame.ts';
import { el, niceCeil, r1, text, tip } from './svg-kit.ts';
import { healTimes, stepKind } from './timeline-model.ts';

const LATENCY_H = 56;
const SERIES = ['p50', 'p99', 'max'] as const;

/** When each fault was in force: from its step to its heal, or to its step's end when nothing healed it (a kill). */
export function faultWindows(r: ScenarioResult): { fromMs: number; toMs: number; title: string }[] {
  const heals = healTimes(r.steps, r.timeline);
  return r.steps
    .filter((s) => stepKind(s) === 'fault' && s.status !== 'skipped' && !/^fault (heal|resume)\b/.test(s.title))
    .map((s) => ({
      fromMs: s.startedAtMs,
      toMs: heals.get(s.index)?.atMs ?? s.startedAtMs + s.durationMs,
      title: `step ${s.index + 1}: ${s.title}`,
    }));
}

export function latencyLane(f: Frame, r: ScenarioResult): Lane {
  const series = r.clients;
  const latency = series?.latencyMs;
  if (!series || !latency || latency.max.every((v) => v === null))
    return noteLane(f, 'latency', 'Latency', 'no acknowledged write: no commit latency to draw');
  const top = niceCeil(Math.max(...latency.max.map((v) => v ?? 0), 1));
  // log scale from 0.1 ms: a 2 ms commit and a 2 s stall both stay readable
  const floor = 0.1;
  const span = Math.log10(top / floor);
  const windows = faultWindows(r);
  return {
    id: 'latency',
    title: 'Latency',
    subtitle: 'commit p50 · p99 · max',
    height: LATENCY_H + 10,
    body: (y) => {
      const base = y + 4 + LATENCY_H;
      const yv = (ms: number) => base - (Math.log10(Math.max(ms, floor) / floor) / span) * LATENCY_H;
      const out = [hline(f, y + 4, 'y-grid'), hline(f, base, 'baseline')];
      for (const w of windows) {
        const x0 = xIn(f, w.fromMs);
        out.push(
          el(
            'rect',
            { class: 'fault-window', x: x0, y: y + 4, width: Math.max(2, xIn(f, w.toMs) - x0), height: LATENCY_H },
            tip(`${w.title}: in force ${formatOffset(w.fromMs)} → ${formatOffset(w.toMs)}`),
          ),
        );
      }
      for (const name of SERIES) {
        const values = latency[name];
        let d = '';
        let pen = false;
        values.forEach((v, i) => {
          if (v === null) {
            pen = false; // no write acknowledged in this second: the line breaks
            return;
          }
          const x = r1(xIn(f, series.startMs + (i + 0.5) * series.bucketMs));
          d += `${pen ? 'L' : 'M'}${x} ${r1(yv(v))}`;
          pen = true;
        });
        if (d) out.push(el('path', { class: `latency ${name}`, d }, tip(`commit latency ${name}, per second`)));
      }
      out.push(text(f.left + 3, y + 14, `${formatNumber(top)} ms`, 'y-lbl'));
      out.push(text(f.left + 3, base - 3, `${floor} ms`, 'y-lbl'));
      return out.join('');
    },
  };
}
