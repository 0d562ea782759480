// At most N queries evaluate at once (--query.max-concurrency); the rest wait
// in FIFO order, as Prometheus's active query tracker gates them. A waiter
// whose signal fires leaves the queue with the signal's reason.

export class QueryGate {
  private active = 0;
  private readonly waiting: { grant: () => void; reject: (e: unknown) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new Error(`query concurrency must be at least 1, got ${max}`);
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const w: (typeof this.waiting)[number] = {
        grant: () => resolve(this.releaser()),
        reject,
        signal,
      };
      if (signal) {
        w.onAbort = () => {
          const i = this.waiting.indexOf(w);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.waiting.push(w);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      if (next) {
        // The slot passes straight to the next waiter.
        if (next.signal && next.onAbort) next.signal.removeEventListener('abort', next.onAbort);
        next.grant();
      } else {
        this.active--;
      }
    };
  }
}
