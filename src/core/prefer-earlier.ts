import type { ResolvedFollowUp } from './follow-up.ts';
import type { RankedCandidate } from './rank.ts';
import type { RetrievalCorpus, SentenceRecord } from './retrieve.ts';
import { TUNING } from './tuning.ts';

/**
 * The ranking of a follow-up, from the ranker's, in ranker logits: each candidate
 * in the earlier answer's section gains `TUNING.followUpSection`; in its very
 * paragraph `TUNING.followUpParagraph` more; right before or after the earlier
 * first quote `TUNING.followUpNeighbour` more (where a story goes on about the
 * same thing). A new question about the same subject (`how: 'adds'`) rarely has
 * the answer the asker just read: a sentence of the earlier first quote that does
 * not hold the kind of answer now asked for loses `TUNING.followUpRead`, unless
 * it is `ownFirst`: the sentence the follow-up's own words, read without the
 * earlier question, rank first. Then the new question points at what was read
 * (a second fact of the same quote), and only the earlier subject pulled away.
 * Best first again. Run between the ranker and the decision, so that the decision
 * reads the follow-up's ranking. Null, or no earlier quote, leaves the ranking as is.
 */
export function preferEarlier(ranked: readonly RankedCandidate[], followUp: ResolvedFollowUp | null, ownFirst: number | null = null): readonly RankedCandidate[] {
  const place = followUp?.prefer ?? null;
  if (followUp === null || place === null) return ranked;
  const isRead = (candidate: RankedCandidate) => candidate.sentence.chunk.doc === place.doc && candidate.sentence.start < place.end && place.start < candidate.sentence.end;
  const readIds = ranked.filter(isRead).map((candidate) => candidate.sentence.id);
  const neighbours = readIds.length === 0 ? new Set<number>() : new Set([Math.min(...readIds) - 1, Math.max(...readIds) + 1]);
  return ranked
    .map((candidate) => {
      const { sentence } = candidate;
      if (sentence.chunk.doc !== place.doc) return candidate;
      const read = isRead(candidate);
      let gain = sentence.chunk.section === place.section ? TUNING.followUpSection : 0;
      if (read && followUp.how === 'adds' && candidate.kind !== 'found' && sentence.id !== ownFirst) gain -= TUNING.followUpRead;
      if (!read && sentence.chunk.paragraph === place.paragraph) gain += TUNING.followUpParagraph;
      if (neighbours.has(sentence.id)) gain += TUNING.followUpNeighbour;
      return gain === 0 ? candidate : { ...candidate, score: candidate.score + gain };
    })
    .sort((a, b) => b.score - a.score || a.sentence.id - b.sentence.id);
}

/**
 * A follow-up's candidates: `candidates` (in corpus order) with every sentence of
 * the earlier answer's paragraph and the sentence right before and after it, so
 * that `preferEarlier` can favour them even when retrieval alone would not have
 * measured them. In corpus order.
 */
export function withEarlierPlace(candidates: readonly SentenceRecord[], followUp: ResolvedFollowUp | null, corpus: Pick<RetrievalCorpus, 'chunks' | 'sentences' | 'sentencesOf'>): readonly SentenceRecord[] {
  const place = followUp?.prefer ?? null;
  if (place === null) return candidates;
  const chunk = corpus.chunks.find((candidate) => candidate.doc === place.doc && candidate.paragraph === place.paragraph);
  const paragraph = chunk === undefined ? [] : (corpus.sentencesOf[chunk.id] ?? []);
  const first = paragraph[0];
  const last = paragraph.at(-1);
  const around = first === undefined || last === undefined ? [] : [corpus.sentences[first.id - 1], corpus.sentences[last.id + 1]].filter((sentence) => sentence !== undefined);
  const ids = new Set(candidates.map((sentence) => sentence.id));
  const added = [...paragraph, ...around].filter((sentence) => !ids.has(sentence.id));
  return added.length === 0 ? candidates : [...candidates, ...added].sort((a, b) => a.id - b.id);
}
