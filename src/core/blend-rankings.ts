import type { RankedCandidate } from './rank.ts';

/**
 * A follow-up's ranking from two readings of it over the same candidates: as
 * resolved (searched with the subject it leaves out, earlier place favoured; see
 * `resolveFollowUp` and `preferEarlier`) and as asked (the member's own words
 * alone). Each candidate scores `resolvedWeight` × its resolved score plus the
 * rest × its score as asked, both in ranker logits. The subject words find the
 * right part of the article, but they match the earlier answer best of all; the
 * follow-up's own words ("how is it being paid for?") say what is new. A
 * candidate the asked ranking lacks counts as its lowest score there. Best first,
 * ties in corpus order; the candidates keep the resolved evidence.
 */
export function blendRankings(resolved: readonly RankedCandidate[], asked: readonly RankedCandidate[], resolvedWeight: number): readonly RankedCandidate[] {
  const askedScore = new Map(asked.map((candidate) => [candidate.sentence.id, candidate.score]));
  const lowest = asked.length === 0 ? 0 : Math.min(...askedScore.values());
  return resolved
    .map((candidate) => ({ ...candidate, score: resolvedWeight * candidate.score + (1 - resolvedWeight) * (askedScore.get(candidate.sentence.id) ?? lowest) }))
    .sort((a, b) => b.score - a.score || a.sentence.id - b.sentence.id);
}
