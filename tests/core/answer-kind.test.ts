import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/adapters/analyzer.ts';
import { kindMatch } from '../../src/core/answer-kind.ts';
import { parseQuestion, type Question } from '../../src/core/question.ts';
import { sentenceFacts } from '../../src/core/sentence-facts.ts';
import type { Analyzer } from '../../src/core/types.ts';

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await createAnalyzer();
});

function question(text: string): Question {
  const parsed = parseQuestion(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.question;
}

describe('sentenceFacts, read by the real tagger', () => {
  it('finds kinds of values', () => {
    const facts = sentenceFacts('The board voted on March 3, 2025 to raise rates by 12 percent over five years, costing $4.2 million.', analyzer);
    expect([...facts.kinds].sort()).toEqual(expect.arrayContaining(['date', 'duration', 'money', 'percent']));
  });

  it('reads the speaker before or after the verb of saying, and after "according to"', () => {
    expect([...sentenceFacts('"We will not back down," said Marcus Lee, a crane operator.', analyzer).speakers]).toEqual(expect.arrayContaining(['marcus', 'lee']));
    expect([...sentenceFacts('Union president Dana Okafor said the offer was an insult.', analyzer).speakers]).toEqual(expect.arrayContaining(['okafor']));
    expect([...sentenceFacts('According to Gideon Abara, two carriers have rerouted.', analyzer).speakers]).toEqual(expect.arrayContaining(['abara']));
    expect(sentenceFacts('The cranes arrive next year.', analyzer).speakers.size).toBe(0);
  });
});

describe('kindMatch: the kind of answer asked for, in a sentence', () => {
  it.each([
    ['How many workers walked off the job?', 'More than 1,400 dockworkers walked off the job.', 'found'],
    ['How many workers walked off the job?', 'Dockworkers walked off the job.', 'missing'],
    ['How long did the last strike last?', 'The last strike lasted 12 days.', 'found'],
    ['When did the strike start?', 'The strike started on Monday, March 3.', 'found'],
    ['When did the strike start?', 'The strike started after the vote.', 'missing'],
    ['Who runs the union?', 'The union is led by Dana Okafor.', 'found'],
    ['Who runs the union?', 'The union is led by its president.', 'missing'],
    ['What did Lee say about the machines?', '"I can\'t compete with a machine," said Marcus Lee.', 'found'],
    ['What did Lee say about the machines?', '"I can\'t compete with a machine," said Dana Okafor.', 'missing'],
    ['What does Okafor want?', 'Okafor wants a written guarantee.', 'not-asked'],
    ['Why did the talks collapse?', 'Talks collapsed over automation.', 'not-asked'],
  ] as const)('%s / %s -> %s', (text, sentence, expected) => {
    expect(kindMatch(question(text), sentenceFacts(sentence, analyzer))).toBe(expected);
  });
});
