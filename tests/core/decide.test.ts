import { describe, expect, it } from 'vitest';
import { confidenceOf, decide, type DecisionParams } from '../../src/core/decide.ts';
import type { QuestionEvidence } from '../../src/core/evidence.ts';
import { parseQuestion, type Question } from '../../src/core/question.ts';
import type { RankedCandidate } from '../../src/core/rank.ts';
import type { SentenceRecord } from '../../src/core/retrieve.ts';
import { TUNING } from '../../src/core/tuning.ts';

/** Hand-set parameters: confidence rises with coverage, falls with a missing kind of answer. */
const PARAMS: DecisionParams = {
  ranker: { dense: 1, paragraphDense: 0, coverage: 0, contextCoverage: 1, softCoverage: 0, kindFound: 0, kindMissing: 0 },
  confidence: {
    bias: -4,
    topShare: 0,
    margin: 0,
    dense: 0,
    coverage: 0,
    contextCoverage: 8,
    softCoverage: 0,
    unknownName: -3,
    unknownShare: 0,
    kindFound: 0,
    kindMissing: -4,
    agreement: 0,
    denseTop: 0,
    coverageTop: 0,
  },
  answerThreshold: 0.7,
  offTopicDense: 0.3,
  synonymSimilarity: 0.5,
};

function question(text: string): Question {
  const parsed = parseQuestion(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.question;
}

function evidence(text: string, overrides: Partial<Omit<QuestionEvidence, 'question'>> = {}): QuestionEvidence {
  return { question: question(text), unknownNames: [], unknownTerms: [], unknownShare: 0, ...overrides };
}

const SENTENCE = { id: 0, index: 0, start: 0, end: 10, text: 'A sentence.' } as unknown as SentenceRecord;

function candidate(values: Partial<Omit<RankedCandidate, 'sentence'>>): RankedCandidate {
  return { sentence: SENTENCE, dense: 0.6, paragraphDense: 0.5, coverage: 1, contextCoverage: 1, softCoverage: 1, kind: 'not-asked', score: 5, ...values };
}

/** Confidence of a candidate with this coverage under PARAMS: sigmoid(-4 + 8 × coverage). */
const at = (coverage: number) => confidenceOf({ topShare: 0, margin: 0, dense: 0, coverage: 0, contextCoverage: coverage, softCoverage: 0, unknownName: 0, unknownShare: 0, kindFound: 0, kindMissing: 0, agreement: 0, denseTop: 0, coverageTop: 0 }, PARAMS.confidence);

describe('decide: one outcome and reason per rule', () => {
  it.each([
    // [why, question, question evidence, best candidate, outcome, reason code]
    ['nothing to look for', 'What is it?', {}, {}, 'declined', 'no-content-words'],
    ['not similar and sharing no terms', 'Which team won the finals?', {}, { dense: 0.29, contextCoverage: 0 }, 'declined', 'off-topic'],
    ['not similar, and mostly about words the article lacks', 'Which team won the finals?', { unknownShare: TUNING.offTopicCoverage }, { dense: 0.29, contextCoverage: 0.9 }, 'declined', 'off-topic'],
    ['an unknown name and no shared term, however similar', 'Who is Netanyahu?', { unknownNames: ['netanyahu'] }, { dense: 0.9, contextCoverage: 0 }, 'declined', 'off-topic'],
    ['similar enough, though sharing few terms', 'Which team won the finals?', {}, { dense: 0.3, contextCoverage: 0 }, 'closest', 'weak-match'],
    ['an unknown name with shared terms', 'What did Netanyahu say about the deal?', { unknownNames: ['netanyahu'] }, { contextCoverage: 0.9 }, 'closest', 'unknown-name'],
    ['no words reported as the speaker’s', 'What did Okafor say about the deal?', {}, { kind: 'missing', contextCoverage: 0.9 }, 'closest', 'not-attributed'],
    ['no number for "how many"', 'How many cranes are there?', {}, { kind: 'missing', contextCoverage: 0.9 }, 'closest', 'missing-answer-kind'],
    ['telling words the article never uses', 'Why did the strike end?', { unknownTerms: ['end'], unknownShare: TUNING.unknownTermsShare }, { contextCoverage: 0.5 }, 'closest', 'unknown-terms'],
    ['just below the threshold', 'Why did the strike end?', {}, { contextCoverage: 0.6 }, 'closest', 'weak-match'],
    ['at the threshold', 'Why did the strike end?', {}, { contextCoverage: 0.7 }, 'answered', null],
    ['above the threshold', 'Why did the strike end?', {}, { contextCoverage: 1 }, 'answered', null],
  ] as const)('%s -> %s', (_why, text, questionValues, best, outcome, code) => {
    const decision = decide(evidence(text, questionValues), [candidate(best)], PARAMS);
    expect(decision.outcome).toBe(outcome);
    expect(decision.reason?.code ?? null).toBe(code);
    if (decision.reason !== null) expect(decision.reason.detail.length).toBeGreaterThan(0);
  });

  it('puts the threshold where the table says: 0.6 coverage is below it, 0.7 above', () => {
    expect(at(0.6)).toBeLessThan(PARAMS.answerThreshold);
    expect(at(0.7)).toBeGreaterThanOrEqual(PARAMS.answerThreshold);
  });

  it('never answers confidently with an uncalibrated model, and says why', () => {
    const decision = decide(evidence('Why did the strike end?'), [candidate({ contextCoverage: 1 })], null);
    expect(decision).toMatchObject({ outcome: 'closest', reason: { code: 'uncalibrated-model' } });
  });

  it('declines an empty corpus', () => {
    expect(decide(evidence('Why did the strike end?'), [], PARAMS)).toMatchObject({ outcome: 'declined', reason: { code: 'empty-corpus' } });
  });

  it('names the unknown names and the kind of answer in the detail', () => {
    expect(decide(evidence('What did Netanyahu say?', { unknownNames: ['netanyahu'] }), [candidate({ contextCoverage: 0.9 })], PARAMS).reason?.detail).toContain('netanyahu');
    expect(decide(evidence('How many cranes are there?'), [candidate({ kind: 'missing', contextCoverage: 0.9 })], PARAMS).reason?.detail).toContain('a number');
  });
});
