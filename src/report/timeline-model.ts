/**
 * What the report's timeline and scope derive from result.json and samples.json: the kind of each
 * step, when a fault was healed, each node's role over time, each replica's lag, the promotions.
 * Pure functions; times are run offsets in ms.
 */
import type { NodeSample, TimelineEvent } from '../evidence/evidence.ts';
import type { ScenarioResult, StepResult } from '../result/result.ts';

export type StepKind = 'fault' | 'procedure' | 'wait' | 'other';

/** A step's kind from its title ("fault kill primary", "procedure failover", "wait 3s"). */
export function stepKind(step: StepResult): StepKind {
  const word = step.title.split(' ', 1)[0];
  return word === 'fault' || word === 'procedure' || word === 'wait' ? word : 'other';
}

/** A step's title without its kind: "kill primary". */
export const stepLabel = (step: StepResult) =>
  stepKind(step) === 'other' ? step.title : step.title.replace(/^\S+\s*/, '') || step.title;

/** Fault steps that put nothing in force to heal later: they undo others, or are over when they return. */
const NOT_HEALED = /^fault (heal|resume|kill|restart)\b/;
const HEAL_EVENT = /^(healed: |thawed )/;

/**
 * For each fault step, when the fault it put in force was healed, by step index: the first
 * "healed: …"/"thawed …" fault event after the step on the same node, else one without a node
 * that names the fault's kind (e.g. "healed: partition …"), else one that names the step's node.
 * Best effort: a fault never healed explicitly (a kill) has no entry. Each heal event closes one fault.
 */
export function healTimes(
  steps: StepResult[],
  timeline: TimelineEvent[],
): Map<number, { atMs: number; message: string }> {
  const heals = timeline
    .filter((e) => e.kind === 'fault' && HEAL_EVENT.test(e.message))
    .sort((a, b) => a.atMs - b.atMs);
  const used = new Set<TimelineEvent>();
  const out = new Map<number, { atMs: number; message: string }>();
  for (const step of steps) {
    if (stepKind(step) !== 'fault' || NOT_HEALED.test(step.title) || step.status === 'skipped') continue;
    const end = step.startedAtMs + step.durationMs;
    const free = heals.filter((e) => !used.has(e) && e.atMs >= end);
    const kind = step.title.split(' ')[1] ?? '';
    const heal =
      free.find((e) => step.node !== undefined && e.node === step.node) ??
      free.find((e) => e.node === undefined && kind !== '' && e.message.includes(kind)) ??
      free.find((e) => e.node === undefined && (step.node === undefined || e.message.includes(step.node)));
    if (!heal) continue;
    used.add(heal);
    out.set(step.index, { atMs: heal.atMs, message: heal.message });
  }
  return out;
}

export type RoleState = 'primary' | 'replica' | 'unreachable' | 'unknown';

export interface RoleSegment {
  node: string;
  fromMs: number;
  toMs: number;
  state: RoleState;
  timeline: number | null;
}

const stateOf = (s: NodeSample): RoleState => (!s.reachable ? 'unreachable' : (s.role ?? 'unknown'));

/** Nodes in natural order: pg-2 before pg-10. */
export const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** The samples' typical spacing per node (median), for how long the last sample stands. */
function interval(times: number[]): number {
  const gaps = times
    .slice(1)
    .map((t, i) => t - times[i]!)
    .sort((a, b) => a - b);
  return gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 250;
}

/**
 * Each sampled node's role over time, merged while role and timeline stay the same. A sample
 * stands until the next one of its node; a node last seen unreachable stays so until `endMs`
 * (it was no longer answering); a long gap after a reachable sample is left unknown.
 */
export function roleSegments(samples: NodeSample[], endMs: number): Map<string, RoleSegment[]> {
  const byNode = new Map<string, NodeSample[]>();
  for (const s of samples) byNode.set(s.node, [...(byNode.get(s.node) ?? []), s]);
  const out = new Map<string, RoleSegment[]>();
  for (const node of [...byNode.keys()].sort(byName)) {
    const list = byNode.get(node)!.sort((a, b) => a.atMs - b.atMs);
    const step = interval(list.map((s) => s.atMs));
    const segments: RoleSegment[] = [];
    list.forEach((s, i) => {
      const next = list[i + 1];
      const state = stateOf(s);
      let to = next
        ? next.atMs
        : state === 'unreachable'
          ? Math.max(endMs, s.atMs)
          : Math.min(Math.max(endMs, s.atMs), s.atMs + step);
      if (next && state !== 'unreachable' && next.atMs - s.atMs > 3 * step) to = s.atMs + step;
      const last = segments.at(-1);
      if (last && last.state === state && last.timeline === s.timeline && last.toMs >= s.atMs) last.toMs = to;
      else segments.push({ node, fromMs: s.atMs, toMs: to, state, timeline: s.timeline });
    });
    out.set(node, segments);
  }
  return out;
}

export interface LagPoint {
  atMs: number;
  bytes: number | null;
  seconds: number | null;
}

/** Per node that ever reported a lag (a replica), its lag samples in time order; null breaks the line. */
export function lagSeries(samples: NodeSample[]): Map<string, LagPoint[]> {
  const out = new Map<string, LagPoint[]>();
  const replicas = new Set(samples.filter((s) => s.lagBytes !== null).map((s) => s.node));
  for (const node of [...replicas].sort(byName)) {
    out.set(
      node,
      samples.filter((s) => s.node === node).map((s) => ({ atMs: s.atMs, bytes: s.lagBytes, seconds: s.lagSeconds })),
    );
  }
  return out;
}

export interface Promotion {
  atMs: number;
  node: string | null;
  message: string;
}

/** Timeline events that say a node was promoted, with the node when known. */
export function promotions(timeline: TimelineEvent[]): Promotion[] {
  return timeline
    .filter((e) => /\bpromoted\b/i.test(e.message) && e.kind !== 'check')
    .map((e) => ({
      atMs: e.atMs,
      node: e.node ?? /(\S+) (?:was |is )?promoted/.exec(e.message)?.[1] ?? null,
      message: e.message,
    }));
}

/** The run's time span: from 0 to the last thing recorded (steps, samples, client buckets, events). */
export function timeDomain(r: ScenarioResult, samples: NodeSample[]): [number, number] {
  const ends = [
    r.durationMs,
    ...r.steps.map((s) => s.startedAtMs + s.durationMs),
    ...samples.map((s) => s.atMs),
    ...r.timeline.map((e) => e.atMs),
  ];
  const c = r.clients;
  if (c) ends.push(c.startMs + c.acknowledged.length * c.bucketMs);
  return [Math.min(0, ...r.steps.map((s) => s.startedAtMs)), Math.max(1000, ...ends.filter(Number.isFinite))];
}

/** Every node the result or the samples name: sampled nodes, checksummed nodes, step targets, event nodes, log files. */
export function nodeNames(r: ScenarioResult, samples: NodeSample[]): string[] {
  const names = new Set<string>([
    ...samples.map((s) => s.node),
    ...(r.checksums ?? []).map((c) => c.node),
    ...r.steps.flatMap((s) => (s.node ? [s.node] : [])),
    ...r.timeline.flatMap((e) => (e.node ? [e.node] : [])),
    ...r.artifacts.flatMap((a) => /^logs\/(.+)\.log$/.exec(a)?.slice(1) ?? []),
  ]);
  return [...names].sort(byName);
}

export interface RestoredNode {
  node: string;
  fromMs: number;
  toMs: number;
  kind: string;
  timeline: number | null;
  endedAs: string | null;
  passed: boolean | null;
}

/** Nodes a restore, PITR or runbook brought up (not sampled), over the span of their step. */
export function restoredNodes(r: ScenarioResult, sampled: Set<string>): RestoredNode[] {
  return (r.metrics?.recovery.recoveries ?? []).flatMap((x) => {
    const step = r.steps.find((s) => s.index === x.stepIndex);
    if (!step || sampled.has(x.node)) return [];
    return [
      {
        node: x.node,
        fromMs: step.startedAtMs,
        toMs: step.startedAtMs + step.durationMs,
        kind: x.kind,
        timeline: x.timeline,
        endedAs: x.endedAs,
        passed: x.passed,
      },
    ];
  });
}
