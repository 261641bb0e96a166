import { kindInWords } from './answer-kind.ts';
import type { QuestionEvidence } from './evidence.ts';
import { dot, type RankedCandidate, type RankerWeights } from './rank.ts';
import { TUNING } from './tuning.ts';
import type { Reason } from './types.ts';

/** Names of the confidence model's features, in the order of `confidenceFeatures`. */
export const CONFIDENCE_FEATURES = ['topShare', 'margin', 'dense', 'coverage', 'contextCoverage', 'softCoverage', 'unknownName', 'unknownShare', 'kindFound', 'kindMissing', 'agreement', 'denseTop', 'coverageTop'] as const;

/** One confidence feature's name. */
export type ConfidenceFeature = (typeof CONFIDENCE_FEATURES)[number];

/**
 * Everything fitted for one embedding model by `npm run calibrate`. Cosine
 * similarities differ between models, so these hold only for the model they
 * were fitted with.
 */
export interface DecisionParams {
  readonly ranker: RankerWeights;
  /** Logistic regression: P(first quote answers) = sigmoid(bias + Σ weight × feature). */
  readonly confidence: Readonly<Record<ConfidenceFeature | 'bias', number>>;
  /** Least confidence for an `answered` reply (0..1), chosen on the fitting data for precision. */
  readonly answerThreshold: number;
  /** Below this cosine (with little term coverage, see `TUNING.offTopicCoverage`) nothing in the article is related. */
  readonly offTopicDense: number;
  /** Least cosine between a question word and an article word for one to stand for the other (see `nearestTerms`). Set by hand per model; the calibration keeps it. */
  readonly synonymSimilarity: number;
}

/** The engine's decision on a question, with what it was made from (for logs, `--json` and the eval report). */
export interface Decision {
  readonly outcome: 'answered' | 'closest' | 'declined';
  /** Calibrated probability that the first quote answers; 0 when declined. */
  readonly confidence: number;
  /** Why it is not `answered`; null when it is. */
  readonly reason: Reason | null;
  /** The confidence features of the best candidate, by name. */
  readonly features: Readonly<Record<ConfidenceFeature, number>>;
}

/** The confidence features of the best candidate. */
export function confidenceFeatures(question: QuestionEvidence, ranked: readonly RankedCandidate[]): Record<ConfidenceFeature, number> {
  const [best, second] = ranked;
  // The ranker's softmax probability of the best sentence: how clearly it stands out.
  const top = best?.score ?? 0;
  const total = ranked.reduce((sum, candidate) => sum + Math.exp(candidate.score - top), 0);
  return {
    topShare: total === 0 ? 0 : 1 / total,
    margin: best === undefined || second === undefined ? 0 : best.score - second.score,
    dense: best?.dense ?? 0,
    coverage: best?.coverage ?? 0,
    contextCoverage: best?.contextCoverage ?? 0,
    softCoverage: best?.softCoverage ?? 0,
    unknownName: question.unknownNames.length > 0 ? 1 : 0,
    unknownShare: question.unknownShare,
    kindFound: best?.kind === 'found' ? 1 : 0,
    kindMissing: best?.kind === 'missing' ? 1 : 0,
    // Both signals at once: the passage holds the question's terms and stands out from the rest.
    agreement: Math.min(best?.contextCoverage ?? 0, total === 0 ? 0 : 1 / total),
    // Whether dense similarity alone, and term coverage alone, would also have put it first.
    denseTop: best !== undefined && ranked.every((candidate) => candidate.dense <= best.dense) ? 1 : 0,
    coverageTop: best !== undefined && ranked.every((candidate) => candidate.contextCoverage <= best.contextCoverage) ? 1 : 0,
  };
}

/** The calibrated probability that the first quote answers. */
export function confidenceOf(features: Readonly<Record<ConfidenceFeature, number>>, weights: DecisionParams['confidence']): number {
  const z = weights.bias + dot(CONFIDENCE_FEATURES.map((name) => weights[name]), CONFIDENCE_FEATURES.map((name) => features[name]));
  return 1 / (1 + Math.exp(-z));
}

/**
 * Decides between the three outcomes from the evidence of the ranked candidates:
 * declined when nothing is related (or there is nothing to look for), answered
 * when the calibrated confidence reaches the fitted threshold, closest otherwise.
 * `params` null means the model was never calibrated: nothing is confident.
 */
export function decide(question: QuestionEvidence, ranked: readonly RankedCandidate[], params: DecisionParams | null): Decision {
  const features = confidenceFeatures(question, ranked);
  const best = ranked[0];
  const declined = (reason: Reason): Decision => ({ outcome: 'declined', confidence: 0, reason, features });
  if (question.question.terms.length === 0) {
    return declined({ code: 'no-content-words', detail: 'the question has no words to look for in the article' });
  }
  if (best === undefined) return declined({ code: 'empty-corpus', detail: 'nothing is indexed' });
  const offTopicDense = params?.offTopicDense ?? 0;
  // Unrelated: not similar, and either sharing few of the question's terms or asking mostly about things the article never mentions.
  if (best.dense < offTopicDense && (best.contextCoverage < TUNING.offTopicCoverage || question.unknownShare >= TUNING.offTopicCoverage)) {
    return declined({
      code: 'off-topic',
      detail: `no passage is related: the closest has similarity ${best.dense.toFixed(2)} (related from ${offTopicDense.toFixed(2)}) and holds ${percent(best.contextCoverage)} of the question's terms; ${percent(question.unknownShare)} of them are not in the article`,
    });
  }
  // Names something the article never mentions and shares not one term with any passage.
  if (question.unknownNames.length > 0 && best.contextCoverage === 0) {
    return declined({ code: 'off-topic', detail: `no passage is related: the article never mentions ${question.unknownNames.join(', ')}, and no passage shares a word with the question` });
  }
  if (params === null) {
    return { outcome: 'closest', confidence: 0, reason: { code: 'uncalibrated-model', detail: 'this embedding model has no calibration: run npm run calibrate' }, features };
  }
  const confidence = confidenceOf(features, params.confidence);
  if (confidence >= params.answerThreshold) return { outcome: 'answered', confidence, reason: null, features };
  return { outcome: 'closest', confidence, reason: explain(question, best, confidence, params.answerThreshold), features };
}

/** The most telling reason a related passage is not a confident answer, most specific first. */
function explain(question: QuestionEvidence, best: RankedCandidate, confidence: number, threshold: number): Reason {
  if (question.unknownNames.length > 0) {
    return { code: 'unknown-name', detail: `the article never mentions ${question.unknownNames.join(', ')}` };
  }
  const { expects, speaker } = question.question;
  if (best.kind === 'missing' && expects === 'statement') {
    return { code: 'not-attributed', detail: `the closest passage does not report what ${speaker.join(' ')} said` };
  }
  if (best.kind === 'missing' && expects !== null) {
    return { code: 'missing-answer-kind', detail: `the question asks for ${kindInWords(expects)} and the closest passage gives none` };
  }
  if (question.unknownShare >= TUNING.unknownTermsShare) {
    return { code: 'unknown-terms', detail: `the article never uses ${question.unknownTerms.join(', ')}` };
  }
  return {
    code: 'weak-match',
    detail: `confidence ${confidence.toFixed(2)} is below ${threshold.toFixed(2)}: the closest passage holds ${percent(best.contextCoverage)} of the question's terms at similarity ${best.dense.toFixed(2)}`,
  };
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
