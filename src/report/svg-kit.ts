/**
 * Geometry and markup helpers for the inline SVG timeline: a linear time scale, nice ticks,
 * elements with escaped attributes, tooltips, and labels placed so they do not overlap.
 */
import { escapeHtml } from './html-kit.ts';

/** Coordinates rounded to 0.1 px: smaller markup, same picture. */
export const r1 = (n: number) => String(Math.round(n * 10) / 10);

type Attr = string | number | undefined | null | false;

/** An element with escaped attribute values (undefined/null/false ones left out); children are markup. */
export function el(tag: string, attrs: Record<string, Attr>, children?: string): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== null && v !== false)
    .map(([k, v]) => ` ${k}="${escapeHtml(typeof v === 'number' ? r1(v) : String(v))}"`)
    .join('');
  return children === undefined ? `<${tag}${a}/>` : `<${tag}${a}>${children}</${tag}>`;
}

/** A tooltip: SVG's <title> child. */
export const tip = (text: string) => `<title>${escapeHtml(text)}</title>`;

/** Text at (x, y); `anchor` start|middle|end. */
export function text(
  x: number,
  y: number,
  content: string,
  cls: string,
  anchor: 'start' | 'middle' | 'end' = 'start',
): string {
  return el('text', { x, y, class: cls, 'text-anchor': anchor === 'start' ? undefined : anchor }, escapeHtml(content));
}

/** A linear map from [d0, d1] to [r0, r1]. */
export function scale(d0: number, d1: number, r0: number, r1_: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1_ - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

const STEPS_S = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

/** Tick positions (ms) for a span of run time: about `target` of them, at 1-2-5 or minute steps. */
export function timeTicks(t0: number, t1: number, target = 12): { ticks: number[]; stepMs: number } {
  const spanS = Math.max(0.001, (t1 - t0) / 1000);
  const stepS = STEPS_S.find((s) => spanS / s <= target) ?? Math.ceil(spanS / target / 3600) * 3600;
  const stepMs = stepS * 1000;
  const ticks: number[] = [];
  for (let t = Math.ceil(t0 / stepMs) * stepMs; t <= t1 + 1e-6; t += stepMs) ticks.push(Math.round(t * 1000) / 1000);
  return { ticks, stepMs };
}

/** A tick's label: `2.5s`, `30s`, or `2:30` once steps are whole minutes. */
export function tickLabel(ms: number, stepMs: number): string {
  if (stepMs >= 60_000) {
    const s = Math.round(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }
  return `${Number((ms / 1000).toFixed(stepMs < 1000 ? 1 : 0))}s`;
}

/** The smallest 1-2-5 number ≥ v (the top of a value axis); 1 for v ≤ 0. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  return ([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * mag >= v - 1e-9) ?? 10) * mag;
}

/** niceCeil for bytes, in the unit a label will use (kB = 1024): 88944 B → 100 kB = 102400. */
export function niceCeilBytes(v: number): number {
  if (!(v > 0)) return 1024;
  let unit = 1;
  while (v / unit >= 1024 && unit < 1024 ** 4) unit *= 1024;
  return niceCeil(v / unit) * unit;
}

/** A rough width of `s` in px at the timeline's 11px sans-serif. */
export const textWidth = (s: string, px = 11) => s.length * px * 0.56;

/** `s` cut to `max` characters with an ellipsis. */
export const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Greedy label placement: each label (left edge `x`, `width`) goes on the first of `lines` where
 * it does not overlap the previous one; null when none is free (its tooltip still tells).
 * Labels must be given left to right. Returns each label's line and left edge (shifted left to stay within `right`).
 */
export function placeLabels(
  items: { x: number; width: number }[],
  lines: number,
  right: number,
): ({ line: number; x: number } | null)[] {
  const ends: number[] = Array.from({ length: lines }, () => -Infinity);
  return items.map(({ x, width }) => {
    const left = Math.min(x, right - width);
    const line = ends.findIndex((end) => left >= end + 6);
    if (line < 0) return null;
    ends[line] = left + width;
    return { line, x: left };
  });
}
