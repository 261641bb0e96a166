import { randomBytes } from 'node:crypto';
import type { Answer } from '../core/types.ts';
import type { IndexInfo } from '../engine-types.ts';

/** A reply that carries feedback buttons: anything but an invalid question. */
export type ButtonedAnswer = Exclude<Answer, { kind: 'invalid' }>;

/** An answer the bot sent, kept so that its buttons can work. */
export interface CachedAnswer {
  readonly answer: ButtonedAnswer;
  /** The index the answer came from. */
  readonly info: IndexInfo;
  /** The question as understood (see `understoodQuestion`): what a follow-up to this answer follows. */
  readonly understood: string;
}

/** Recent answers by id, for the feedback and "More from the article" buttons. */
export interface AnswerCache {
  /** Keeps an answer and returns its new id (short, safe in a button custom id). */
  add(entry: CachedAnswer): string;
  get(answerId: string): CachedAnswer | undefined;
}

/** A cache of the last `capacity` answers; older ones are forgotten (their "More" button then says so). */
export function createAnswerCache(capacity: number): AnswerCache {
  const entries = new Map<string, CachedAnswer>();
  return {
    add(entry) {
      const answerId = randomBytes(6).toString('base64url');
      entries.set(answerId, entry);
      for (const oldest of entries.keys()) {
        if (entries.size <= capacity) break;
        entries.delete(oldest);
      }
      return answerId;
    },
    get(answerId) {
      return entries.get(answerId);
    },
  };
}
