/** The event handlers still running, so that shutdown can wait for them. */
export interface InFlight {
  /** Follows `work` until it settles. `work` must not reject. */
  track(work: Promise<void>): void;
  readonly size: number;
  /** Resolves true once all tracked work settled, or false after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  const running = new Set<Promise<void>>();
  return {
    track(work) {
      running.add(work);
      void work.finally(() => running.delete(work));
    },
    get size() {
      return running.size;
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        // Handlers started while draining are refused quickly but still tracked: loop until none is left.
        while (running.size > 0) {
          const settled = await Promise.race([Promise.allSettled([...running]).then(() => true), timedOut]);
          if (!settled) return false;
        }
        return true;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
