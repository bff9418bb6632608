// Time as the client sees it: `now()` and an abortable `sleep()`. Pacing and retry waits go through
// a Clock so tests can drive time; request timeouts use real timers because they bound real I/O.

export interface Clock {
  /** Milliseconds since the epoch (or any fixed origin; only differences matter). */
  now(): number;
  /**
   * Resolves after `ms`, or rejects promptly once `signal` aborts (with the signal's reason).
   * A test clock must honour the signal too, or cancellation during a wait will hang.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** setTimeout fires at once for delays above 2^31-1 ms; longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      let remaining = Math.max(0, ms);
      let timer: NodeJS.Timeout;
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const arm = (): void => {
        const step = Math.min(remaining, MAX_TIMER_MS);
        remaining -= step;
        timer = setTimeout(() => {
          if (remaining > 0) return arm();
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, step);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
    });
  },
};
