/** A drill whose target cannot hold must fail with exit 1 and name the expectation. */
import { describe, expect, it } from 'vitest';
import { expectExit, leftoverContainers, pgdrill, readResult, tempDir } from './pgdrill-cli.ts';

describe('test/self-test/impossible-rto.yaml', () => {
  it('fails with exit 1 and names rto.maxSeconds', async () => {
    const reportDir = await tempDir('impossible-rto');
    const run = await pgdrill(['run', 'test/self-test/impossible-rto.yaml', '--report-dir', reportDir]);
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

describe('test/self-test/unmeasured-rto.yaml', () => {
  it('exits 1 and shows rto.maxSeconds as NOT MEASURED with why, never FAILED with a number', async () => {
    const reportDir = await tempDir('unmeasured-rto');
    const run = await pgdrill(['run', 'test/self-test/unmeasured-rto.yaml', '--report-dir', reportDir]);
    await expectExit(run, 1);
    expect(run.stdout).toMatch(/NOT MEASURED self-test-unmeasured-rto/);
    expect(run.stdout).toMatch(/rto\.maxSeconds .* NOT MEASURED \(no fault cut the clients off writing\)/);
    expect(run.stdout).not.toMatch(/FAILED/);

    const result = await readResult(reportDir, 'self-test-unmeasured-rto');
    expect(result).toMatchObject({ status: 'failed', verdict: 'not-measured' });
    expect(result.expectations.find((e) => e.name === 'rto.maxSeconds')).toMatchObject({
      actual: null,
      passed: false,
      verdict: 'not-measured',
      why: 'no fault cut the clients off writing',
    });
    // what could be measured still held
    expect(result.expectations.filter((e) => e.name !== 'rto.maxSeconds').map((e) => e.verdict)).toEqual([
      'held',
      'held',
    ]);
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});

describe('test/self-test/lone-node-checksums.yaml', () => {
  it('exits 1 with checksums and convergence NOT MEASURED when the only replica is dead, never a pass', async () => {
    const reportDir = await tempDir('lone-node-checksums');
    const run = await pgdrill(['run', 'test/self-test/lone-node-checksums.yaml', '--report-dir', reportDir]);
    await expectExit(run, 1);
    expect(run.stdout).toMatch(/NOT MEASURED self-test-lone-node-checksums/);

    const result = await readResult(reportDir, 'self-test-lone-node-checksums');
    expect(result).toMatchObject({ status: 'failed', verdict: 'not-measured' });
    expect(result.metrics!.checksums).toMatchObject({ match: null, nodes: ['pg-1'] });
    expect(result.expectations.map((e) => [e.name, e.verdict, e.actual])).toEqual([
      ['rpo.lostTransactions', 'held', 0],
      ['checksums', 'not-measured', null],
      ['convergence.within', 'not-measured', null],
    ]);
    const why = (name: string) => {
      const e = result.expectations.find((x) => x.name === name);
      return e?.verdict === 'not-measured' ? e.why : undefined;
    };
    expect(why('checksums')).toBe('only pg-1 was read and no other node is live: nothing to compare it with');
    expect(why('convergence.within')).toMatch(/^no live replica of pg-1 when the last `wait: converged` ran/);
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});
