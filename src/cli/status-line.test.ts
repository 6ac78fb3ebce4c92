import { describe, expect, it } from 'vitest';
import { LiveStatuses, StatusLine } from './status-line.ts';
import type { LiveStatus } from '../run/live-status.ts';

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

describe('LiveStatuses', () => {
  const live = (scenario: string, step: string): LiveStatus => ({
    scenario,
    step,
    elapsedMs: 1_000,
    txPerSecond: null,
    replicas: [],
  });

  it("shows every running drill's status side by side within the width, and clears when the last ends", () => {
    const out = stream(true);
    const statuses = new LiveStatuses(new StatusLine(out, {}));
    statuses.update('kill-primary', live('kill-primary', 'wait 2s'));
    statuses.update('switchover', live('switchover', 'procedure switchover'));
    const both = out.written.at(-1)!.replace('\r\x1b[2K', '');
    // 38 columns each: the longer one is cut, as a single status is at the full width
    expect(both).toBe('kill-primary  ▶ wait 2s  1.0s │ switchover  ▶ procedure switchover  1…');
    expect(both.length).toBeLessThanOrEqual(79);
    statuses.done('kill-primary');
    expect(out.written.at(-1)).toBe('\r\x1b[2Kswitchover  ▶ procedure switchover  1.0s');
    statuses.done('switchover');
    expect(out.written.at(-1)).toBe('\r\x1b[2K');
  });
});
