import type { IndexInfo } from '../engine-types.ts';
import { indexChanges, type IndexChanges } from '../index-changes.ts';

/** The builds the bot has seen served, to say what the last rebuild changed. */
export interface IndexHistory {
  /** Notes the build being served now; a build other than the last one seen is a rebuild, whose changes are returned (null otherwise). */
  observe(info: IndexInfo): IndexChanges | null;
  /** What the last rebuild the bot saw changed, or null before any. */
  lastChange(): IndexChanges | null;
}

/** An empty history: the first build observed is the one the bot started with. */
export function createIndexHistory(): IndexHistory {
  let current: IndexInfo | null = null;
  let last: IndexChanges | null = null;
  return {
    observe(info) {
      if (current === null || info.version === current.version) {
        current = info;
        return null;
      }
      last = indexChanges(current, info);
      current = info;
      return last;
    },
    lastChange: () => last,
  };
}
