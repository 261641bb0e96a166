import type { CandidateEvidence } from './evidence.ts';

/** Names of the ranker's features, in the order of `rankerFeatures`. */
export const RANKER_FEATURES = ['dense', 'paragraphDense', 'coverage', 'contextCoverage', 'softCoverage', 'kindFound', 'kindMissing'] as const;

/** Weights of the ranker, one per feature of `RANKER_FEATURES`: a linear score whose softmax over sentences was fitted to pick the sentence holding the answer. */
export type RankerWeights = Readonly<Record<(typeof RANKER_FEATURES)[number], number>>;

/** A candidate with its ranker score (logit units; only differences between candidates mean something). */
export interface RankedCandidate extends CandidateEvidence {
  readonly score: number;
}

/** The ranker's feature vector of a candidate. */
export function rankerFeatures(candidate: CandidateEvidence): number[] {
  return [
    candidate.dense,
    candidate.paragraphDense,
    candidate.coverage,
    candidate.contextCoverage,
    candidate.softCoverage,
    candidate.kind === 'found' ? 1 : 0,
    candidate.kind === 'missing' ? 1 : 0,
  ];
}

/** Candidates best first (ties by corpus order), each with its score. */
export function rankCandidates(candidates: readonly CandidateEvidence[], weights: RankerWeights): RankedCandidate[] {
  const w = RANKER_FEATURES.map((name) => weights[name]);
  return candidates
    .map((candidate) => ({ ...candidate, score: dot(w, rankerFeatures(candidate)) }))
    .sort((a, b) => b.score - a.score || a.sentence.id - b.sentence.id);
}

/** Sum of products of two equally long vectors. */
export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}
