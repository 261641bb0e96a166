/**
 * npm run calibrate
 * Fits the decision parameters of the configured embedding model on the `fit`
 * split of the development suite (eval/suite) and writes them to
 * src/core/fitted-params.ts, with the fit report in eval/calibration-report.md.
 *
 * 1. The ranker: a softmax over each question's sentences, fitted so that the
 *    top sentence holds the answer as often as possible.
 * 2. The confidence: a logistic regression on the top sentence's evidence,
 *    labelled by whether it holds the answer (never, for unanswerable questions).
 * 3. The answer threshold: chosen on leave-one-article-out confidences (each
 *    article scored by a model fitted without it), as the lowest threshold whose
 *    answered replies are at least TARGET_PRECISION right and that answers at
 *    most MAX_UNANSWERABLE_ANSWERED of the unanswerable questions.
 * 4. The off-topic similarity: the OFF_TOPIC_PERCENTILE-th percentile of the
 *    similarity of best passages that hold the answer to a fit question and that
 *    term coverage alone would not keep.
 */
import 'dotenv/config';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fitLogistic, fitRanker, sigmoid, type RankingGroup } from '../src/calibration/fit.ts';
import { loadConfig } from '../src/config.ts';
import { projectRoot } from '../src/project-root.ts';
import { CONFIDENCE_FEATURES, confidenceFeatures, type DecisionParams } from '../src/core/decide.ts';
import type { Evidence } from '../src/core/evidence.ts';
import { FITTED_PARAMS } from '../src/core/fitted-params.ts';
import { RANKER_FEATURES, rankCandidates, rankerFeatures, type RankerWeights } from '../src/core/rank.ts';
import { TUNING } from '../src/core/tuning.ts';
import { appForArticle, loadSuite } from '../src/eval-suite.ts';
import { holdsAnswer, type EvalItem } from '../src/evaluation.ts';

/** Least share of right answers among answered replies, on the held-out confidences. */
const TARGET_PRECISION = 0.92;
/** Most share of unanswerable questions that may get an answered reply, on the held-out confidences. */
const MAX_UNANSWERABLE_ANSWERED = 0.15;

/** Percentile (0..1) of right best passages' similarity below which, with little coverage, a question is off topic. */
const OFF_TOPIC_PERCENTILE = 0.05;

/**
 * L2 penalties tried for the confidence fit (standardized features; the examples
 * are few and the features correlated). The one with the most right answers at
 * the target precision, held out, is kept.
 */
const CONFIDENCE_L2 = [0.01, 0.1, 0.3];

interface Sample {
  readonly article: string;
  readonly item: EvalItem;
  readonly evidence: Evidence;
}

const ROOT = projectRoot()?.dir ?? process.cwd();
const config = loadConfig(process.env);
const suite = await loadSuite(path.join(ROOT, 'eval', 'suite'));
const samples: Sample[] = [];
for (const article of suite) {
  const { app, close } = await appForArticle(article, process.env);
  for (const item of article.items) {
    const { evidence } = await app.engine.inspect(item.question);
    if (evidence !== null) samples.push({ article: article.name, item, evidence });
  }
  await close();
}
const fitSamples = samples.filter((sample) => sample.item.split === 'fit');
const articles = suite.map((article) => article.name);

/** Kept from the current parameters: set by hand per model (see DecisionParams). */
const synonymSimilarity = FITTED_PARAMS[config.model.id]?.synonymSimilarity ?? 0.5;

/** Weights that make each article count the same in a fit, however many of `samples` it has: total / (its count × articles). */
const articleWeights = (samples: readonly Sample[]): number[] => {
  const counts = new Map<string, number>();
  for (const sample of samples) counts.set(sample.article, (counts.get(sample.article) ?? 0) + 1);
  return samples.map((sample) => samples.length / ((counts.get(sample.article) ?? 1) * counts.size));
};

const fitParams = (train: readonly Sample[], l2: number): Omit<DecisionParams, 'answerThreshold' | 'offTopicDense'> => {
  const answerable = train.filter((sample) => sample.item.answerable);
  const groupWeights = articleWeights(answerable);
  const groups: RankingGroup[] = answerable.map((sample, i) => ({
      features: sample.evidence.candidates.map(rankerFeatures),
      positive: sample.evidence.candidates.map((candidate) => holdsAnswer(sample.item, candidate.sentence.text)),
      weight: groupWeights[i] ?? 1,
    }));
  const rankerWeights = fitRanker(groups);
  const ranker = Object.fromEntries(RANKER_FEATURES.map((name, i) => [name, round(rankerWeights[i] ?? 0)])) as RankerWeights;
  const rows = train.map((sample) => confidenceRow(sample, ranker));
  const [bias = 0, ...weights] = fitLogistic(
    rows.map((row) => row.features),
    rows.map((row) => row.right),
    articleWeights(train),
    { l2 },
  );
  const confidence = Object.fromEntries([['bias', round(bias)], ...CONFIDENCE_FEATURES.map((name, i) => [name, round(weights[i] ?? 0)])]) as DecisionParams['confidence'];
  return { ranker, confidence, synonymSimilarity };
};

function confidenceRow(sample: Sample, ranker: RankerWeights) {
  const ranked = rankCandidates(sample.evidence.candidates, ranker);
  const features = confidenceFeatures(sample.evidence.question, ranked);
  const best = ranked[0];
  return {
    sample,
    ranked,
    best,
    features: CONFIDENCE_FEATURES.map((name) => features[name]),
    right: sample.item.answerable && best !== undefined && holdsAnswer(sample.item, best.sentence.text),
  };
}

function probability(row: { features: number[] }, confidence: DecisionParams['confidence']): number {
  return sigmoid(confidence.bias + CONFIDENCE_FEATURES.reduce((sum, name, i) => sum + confidence[name] * (row.features[i] ?? 0), 0));
}

// Leave one article out: each article's questions scored by parameters fitted on the others.
interface Scored {
  readonly sample: Sample;
  readonly p: number;
  readonly right: boolean;
  readonly dense: number;
  readonly coverage: number;
  /** Where the first sentence holding the fact is in the held-out ranking (0 = first); -1 when no candidate holds it. */
  readonly factRank: number;
}
const scoreHeldOut = (l2: number): Scored[] =>
  articles.flatMap((name) => {
    const params = fitParams(
      fitSamples.filter((sample) => sample.article !== name),
      l2,
    );
    return samples
      .filter((other) => other.article === name)
      .map((sample) => {
        const row = confidenceRow(sample, params.ranker);
        const factRank = row.ranked.findIndex((candidate) => holdsAnswer(sample.item, candidate.sentence.text));
        return { sample, p: probability(row, params.confidence), right: row.right, dense: row.best?.dense ?? 0, coverage: row.best?.contextCoverage ?? 0, factRank };
      });
  });

const trials = CONFIDENCE_L2.map((l2) => {
  const scored = scoreHeldOut(l2);
  const fit = scored.filter((s) => s.sample.item.split === 'fit');
  const threshold = chooseThreshold(fit);
  return { l2, scored, threshold, right: fit.filter((s) => s.p >= threshold && s.right).length };
});
const chosen = trials.reduce((best, trial) => (trial.right > best.right ? trial : best));
const { scored: heldOut, threshold } = chosen;
const final = fitParams(fitSamples, chosen.l2);
const finalRows = fitSamples.map((sample) => confidenceRow(sample, final.ranker));
const keptByCoverage = (row: (typeof finalRows)[number]) =>
  (row.best?.contextCoverage ?? 0) >= TUNING.offTopicCoverage && row.sample.evidence.question.unknownShare < TUNING.offTopicCoverage;
// Declining a question whose best passage is wrong anyway loses nothing; declining one whose best passage holds the answer does.
const answerableDense = finalRows.filter((row) => row.right && !keptByCoverage(row)).map((row) => row.best?.dense ?? 0);
// The 5th percentile: a handful of far-fetched paraphrases may be declined, so that unrelated questions are.
const offTopicDense = round(percentile(answerableDense, OFF_TOPIC_PERCENTILE));
const params: DecisionParams = { ...final, answerThreshold: round(threshold), offTopicDense };

const fitted = { ...FITTED_PARAMS, [config.model.id]: params };
await writeFile(
  path.join(ROOT, 'src', 'core', 'fitted-params.ts'),
  `// Written by \`npm run calibrate\` (scripts/calibrate.ts): do not edit by hand.
// The fit report is eval/calibration-report.md.
import type { DecisionParams } from './decide.ts';

/** Fitted decision parameters, by embedding model id. A model missing here is uncalibrated: no answer is confident. */
export const FITTED_PARAMS: Readonly<Record<string, DecisionParams>> = ${JSON.stringify(fitted, null, 2)};
`,
);
const report = renderReport();
await writeFile(path.join(ROOT, 'eval', 'calibration-report.md'), report);
console.log(report);

function chooseThreshold(scored: readonly Scored[]): number {
  const unanswerable = scored.filter((s) => !s.sample.item.answerable).length;
  let best = 1;
  let bestRight = -1;
  for (const t of [...new Set(scored.map((s) => s.p))].sort((a, b) => a - b)) {
    const answered = scored.filter((s) => s.p >= t);
    const right = answered.filter((s) => s.right).length;
    const wrongUnanswerable = answered.filter((s) => !s.sample.item.answerable).length;
    if (answered.length === 0) continue;
    if (right / answered.length < TARGET_PRECISION || wrongUnanswerable > MAX_UNANSWERABLE_ANSWERED * unanswerable) continue;
    if (right > bestRight) {
      best = t;
      bestRight = right;
    }
  }
  return best;
}

function renderReport(): string {
  const lines = [
    `# Calibration report: ${config.model.id}`,
    '',
    `Written by \`npm run calibrate\` on ${new Date().toISOString().slice(0, 10)}. Parameters: \`src/core/fitted-params.ts\`.`,
    '',
    '## Data',
    '',
    '| article | fit questions (answerable + not) | test questions (never seen by the fit) |',
    '| --- | --- | --- |',
    ...suite.map((article) => {
      const fit = article.items.filter((item) => item.split === 'fit');
      const test = article.items.filter((item) => item.split === 'test');
      const n = (items: readonly EvalItem[]) => `${items.filter((item) => item.answerable).length} + ${items.filter((item) => !item.answerable).length}`;
      return `| ${article.name} | ${n(fit)} | ${n(test)} |`;
    }),
    '',
    '## Operating point',
    '',
    `- answer threshold: **${params.answerThreshold}** (lowest held-out confidence with precision ≥ ${TARGET_PRECISION} and at most ${MAX_UNANSWERABLE_ANSWERED * 100}% of unanswerable questions answered)`,
    `- off-topic similarity: **${params.offTopicDense}** (the ${OFF_TOPIC_PERCENTILE * 100}th percentile of right best passages' similarity; declined below it when the best passage also holds under ${TUNING.offTopicCoverage * 100}% of the question's terms, or ${TUNING.offTopicCoverage * 100}% of them are not in the article)`,
    `- confidence L2 penalty: ${chosen.l2} (held-out right answers at the threshold: ${trials.map((trial) => `${trial.l2} → ${trial.right}`).join(', ')})`,
    `- ranker weights: ${RANKER_FEATURES.map((name) => `${name} ${params.ranker[name]}`).join(', ')}`,
    `- confidence weights: bias ${params.confidence.bias}, ${CONFIDENCE_FEATURES.map((name) => `${name} ${params.confidence[name]}`).join(', ')}`,
    '',
    '## Leave one article out',
    '',
    'Each article scored by parameters fitted on the fit split of the *other* articles, at the chosen threshold: an estimate for an article the fit never saw. All of the article\'s questions (fit and test).',
    '',
    'The ranker columns bound what the decision can reach: a confident answer needs the fact in the first sentence (or the neighbour joined to it), and no choice of threshold or confidence feature lifts "answered and right" above "top sentence". The top 2 and top 3 columns are what a better reranker of the same candidates could at most bring to the first place; "a candidate holds it" is what better ranking, without better candidates, could (on articles of a few KB the candidates are nearly every sentence).',
    '',
    '| article | top sentence holds the fact | in the top 2 | in the top 3 | a candidate holds it | answered and right | answered replies right | unanswerable answered |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...articles.map((name) => {
      const rows = heldOut.filter((s) => s.sample.article === name);
      const answerable = rows.filter((s) => s.sample.item.answerable);
      const unanswerable = rows.filter((s) => !s.sample.item.answerable);
      const answered = rows.filter((s) => s.p >= params.answerThreshold && !(s.dense < params.offTopicDense && (s.coverage < TUNING.offTopicCoverage || s.sample.evidence.question.unknownShare >= TUNING.offTopicCoverage)));
      const right = answered.filter((s) => s.right).length;
      const within = (depth: number) => `${answerable.filter((s) => s.factRank >= 0 && s.factRank < depth).length}/${answerable.length}`;
      return `| ${name} | ${answerable.filter((s) => s.right).length}/${answerable.length} | ${within(2)} | ${within(3)} | ${within(Infinity)} | ${right}/${answerable.length} | ${right}/${answered.length} | ${answered.filter((s) => !s.sample.item.answerable).length}/${unanswerable.length} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(share * (sorted.length - 1))] ?? 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}


