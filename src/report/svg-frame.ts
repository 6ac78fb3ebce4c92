/** The shared frame of the timeline's lanes: the time scale, the plot's edges, each node's colour. */
import { el, text } from './svg-kit.ts';

export interface Frame {
  /** run offset (ms) → x */
  x: (ms: number) => number;
  /** the plot's left and right edges; labels go left of `left` */
  left: number;
  right: number;
  t0: number;
  t1: number;
  /** a node's colour, the same in every lane */
  color: (node: string) => string;
}

/** One horizontal band of the timeline: its gutter title, height, and markup drawn from its top `y`. */
export interface Lane {
  id: string;
  title: string;
  subtitle?: string;
  height: number;
  body: (y: number) => string;
}

/** Colours for nodes, chosen to stay apart from the role and step colours. */
export const NODE_PALETTE = ['#8250df', '#bf3989', '#0e8a16', '#bc4c00', '#1b7c83', '#6e7781', '#953800', '#0550ae'];

/** A lane that only says why there is nothing to draw. */
export function noteLane(f: Frame, id: string, title: string, note: string): Lane {
  return { id, title, height: 24, body: (y) => text(f.left + 4, y + 16, note, 'note') };
}

/** A thin bar across the plot at `y` (a lane's baseline or separator). */
export const hline = (f: Frame, y: number, cls: string) =>
  el('line', { x1: f.left, x2: f.right, y1: y, y2: y, class: cls });

/** x of `ms`, kept inside the plot. */
export const xIn = (f: Frame, ms: number) => Math.min(f.right, Math.max(f.left, f.x(ms)));
