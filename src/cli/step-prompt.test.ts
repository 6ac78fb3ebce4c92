import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stepPrompt } from './step-prompt.ts';

const next = (number: number) => ({
  number,
  title: `fault kill primary`,
  line: 30 + number,
  state: ['pg-1 primary · pg-2 replica'],
});

describe('--step', () => {
  it('shows the next step and the cluster, and waits for Enter; c runs the rest without stopping', async () => {
    const input = new PassThrough();
    let said = '';
    const prompt = stepPrompt(input, (t) => {
      said += t;
    });
    let passed = false;
    const first = prompt.beforeStep(next(1)).then(() => (passed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(passed).toBe(false); // waiting
    expect(said).toContain('⏸ next: step 1: fault kill primary (line 31)');
    expect(said).toContain('  pg-1 primary · pg-2 replica');
    input.write('\n');
    await first;
    input.write('c\n');
    await prompt.beforeStep(next(2));
    said = '';
    await prompt.beforeStep(next(3)); // no wait, nothing shown
    expect(said).toBe('');
    prompt.close();
  });

  it('runs on when its input closes', async () => {
    const input = new PassThrough();
    const prompt = stepPrompt(input, () => {});
    input.end();
    await prompt.beforeStep(next(1));
    await prompt.beforeStep(next(2));
    prompt.close();
  });
});
