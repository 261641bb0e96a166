import type { Provenance } from './provenance.ts';

/** Provenance records of the bot's recent replies, by the id of the message that carries the reply. */
export interface ProvenanceStore {
  add(messageId: string, record: Provenance): void;
  /** The record of a reply, or undefined when it was never kept, pushed out by newer ones, or too old. */
  get(messageId: string): Provenance | undefined;
  readonly size: number;
}

/**
 * Keeps the records of the last `maxReplies` replies, none older than `maxAgeMs`. In memory
 * only: a restart forgets them. `maxReplies` 0 keeps nothing.
 */
export function createProvenanceStore({ maxReplies, maxAgeMs, now = Date.now }: { maxReplies: number; maxAgeMs: number; now?: () => number }): ProvenanceStore {
  const entries = new Map<string, { record: Provenance; keptAt: number }>();
  const forgetOld = () => {
    const oldest = now() - maxAgeMs;
    for (const [id, entry] of entries) {
      if (entries.size > maxReplies || entry.keptAt < oldest) entries.delete(id);
      else break;
    }
  };
  return {
    add(messageId, record) {
      if (maxReplies === 0) return;
      entries.delete(messageId);
      entries.set(messageId, { record, keptAt: now() });
      forgetOld();
    },
    get(messageId) {
      forgetOld();
      return entries.get(messageId)?.record;
    },
    get size() {
      return entries.size;
    },
  };
}
