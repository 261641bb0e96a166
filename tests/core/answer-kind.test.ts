import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/adapters/analyzer.ts';
import { kindMatch } from '../../src/core/answer-kind.ts';
import { chunkDocuments } from '../../src/core/chunk.ts';
import { digestCorpus } from '../../src/core/corpus-digest.ts';
import { factsFrom } from '../../src/core/sentence-facts.ts';
import { parseQuestion, type Question } from '../../src/core/question.ts';
import { sentenceFacts } from '../../src/core/sentence-facts.ts';
import type { Analyzer, ArticleDocument } from '../../src/core/types.ts';

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

  it('reaches a title across the commas of an apposition: punctuation is not counted as words', () => {
    const facts = sentenceFacts("Korrin's prime minister, Adaeze Rolund, said at the signing that the deal would last.", analyzer);
    expect([...facts.speakers]).toEqual(expect.arrayContaining(['korrin', 'minist', 'rolund']));
  });
});

describe('kindMatch: the kind of answer asked for, in a sentence', () => {
  it.each([
    ['How many workers walked off the job?', 'More than 1,400 dockworkers walked off the job.', 'found'],
    ['How many workers walked off the job?', 'Dockworkers walked off the job.', 'missing'],
    ['How long did the last strike last?', 'The last strike lasted 12 days.', 'found'],
    ['When did the strike start?', 'The strike started on Monday, March 3.', 'found'],
    ['When did the strike start?', 'The strike started after the vote.', 'missing'],
    ['When did the crowd gather?', 'The crowd gathered before dawn.', 'found'],
    ['By what time was the road closed?', 'By mid-afternoon the road was closed.', 'found'],
    ['When did the crowd gather?', 'The crowd gathered in the square.', 'missing'],
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

describe('the digest credits quoted speech to its speaker, read by the real tagger', () => {
  const TEXT = [
    'Budget Vote',
    '',
    'Ortega was less charitable. "We are paying for salaries with savings we can only spend once," he said. "That is not a budget, that is a countdown."',
    '',
    '"We did not want this," said Marcus Lee, a crane operator. "I have two kids and a mortgage. I cannot compete with a machine that never sleeps."',
    '',
    'The board adjourned at midnight. The next meeting is in July.',
  ].join('\n');

  /** Whether "what did NAME say?" finds words reported as NAME's in the sentence holding `fragment`. */
  function reportsWordsOf(name: string, fragment: string): boolean {
    const documents: ArticleDocument[] = [{ id: 'vote', title: 'Budget Vote', url: null, text: TEXT }];
    const chunks = chunkDocuments(documents);
    const digest = digestCorpus(documents, chunks, analyzer);
    const texts = chunks.flatMap((chunk) => chunk.sentences.map((span) => TEXT.slice(span.start, span.end)));
    const index = texts.findIndex((text) => text.includes(fragment));
    const facts = digest.sentences[index]?.facts;
    if (facts === undefined) throw new Error(`no sentence holds ${fragment}`);
    return kindMatch(question(`What did ${name} say?`), factsFrom(facts)) === 'found';
  }

  it.each([
    ['Ortega', 'We are paying for salaries', true],
    ['Ortega', 'not a budget, that is a countdown', true],
    ['Lee', 'I have two kids', true],
    ['Lee', 'cannot compete with a machine', true],
    ['Ortega', 'cannot compete with a machine', false],
    ['Ortega', 'The next meeting is in July', false],
  ] as const)('what did %s say? / %s -> %s', (name, fragment, expected) => {
    expect(reportsWordsOf(name, fragment)).toBe(expected);
  });
});
