import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/adapters/analyzer.ts';
import { kindMatch } from '../../src/core/answer-kind.ts';
import { composeAnswer } from '../../src/core/answer.ts';
import { chunkDocuments } from '../../src/core/chunk.ts';
import { digestCorpus } from '../../src/core/corpus-digest.ts';
import { CONFIDENCE_FEATURES, type Decision } from '../../src/core/decide.ts';
import { parseQuestion, type Question } from '../../src/core/question.ts';
import type { RankedCandidate } from '../../src/core/rank.ts';
import { createRetrievalCorpus, type RetrievalCorpus } from '../../src/core/retrieve.ts';
import type { ArticleDocument } from '../../src/core/types.ts';

const TEXT = [
  'Budget Vote',
  '',
  'Ortega was less charitable. "We are paying for salaries with savings we can only spend once," he said.',
  '',
  '"We did not want this," said Marcus Lee, a crane operator. "I have two kids and a mortgage."',
].join('\n');
const documents: ArticleDocument[] = [{ id: 'vote', title: 'Budget Vote', url: null, text: TEXT }];
const LIMITS = { maxChars: 320, maxSupporting: 0 };

let corpus: RetrievalCorpus;
beforeAll(async () => {
  const chunks = chunkDocuments(documents);
  corpus = createRetrievalCorpus(documents, chunks, digestCorpus(documents, chunks, await createAnalyzer()));
});

function question(text: string): Question {
  const parsed = parseQuestion(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.question;
}

/** The sentence holding `fragment`, ranked first, with hand-made evidence; the rest below it. */
function rankedWithFirst(asked: Question, fragment: string): RankedCandidate[] {
  return corpus.sentences
    .map((sentence): RankedCandidate => ({
      sentence,
      dense: 0.5,
      paragraphDense: 0.5,
      coverage: 0.5,
      contextCoverage: 0.5,
      softCoverage: 0.5,
      kind: kindMatch(asked, sentence.facts),
      score: sentence.text.includes(fragment) ? 10 : 0,
    }))
    .sort((a, b) => b.score - a.score);
}

const closest: Decision = {
  outcome: 'closest',
  confidence: 0.4,
  reason: { code: 'weak-match', detail: 'hand-made' },
  features: Object.fromEntries(CONFIDENCE_FEATURES.map((name) => [name, 0])) as Decision['features'],
};

function firstQuote(text: string, best: string): string {
  const asked = question(text);
  const answer = composeAnswer(asked, closest, rankedWithFirst(asked, best), corpus, LIMITS);
  if (answer.kind !== 'closest') throw new Error(`expected a closest reply, got ${answer.kind}`);
  const [first] = answer.citations;
  if (first === undefined) throw new Error('no citation');
  expect(first.quote).toBe(TEXT.slice(first.start, first.end));
  return first.quote;
}

describe('composeAnswer: the first quote', () => {
  it('joins the next sentence when it holds the kind of answer asked for and the best one does not', () => {
    expect(firstQuote('What did Ortega say?', 'less charitable')).toBe('Ortega was less charitable. "We are paying for salaries with savings we can only spend once," he said.');
  });

  it('stays one sentence when the best one already holds the kind asked for', () => {
    expect(firstQuote('What did Lee say?', 'did not want this')).toBe('"We did not want this," said Marcus Lee, a crane operator.');
  });

  it('stays one sentence when the question asks for no kind of answer', () => {
    expect(firstQuote('Why was Ortega unhappy?', 'less charitable')).toBe('Ortega was less charitable.');
  });
});
