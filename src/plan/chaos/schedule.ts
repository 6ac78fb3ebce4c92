/**
 * Chaos spec → schedules, with fast-check: the arbitrary every schedule of a scenario comes from
 * (so an exploration, its replay by seed and its shrinking all speak one language), and one
 * schedule drawn from a seed. Pure: node names in, a serialisable list of faults out.
 */
import fc from 'fast-check';
import type { ChaosFault, ChaosNodes, ChaosSpec, MsRange, ScheduledFault } from '../../model/chaos.ts';

/** A fault as fast-check draws it, before its target is turned into nodes. */
interface DrawnFault {
  entry: number;
  target: string;
  /** where in the candidates a random target lands (shrinks towards the first) */
  pick: number;
  gapMs: number;
  lastingMs: number;
}

const msBetween = ({ min, max }: MsRange) => fc.integer({ min, max }).map((ms) => Math.round(ms / 100) * 100);

function drawnFault(spec: ChaosSpec, entry: number): fc.Arbitrary<DrawnFault> {
  const fault = spec.faults[entry] as ChaosFault;
  return fc.record({
    entry: fc.constant(entry),
    target: fc.constantFrom(...fault.targets),
    pick: fc.nat({ max: 1_000 }),
    gapMs: msBetween(spec.gapMs),
    lastingMs: msBetween(spec.lastingMs),
  });
}

/** Every schedule `spec` allows on a cluster of `nodes`: shrinking drops faults, shortens them and moves targets to the first. */
export function scheduleArbitrary(spec: ChaosSpec, nodes: ChaosNodes): fc.Arbitrary<ScheduledFault[]> {
  const one = fc.oneof(...spec.faults.map((_, entry) => drawnFault(spec, entry)));
  return fc
    .array(one, { minLength: spec.count.min, maxLength: spec.count.max })
    .map((drawn) => withinLimits(spec, drawn).map((d) => scheduled(spec, nodes, d)));
}

/** The schedule a seed gives: what `explore --seed S --runs 1` runs first. */
export function drawSchedule(spec: ChaosSpec, nodes: ChaosNodes, seed: number): ScheduledFault[] {
  const [schedule] = fc.sample(scheduleArbitrary(spec, nodes), { seed, numRuns: 1 });
  return schedule ?? [];
}

/** Drops the faults of an entry beyond its `max`, in schedule order. */
function withinLimits(spec: ChaosSpec, drawn: DrawnFault[]): DrawnFault[] {
  const used = new Map<number, number>();
  return drawn.filter((d) => {
    const n = (used.get(d.entry) ?? 0) + 1;
    used.set(d.entry, n);
    return n <= (spec.faults[d.entry]?.max ?? Number.POSITIVE_INFINITY);
  });
}

function scheduled(spec: ChaosSpec, nodes: ChaosNodes, d: DrawnFault): ScheduledFault {
  const fault = spec.faults[d.entry] as ChaosFault;
  return {
    entry: d.entry,
    fault: fault.fault,
    target: d.target,
    nodes: targetNodes(d.target, nodes, d.pick),
    gapMs: d.gapMs,
    lastingMs: d.lastingMs,
  };
}

/**
 * A target's nodes: roles stay roles (they resolve when the fault fires), random selectors are
 * drawn from the names with `pick`, a node name is itself.
 */
export function targetNodes(target: string, nodes: ChaosNodes, pick: number): string[] {
  const choose = (names: string[]) => (names.length === 0 ? [] : [names[pick % names.length] as string]);
  switch (target) {
    case 'replica':
      return ['replica-1'];
    case 'one':
      return choose(nodes.postgres);
    case 'dcs':
      return choose(nodes.dcs);
    case 'proxy':
      return choose(nodes.proxies);
    case 'minority':
      return minority(nodes.postgres, pick);
    case 'minority-third':
      return rotation(nodes.postgres, pick, Math.max(1, Math.floor(nodes.postgres.length / 3)));
    case 'majority':
      return rotation(nodes.postgres, pick, Math.floor(nodes.postgres.length / 2) + 1);
    case 'all':
      return [...nodes.postgres];
    case 'majorities-ring':
      return nthPermutation([...nodes.postgres, ...nodes.dcs], pick);
    default:
      return [target];
  }
}

/** Fewer than half of `names` (at least one), chosen by `pick`: a rotation of the sorted names. */
export function minority(names: string[], pick: number): string[] {
  return rotation(names, pick, Math.max(1, Math.floor((names.length - 1) / 2)));
}

/** `size` of `names`, chosen by `pick`: a rotation of the sorted names, cut to size. */
function rotation(names: string[], pick: number, size: number): string[] {
  if (names.length === 0) return [];
  const start = pick % names.length;
  return [...names.slice(start), ...names.slice(0, start)].slice(0, size).sort();
}

/**
 * The `pick`-th ordering of `names` (factorial number system, wrapping round): rings drawn from
 * different picks differ, and pick 0, where fast-check shrinks to, is the names in order.
 */
export function nthPermutation(names: readonly string[], pick: number): string[] {
  const left = [...names];
  const out: string[] = [];
  let rest = pick;
  while (left.length > 0) {
    const i = rest % left.length;
    rest = Math.floor(rest / left.length);
    out.push(left.splice(i, 1)[0] as string);
  }
  return out;
}
