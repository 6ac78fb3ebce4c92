/** The fault-catalogue keys: netem lag, `observe`, `expect.observed` and `expect.workload`. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.ts';
import { issueAt, issuesOf } from './test-example.ts';

const FILE = '/drills/catalogue.yaml';

/** Line 6 holds the step; whatever `tail` adds starts on line 7. */
const scenario = (step: string, tail = '') => `name: catalogue
topology:
  postgres: {version: 15, replicas: 1, archive: true}
workload: {clients: 2}
steps:
  - ${step}
${tail}`;

const load = (step: string, tail = '') => parseScenario(scenario(step, tail), FILE);
const problem = (step: string, tail: string, path: string) => issueAt(issuesOf(scenario(step, tail), FILE), path);

describe('fault: lag via netem', () => {
  it.each([
    ['{fault: lag, target: replica, delay: 200ms}', { delayMs: 200 }],
    ['{fault: lag, target: replica, loss: 5}', { lossPercent: 5 }],
    ['{fault: lag, target: replica, loss: 5%}', { lossPercent: 5 }],
    ['{fault: lag, target: replica, delay: 1.5s, loss: 0.5%}', { delayMs: 1_500, lossPercent: 0.5 }],
    ['{fault: lag, target: replica, bandwidth: 64kbit, loss: 100}', { bandwidth: '64kbit', lossPercent: 100 }],
  ])('%s resolves to milliseconds and a percentage', (step, keys) => {
    const [resolved] = load(step).steps;
    expect(resolved).toMatchObject({ type: 'fault', fault: 'lag', target: 'replica', ...keys });
    expect(resolved).not.toHaveProperty('delay');
    expect(resolved).not.toHaveProperty('loss');
  });

  it.each([
    ['{fault: lag, target: replica, delay: 0s}', 'steps[0].delay', 42, 'must be longer than 0'],
    ['{fault: lag, target: replica, delay: 200}', 'steps[0].delay', 42, 'add a unit (h, m, s, ms), e.g. 200s'],
    ['{fault: lag, target: replica, loss: 150}', 'steps[0].loss', 41, 'must be at most 100'],
    ['{fault: lag, target: replica, loss: -1}', 'steps[0].loss', 41, 'must be at least 0'],
    [
      '{fault: lag, target: replica, loss: 101%}',
      'steps[0].loss',
      41,
      'invalid percentage "101%": must be from 0 to 100',
    ],
    ['{fault: lag, target: replica, loss: "5"}', 'steps[0].loss', 41, 'invalid percentage "5": add "%", e.g. 5%'],
    [
      '{fault: lag, target: replica, loss: lots}',
      'steps[0].loss',
      41,
      'invalid percentage "lots": write a number from 0 to 100, optionally with "%", e.g. 5 or 5%',
    ],
    [
      '{fault: lag, target: replica, loss: true}',
      'steps[0].loss',
      41,
      'expected a percentage from 0 to 100, e.g. 5 or 5%',
    ],
    [
      '{fault: lag, target: replica, loss: 0}',
      'steps[0]',
      5,
      'lag needs `bandwidth: 64kbit`, `applyDelay: 30s`, `pauseReplay: true`, `delay: 200ms` or `loss: 5%`',
    ],
    [
      '{fault: kill, target: primary, delay: 1s}',
      'steps[0].delay',
      36,
      'unknown key "delay" (allowed here: fault, target, expectFailure, bestEffort)',
    ],
    [
      '{fault: lag, target: primary, delay: 1s}',
      'steps[0].target',
      26,
      'lag makes a replica fall behind: target a replica',
    ],
  ])('%s → %s', (step, path, column, message) => {
    expect(problem(step, '', path)).toEqual({ line: 6, column, message });
  });
});

describe('observe', () => {
  it('defaults to sampling every 250 ms, with or without the section', () => {
    expect(load('wait: 1s').observe).toEqual({ intervalMs: 250 });
    expect(load('wait: 1s', 'observe: {}\n').observe).toEqual({ intervalMs: 250 });
  });

  it.each([
    ['50ms', 50],
    ['1s', 1_000],
    ['10s', 10_000],
  ])('interval %s → %d ms', (interval, intervalMs) => {
    expect(load('wait: 1s', `observe:\n  interval: ${interval}\n`).observe).toEqual({ intervalMs });
  });

  it.each([
    ['  interval: 49ms', 'observe.interval', 13, 'must be at least 50ms'],
    ['  interval: 10001ms', 'observe.interval', 13, 'must be at most 10s'],
    ['  interval: 1', 'observe.interval', 13, 'add a unit (h, m, s, ms), e.g. 1s'],
    [
      '  interval: often',
      'observe.interval',
      13,
      'invalid duration "often": write a number with a unit (h, m, s, ms), e.g. 500ms, 5s, 0.5s, 2m, 1m30s, 1h',
    ],
    ['  every: 1s', 'observe.every', 3, 'unknown key "every" (allowed here: interval)'],
  ])('%s → %s', (line, path, column, message) => {
    expect(problem('wait: 1s', `observe:\n${line}\n`, path)).toEqual({ line: 8, column, message });
  });

  it('is a mapping', () => {
    expect(problem('wait: 1s', 'observe: 1s\n', 'observe')).toEqual({
      line: 7,
      column: 10,
      message: 'expected a mapping (key: value), got "1s"',
    });
  });
});

describe('expect.observed and expect.workload', () => {
  const expectations = `expect:
  observed:
    maxLagBytes: 16MB
    maxLagSeconds: {min: 1}
    archiveFailures: {min: 1, max: 10}
    maxWalBytes: {min: 512kB, max: 1GiB}
    walReceiverDrops: 0
  workload:
    acknowledged: {min: 100}
    failed: 0
    unknown: 5
    maxStallSeconds: 2.5
`;

  it('resolves every bound: bare numbers and sizes are upper bounds, sizes become bytes, also inside {min, max}', () => {
    expect(load('wait: 1s', expectations).expect).toEqual({
      observed: {
        maxLagBytes: { max: 16 * 1024 ** 2 },
        maxLagSeconds: { min: 1 },
        archiveFailures: { min: 1, max: 10 },
        maxWalBytes: { min: 512 * 1024, max: 1024 ** 3 },
        walReceiverDrops: { max: 0 },
      },
      workload: { acknowledged: { min: 100 }, failed: { max: 0 }, unknown: { max: 5 }, maxStallSeconds: { max: 2.5 } },
    });
  });

  it('takes plain byte counts and sizes with a space, PostgreSQL-style', () => {
    const text = 'expect:\n  observed: {maxLagBytes: {min: 1, max: 8 MB}, maxWalBytes: 1048576}\n';
    expect(load('wait: 1s', text).expect.observed).toEqual({
      maxLagBytes: { min: 1, max: 8 * 1024 ** 2 },
      maxWalBytes: { max: 1_048_576 },
    });
  });

  const BAD_BOUND = 'expected a number (an upper bound) or {min: X, max: Y}';
  const BAD_SIZE_BOUND =
    'expected a size (a number of bytes, or e.g. 512kB, 16MB, 1GB, 16MiB) as an upper bound, or {min: X, max: Y}';
  it.each([
    [
      'observed',
      'maxLagBytes: 16mb',
      'maxLagBytes',
      18,
      'invalid size "16mb": write a number with a unit (B, kB, KB, MB, MiB, GB, GiB), e.g. 512kB, 16MB, 1GB, 16MiB (did you mean MB?)',
    ],
    [
      'observed',
      'maxLagBytes: "64"',
      'maxLagBytes',
      18,
      'invalid size "64": add a unit (B, kB, MB, GB), e.g. 64MB, or write a plain number of bytes',
    ],
    ['observed', 'maxLagBytes: -1', 'maxLagBytes', 18, 'must be at least 0'],
    ['observed', 'maxLagBytes: true', 'maxLagBytes', 18, BAD_SIZE_BOUND],
    ['observed', 'maxLagBytes: {min: 1GB, max: 1MB}', 'maxLagBytes', 18, 'min is greater than max'],
    [
      'observed',
      'maxLagBytes: {min: 1zB}',
      'maxLagBytes.min',
      24,
      'invalid size "1zB": write a number with a unit (B, kB, KB, MB, MiB, GB, GiB), e.g. 512kB, 16MB, 1GB, 16MiB',
    ],
    [
      'observed',
      'maxWalBytes: {max: [1MB]}',
      'maxWalBytes.max',
      24,
      'expected a number of bytes or a size such as 512kB, 16MB, 1GB, 16MiB',
    ],
    ['observed', 'maxWalBytes: {}', 'maxWalBytes', 18, 'state min, max or both'],
    ['observed', 'maxLagSeconds: 5s', 'maxLagSeconds', 20, BAD_BOUND],
    ['observed', 'archiveFailures: {min: 3, max: 1}', 'archiveFailures', 22, 'min is greater than max'],
    ['observed', 'walReceiverDrops: many', 'walReceiverDrops', 23, BAD_BOUND],
    ['observed', 'maxLagByte: 1MB', 'maxLagByte', 5, 'unknown key "maxLagByte" (did you mean "maxLagBytes"?)'],
    ['workload', 'acknowledged: lots', 'acknowledged', 19, BAD_BOUND],
    ['workload', 'failed: {max: -1, min: 0}', 'failed', 13, 'min is greater than max'],
    ['workload', 'unknown: "3"', 'unknown', 14, BAD_BOUND],
    ['workload', 'maxStallSeconds: 2s', 'maxStallSeconds', 22, BAD_BOUND],
    [
      'workload',
      'throughput: 10',
      'throughput',
      5,
      'unknown key "throughput" (allowed here: acknowledged, failed, unknown, maxStallSeconds, latencyP99, readYourWritesViolations)',
    ],
  ])('expect.%s: %s → %s', (section, line, key, column, message) => {
    expect(problem('wait: 1s', `expect:\n  ${section}:\n    ${line}\n`, `expect.${section}.${key}`)).toEqual({
      line: 9,
      column,
      message,
    });
  });

  describe('that the topology rules out', () => {
    it('workload expectations need a workload', () => {
      const text = scenario('wait: 1s', 'expect:\n  workload: {failed: 0}\n').replace('workload: {clients: 2}\n', '');
      expect(issueAt(issuesOf(text, FILE), 'expect.workload')).toEqual({
        line: 7,
        column: 13,
        message: 'the scenario has no `workload`: no write is made, so there is nothing to count',
      });
    });

    it('reads expectations need reads', () => {
      const text = scenario('wait: 1s', 'expect:\n  reads: {stale: 0}\n');
      expect(issueAt(issuesOf(text, FILE), 'expect.reads')).toMatchObject({
        message: 'the workload makes no read: add `reads: {from: replicas}` under `workload` for these expectations',
      });
    });

    it('archiveFailures needs an archive', () => {
      const text = scenario('wait: 1s', 'expect:\n  observed:\n    archiveFailures: {min: 1}\n').replace(
        ', archive: true',
        '',
      );
      expect(issueAt(issuesOf(text, FILE), 'expect.observed.archiveFailures')).toEqual({
        line: 9,
        column: 22,
        message: 'archiveFailures needs topology.postgres.archive: true',
      });
    });

    it.each(['maxLagBytes', 'maxLagSeconds', 'walReceiverDrops'])('%s needs a replica', (key) => {
      const text = scenario('wait: 1s', `expect:\n  observed:\n    ${key}: {min: 1}\n`).replace(
        'replicas: 1',
        'replicas: 0',
      );
      expect(issueAt(issuesOf(text, FILE), `expect.observed.${key}`).message).toBe(
        `${key} is measured on replicas: it needs topology.postgres.replicas >= 1`,
      );
    });
  });
});
