import { describe, expect, it } from 'vitest';
import { ReporterMultiplexer } from './multiplexer.ts';
import type { Reporter, ReporterFailure } from './reporter.ts';
import { PASSED, makeRun } from './test-run.ts';

describe('ReporterMultiplexer', () => {
  it('calls every reporter in order, and one that throws neither stops the others nor goes unreported', async () => {
    const calls: string[] = [];
    const told: ReporterFailure[] = [];
    const broken: Reporter = {
      name: 'broken',
      onScenarioEnd() {
        throw new Error('renderer exploded');
      },
      async onEnd() {
        throw new Error('disk full');
      },
    };
    const recorder = (name: string): Reporter => ({
      name,
      onBegin: () => void calls.push(`${name}.begin`),
      onScenarioEnd: ({ result }) => void calls.push(`${name}.${result.scenario}`),
      onEnd: async () => void calls.push(`${name}.end`),
    });
    const mux = new ReporterMultiplexer([recorder('a'), broken, recorder('manifest')], (f) => told.push(f));
    await mux.onBegin({ runId: 'r', reportDir: '/tmp', scenarios: [] });
    await mux.onScenarioEnd({
      result: PASSED,
      dir: '/tmp',
      source: { file: PASSED.file, steps: [], expectations: {} },
      logs: {},
      attachments: {},
    });
    await mux.onEnd(makeRun());
    expect(calls).toEqual([
      'a.begin',
      'manifest.begin',
      'a.kill-primary',
      'manifest.kill-primary',
      'a.end',
      'manifest.end',
    ]);
    expect(told.map((f) => `${f.reporter}.${f.hook}: ${(f.error as Error).message}`)).toEqual([
      'broken.onScenarioEnd: renderer exploded',
      'broken.onEnd: disk full',
    ]);
    expect(mux.failures).toEqual(told);
  });

  it('reports nothing when no reporter fails', async () => {
    const mux = new ReporterMultiplexer([{ name: 'quiet' }]);
    await mux.onEnd(makeRun());
    expect(mux.failures).toEqual([]);
  });
});
