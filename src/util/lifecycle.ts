// Clean shutdown: SIGTERM/SIGINT run the registered closers in reverse order
// (servers stop accepting before storage closes), then the process exits 0.
import type { Logger } from './log.js';

type Closer = () => Promise<void> | void;

export class Lifecycle {
  private readonly closers: { name: string; fn: Closer }[] = [];
  private stopping = false;
  private readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(private readonly logger: Logger) {
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  onStop(name: string, fn: Closer): void {
    this.closers.push({ name, fn });
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Installs signal handlers; resolves when shutdown has finished. */
  handleSignals(): Promise<void> {
    const onSignal = (sig: string) => {
      this.logger.info({ signal: sig }, 'received signal, shutting down');
      void this.stop().then(() => process.exit(0));
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
    return this.done;
  }

  async stop(): Promise<void> {
    if (this.stopping) return this.done;
    this.stopping = true;
    for (const c of [...this.closers].reverse()) {
      try {
        await c.fn();
      } catch (e) {
        this.logger.error({ err: e, component: c.name }, 'error during shutdown');
      }
    }
    this.logger.info('shutdown complete');
    this.resolveDone();
  }
}
