import { describe, expect, it } from 'vitest';
import { StatusLine } from './status-line.ts';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, write: (t: string) => written.push(t), isTTY, columns: 80 };
}

describe('StatusLine', () => {
  it('on a terminal, redraws the status in place and keeps it below each progress line', () => {
    const out = stream(true);
    const status = new StatusLine(out, {});
    status.update('kill-primary  ▶ wait 2s  1.0s');
    status.line('▶ fault kill primary');
    status.clear();
    expect(out.written).toEqual([
      '\r\x1b[2Kkill-primary  ▶ wait 2s  1.0s',
      '\r\x1b[2K▶ fault kill primary\nkill-primary  ▶ wait 2s  1.0s',
      '\r\x1b[2K',
    ]);
  });

  it('off a terminal (or in CI), writes plain lines only and never a status', () => {
    for (const [tty, env] of [
      [false, {}],
      [true, { CI: 'true' }],
    ] as const) {
      const out = stream(tty);
      const status = new StatusLine(out, env);
      status.update('status');
      status.line('▶ fault kill primary');
      status.clear();
      expect(out.written).toEqual(['▶ fault kill primary\n']);
    }
  });
});
