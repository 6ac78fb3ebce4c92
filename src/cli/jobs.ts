/**
 * How many drills `pgdrill run` runs at once (`-j N`). A drill is mostly waiting on its
 * cluster, so one per CPU core keeps a machine busy without starving the clusters whose timings
 * the drills measure; each also needs memory for its containers.
 */
import { availableParallelism, totalmem } from 'node:os';
import { UsageError } from '../errors.ts';

/** What one drill's containers may take at once: a Patroni cluster with etcd and HAProxy, under load. */
export const MEMORY_PER_DRILL = 1.5 * 1024 ** 3;

export interface Machine {
  cpus: number;
  memoryBytes: number;
}

export const thisMachine = (): Machine => ({ cpus: availableParallelism(), memoryBytes: totalmem() });

/** What the machine can hold: one drill per core, at most one per MEMORY_PER_DRILL, at least one. */
export function machineJobs(machine: Machine): number {
  return Math.max(1, Math.min(machine.cpus, Math.floor(machine.memoryBytes / MEMORY_PER_DRILL)));
}

/** `--jobs` as given (a positive whole number), or what the machine can hold; never more than there are drills. */
export function resolveJobs(given: string | undefined, drills: number, machine: Machine = thisMachine()): number {
  let jobs = machineJobs(machine);
  if (given !== undefined) {
    if (!/^[1-9]\d*$/.test(given.trim()))
      throw new UsageError(`--jobs must be a whole number of drills, 1 or more (got ${JSON.stringify(given)})`);
    jobs = Number(given.trim());
  }
  return Math.max(1, Math.min(jobs, drills));
}
