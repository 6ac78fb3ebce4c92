import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { MEMORY_PER_DRILL, machineJobs, resolveJobs } from './jobs.ts';

const GB = 1024 ** 3;

describe('machineJobs', () => {
  it('runs one drill per core when memory allows', () => {
    expect(machineJobs({ cpus: 2, memoryBytes: 23 * GB })).toBe(2);
    expect(machineJobs({ cpus: 16, memoryBytes: 64 * GB })).toBe(16);
  });

  it('runs fewer where memory is short, never none', () => {
    expect(machineJobs({ cpus: 8, memoryBytes: 4 * GB })).toBe(Math.floor((4 * GB) / MEMORY_PER_DRILL));
    expect(machineJobs({ cpus: 4, memoryBytes: 1 * GB })).toBe(1);
  });
});

describe('resolveJobs', () => {
  const machine = { cpus: 2, memoryBytes: 23 * GB };

  it('defaults to what the machine holds, but never more than there are drills', () => {
    expect(resolveJobs(undefined, 10, machine)).toBe(2);
    expect(resolveJobs(undefined, 1, machine)).toBe(1);
  });

  it('takes a given count, beyond the machine too', () => {
    expect(resolveJobs('3', 10, machine)).toBe(3);
    expect(resolveJobs('1', 10, machine)).toBe(1);
  });

  it('refuses anything but a positive whole number, as a usage error', () => {
    for (const bad of ['0', '-1', '1.5', 'two', ''])
      expect(() => resolveJobs(bad, 10, machine), bad).toThrow(UsageError);
    expect(() => resolveJobs('0', 10, machine)).toThrow(/--jobs must be a whole number/);
  });
});
