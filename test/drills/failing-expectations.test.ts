/** A drill whose target cannot hold must fail with exit 1 and name the expectation. */
import { describe, expect, it } from 'vitest';
import { expectExit, leftoverContainers, pgdrill, readResult, tempDir } from './pgdrill-cli.ts';

describe('scenarios/self-test/impossible-rto.yaml', () => {
  it('fails with exit 1 and names rto.maxSeconds', async () => {
    const reportDir = await tempDir('impossible-rto');
    const run = await pgdrill(['run', 'scenarios/self-test/impossible-rto.yaml', '--report-dir', reportDir]);
    await expectExit(run, 1);
    expect(run.stdout).toMatch(/FAILED/);
    expect(run.stdout).toMatch(/rto\.maxSeconds/);

    const result = await readResult(reportDir, 'self-test-impossible-rto');
    expect(result.status).toBe('failed');
    const rto = result.expectations.find((e) => e.name === 'rto.maxSeconds');
    expect(rto).toMatchObject({ passed: false, expected: '<= 0.001' });
    expect(rto!.actual).toBeGreaterThan(0.001);
    // the other expectation was met: only the impossible one fails
    expect(result.expectations.find((e) => e.name === 'splitBrain')?.passed).toBe(true);
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});
