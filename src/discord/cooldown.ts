/** Per-user spacing between questions. */
export interface Cooldown {
  /**
   * Starts the user's cooldown and returns 0 when they may ask now; otherwise leaves
   * it running and returns the whole seconds they still have to wait.
   */
  take(userId: string): number;
}

/** A cooldown of `seconds` per user (0 disables it). Expired entries are dropped as it goes. */
export function createCooldown(seconds: number, now: () => number = Date.now): Cooldown {
  const readyAt = new Map<string, number>();
  return {
    take(userId) {
      if (seconds <= 0) return 0;
      const at = now();
      const until = readyAt.get(userId);
      if (until !== undefined && until > at) return Math.ceil((until - at) / 1000);
      for (const [user, time] of readyAt) if (time <= at) readyAt.delete(user);
      readyAt.set(userId, at + seconds * 1000);
      return 0;
    },
  };
}
