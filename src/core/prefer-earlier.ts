import type { ResolvedFollowUp } from './follow-up.ts';
import type { RankedCandidate } from './rank.ts';
import { TUNING } from './tuning.ts';

/**
 * The ranking of a follow-up, from the ranker's: each candidate in the earlier
 * answer's section gains `TUNING.followUpSection`, and in its very paragraph
 * `TUNING.followUpParagraph` more, in ranker logits. A new question about the
 * same subject (`how: 'adds'`) rarely has the answer the asker just read: a
 * sentence of the earlier first quote that does not hold the kind of answer now
 * asked for loses `TUNING.followUpRead` (and gains nothing as its paragraph).
 * Best first again. Run between the ranker and the decision, so that the decision
 * reads the follow-up's ranking. Null, or no earlier quote, leaves the ranking as is.
 */
export function preferEarlier(ranked: readonly RankedCandidate[], followUp: ResolvedFollowUp | null): readonly RankedCandidate[] {
  const place = followUp?.prefer ?? null;
  if (followUp === null || place === null) return ranked;
  return ranked
    .map((candidate) => {
      const { sentence } = candidate;
      if (sentence.chunk.doc !== place.doc) return candidate;
      const read = sentence.start < place.end && place.start < sentence.end;
      let gain = sentence.chunk.section === place.section ? TUNING.followUpSection : 0;
      if (read && followUp.how === 'adds' && candidate.kind !== 'found') gain -= candidate.kind === 'missing' ? TUNING.followUpReadMissing : TUNING.followUpRead;
      else if (sentence.chunk.paragraph === place.paragraph && !read) gain += TUNING.followUpParagraph;
      return gain === 0 ? candidate : { ...candidate, score: candidate.score + gain };
    })
    .sort((a, b) => b.score - a.score || a.sentence.id - b.sentence.id);
}
