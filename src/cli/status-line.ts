/**
 * Progress on stderr. On a terminal, a status line at the bottom is redrawn in place (step,
 * elapsed time, tx/s, lag) and ordinary progress lines scroll above it; anywhere else — CI logs,
 * pipes — only the plain lines are written, one per event, nothing redrawn.
 */
import { type LiveStatus, renderLiveStatus } from '../run/live-status.ts';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export class StatusLine {
  private status = '';
  private readonly live: boolean;

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.live = Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
  }

  /** the width a status line may take */
  get width(): number {
    return Math.max(20, (this.stream.columns ?? 100) - 1);
  }

  /** A progress line: printed above the status line, which is drawn again below it. */
  line = (text: string): void => {
    if (this.live && this.status) this.stream.write(`\r\x1b[2K${text}\n${this.status}`);
    else this.stream.write(`${text}\n`);
  };

  /** Replaces the status line (a terminal only). */
  update = (text: string): void => {
    if (!this.live) return;
    this.status = text;
    this.stream.write(`\r\x1b[2K${text}`);
  };

  /** Removes the status line, e.g. before the verdict is printed. */
  clear(): void {
    if (this.live && this.status) this.stream.write('\r\x1b[2K');
    this.status = '';
  }
}

/**
 * The status line of drills running side by side (`run -j N`): each drill's own status, in the
 * order they started, sharing the width; one drill alone gets the whole line as before. Their
 * progress lines carry the scenario's name already, so they stay apart as they scroll.
 */
export class LiveStatuses {
  private readonly running = new Map<string, LiveStatus>();

  constructor(private readonly statusLine: StatusLine) {}

  line = (text: string): void => this.statusLine.line(text);

  update(scenario: string, live: LiveStatus): void {
    this.running.set(scenario, live);
    this.redraw();
  }

  /** The drill ended: its status goes; the line goes with the last one. */
  done(scenario: string): void {
    this.running.delete(scenario);
    if (this.running.size === 0) this.statusLine.clear();
    else this.redraw();
  }

  private redraw(): void {
    const all = [...this.running.values()];
    const width = Math.floor((this.statusLine.width - 3 * (all.length - 1)) / all.length);
    this.statusLine.update(all.map((live) => renderLiveStatus(live, width)).join(' │ '));
  }
}
