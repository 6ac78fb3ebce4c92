/**
 * The corrupt fault finds what it does: a replica's damaged heap page is refused by PostgreSQL's
 * data checksums and reported by pg_amcheck, and the table checksums differ. The drill fails on
 * `checksums` by design; a pass would mean the corruption went unseen.
 */
import { describe, expect, it } from 'vitest';
import { expectExit, leftoverContainers, pgdrill, readResult, tempDir, timelineMessages } from './pgdrill-cli.ts';

describe('scenarios/faults/corrupt-replica.yaml', () => {
  it('fails on checksums, as it declares, with the replica’s table unreadable, with PostgreSQL’s and pg_amcheck’s evidence', async () => {
    const reportDir = await tempDir('corrupt-replica');
    const run = await pgdrill(['run', 'scenarios/faults/corrupt-replica.yaml', '--report-dir', reportDir]);
    // declared xfail on checksums: failing that way is the drill holding, exit 0
    await expectExit(run, 0);
    expect(run.stdout).toContain('FAILED AS EXPECTED corrupt-replica');

    const result = await readResult(reportDir, 'corrupt-replica');
    expect(result).toMatchObject({ status: 'passed', verdict: 'failed' });
    expect(result.expectedFailure?.outcome, result.expectedFailure?.detail).toBe('failed-as-expected');
    expect(result.steps.every((s) => s.status === 'ok')).toBe(true);
    expect(result.expectations.find((e) => e.name === 'checksums')).toMatchObject({ verdict: 'failed' });
    expect(result.metrics?.checksums.match).toBe(false);
    expect(result.metrics?.checksums.differences).toEqual([
      expect.objectContaining({ table: 'public.pgdrill_writes', node: 'pg-2', kind: 'unreadable' }),
    ]);
    const timeline = timelineMessages(result).join('\n');
    expect(timeline).toMatch(
      /inverted 8 byte\(s\) at offset \d+ of base\/\d+\/\d+ \(pgdrill_writes, block 0\) on pg-2/,
    );
    expect(timeline).toMatch(/invalid page in block 0/);
    // 15 reports the checksum ('page verification failed'), 17 and 18 the unreadable page
    expect(timeline).toMatch(/pg_amcheck: .*(page verification failed|invalid page in block 0)/);
    // nothing else broke: the primary kept every acknowledged write
    expect(result.expectations.find((e) => e.name === 'rpo.lostTransactions')?.verdict).toBe('held');
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});
