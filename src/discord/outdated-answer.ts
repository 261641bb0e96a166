import type { IndexInfo } from '../engine-types.ts';
import { answerOutdated } from '../index-changes.ts';
import type { CachedAnswer } from './answer-cache.ts';

/**
 * Whether a kept answer may no longer match the article: the index was rebuilt since and
 * a document it quoted changed or went (for a "does not say", any document changed).
 */
export function isOutdated(cached: CachedAnswer, current: IndexInfo): boolean {
  const { answer } = cached;
  const docs = answer.kind === 'declined' ? [] : [...new Set([...answer.citations, ...answer.more].map((citation) => citation.doc))];
  return answerOutdated(docs, cached.info, current);
}
