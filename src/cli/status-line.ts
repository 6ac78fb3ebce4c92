/**
 * Progress on stderr. On a terminal, a status line at the bottom is redrawn in place (step,
 * elapsed time, tx/s, lag) and ordinary progress lines scroll above it; anywhere else — CI logs,
 * pipes — only the plain lines are written, one per event, nothing redrawn.
 */
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
