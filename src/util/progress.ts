// Progress of long work (imports, compaction, analysis). On a terminal it
// redraws one status line on stderr; otherwise it logs a JSON line at most
// every `intervalMs`, so progress shows in both interactive and daemon use.
import type { Logger } from './log.js';

export class Progress {
  private done = 0;
  private lastReport = 0;
  private readonly start = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly what: string,
    private total: number | undefined,
    private readonly logger?: Logger,
    private readonly intervalMs = 5000,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = !logger && Boolean(stream.isTTY);
  }

  setTotal(total: number): void {
    this.total = total;
  }

  add(n: number): void {
    this.done += n;
    const now = Date.now();
    if (now - this.lastReport >= (this.tty ? 200 : this.intervalMs)) {
      this.lastReport = now;
      this.report(false);
    }
  }

  finish(): void {
    this.report(true);
  }

  private report(final: boolean): void {
    const elapsed = (Date.now() - this.start) / 1000;
    const pct = this.total ? Math.min(100, (100 * this.done) / this.total) : undefined;
    if (this.logger) {
      this.logger.info({ task: this.what, done: this.done, total: this.total, percent: pct && Number(pct.toFixed(1)), elapsedSeconds: Number(elapsed.toFixed(1)), final }, 'progress');
      return;
    }
    if (!this.tty) return;
    const line = `${this.what}: ${this.done}${this.total ? `/${this.total} (${pct!.toFixed(1)}%)` : ''} ${elapsed.toFixed(1)}s`;
    this.stream.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
  }
}
