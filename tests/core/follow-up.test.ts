import { describe, expect, test } from 'vitest';
import { blendRankings } from '../../src/core/blend-rankings.ts';
import { followUpQuestion, previousTurn, resolveFollowUp, understoodQuestion, type PreviousTurn } from '../../src/core/follow-up.ts';
import { preferEarlier, withEarlierPlace } from '../../src/core/prefer-earlier.ts';
import { parseQuestion, type Question } from '../../src/core/question.ts';
import type { RankedCandidate } from '../../src/core/rank.ts';
import type { SentenceRecord } from '../../src/core/retrieve.ts';
import { TUNING } from '../../src/core/tuning.ts';
import type { Chunk } from '../../src/core/types.ts';

const EARLIER: PreviousTurn = {
  question: 'When does the harbour board vote on the lease?',
  citations: [{ quote: 'The board votes on Thursday, said Mara Quell, its chair.', doc: 'news', section: 'The vote', paragraph: 4, start: 100, end: 156 }],
};

function asked(text: string): Question {
  const parsed = parseQuestion(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.question;
}

describe('resolveFollowUp', () => {
  test.each([
    ['what about the council?', 'When does the harbour board vote on the lease? the council'],
    ['and the council?', 'When does the harbour board vote on the lease? the council'],
    ['How about Tessly?', 'When does the harbour board vote on the lease Tessly'],
  ])('%j asks the earlier question again about what it names', (followUp, search) => {
    expect(resolveFollowUp(followUp, EARLIER)).toMatchObject({ how: 'replaces', search });
  });

  test.each([
    ['who said that?', 'who said that? harbour board vote lease Thursday Mara Quell'],
    ['when?', 'when? harbour board vote lease Thursday Mara Quell'],
    ['what is her job?', 'what is her job? harbour board vote lease Thursday Mara Quell'],
    ['Why did the board delay the lease?', 'Why did the board delay the lease? harbour vote Thursday Mara Quell'],
  ])('%j keeps its own question and takes the subject from the earlier question and answer', (followUp, search) => {
    expect(resolveFollowUp(followUp, EARLIER)).toMatchObject({ how: 'adds', search });
  });

  test('a name in "what about X?" replaces the names of the earlier question', () => {
    const turn: PreviousTurn = { question: 'When does Arvelia vote on the pact?', citations: [] };
    expect(resolveFollowUp('what about Korrin?', turn).search).toBe('When does vote on the pact Korrin');
  });

  test('favours the place of the earlier first quote, or nothing after a declined answer', () => {
    expect(resolveFollowUp('when?', EARLIER).prefer).toEqual({ doc: 'news', section: 'The vote', paragraph: 4, start: 100, end: 156 });
    expect(resolveFollowUp('when?', { question: 'Who won?', citations: [] }).prefer).toBeNull();
    expect(previousTurn({ kind: 'declined', question: 'Who won?', reason: { code: 'off-topic', detail: '' }, suggestion: null })).toEqual({ question: 'Who won?', citations: [] });
  });

  test('the searched question reads its kind of answer from the follow-up, and shows the follow-up as asked', () => {
    const question = followUpQuestion(asked('when?'), resolveFollowUp('when?', EARLIER));
    expect(question.asked).toBe('when?');
    expect(question.expects).toBe('time');
    expect(question.terms).toEqual(expect.arrayContaining(['harbour', 'vote', 'leas']));
  });
});

describe('understoodQuestion', () => {
  test('is the follow-up with the subject it took from its earlier turn, and any other question as asked', () => {
    const reply = { kind: 'declined', question: 'Who chairs the board?', reason: { code: 'off-topic', detail: 'x' }, suggestion: null } as never;
    expect(understoodQuestion('when?', reply, EARLIER)).toBe(resolveFollowUp('when?', EARLIER).search);
    expect(understoodQuestion('when?', reply, EARLIER)).toContain('harbour');
    expect(understoodQuestion('Who chairs the board?', reply, null)).toBe('Who chairs the board?');
  });
});

describe('preferEarlier', () => {
  const chunk = (paragraph: number, section: string | null, doc = 'news'): Chunk => ({ id: paragraph, doc, paragraph, section, start: 0, end: 0, text: '', sentences: [] });
  const candidate = (id: number, score: number, where: Chunk, start: number, kind: RankedCandidate['kind'] = 'not-asked'): RankedCandidate =>
    ({ sentence: { id, chunk: where, index: 0, start, end: start + 50 } as unknown as SentenceRecord, score, kind }) as RankedCandidate;
  // Sentence ids in corpus order: 20 is the earlier quote, 21 follows it, 22 is later in its paragraph, 30 in the next one.
  const ranked = [
    candidate(90, 10, chunk(9, 'Elsewhere'), 900),
    candidate(20, 9.9, chunk(4, 'The vote'), 100, 'missing'),
    candidate(22, 9.4, chunk(4, 'The vote'), 220),
    candidate(21, 9.3, chunk(4, 'The vote'), 160),
    candidate(30, 9.6, chunk(5, 'The vote'), 300),
    candidate(40, 9.7, chunk(4, 'The vote', 'other'), 160),
  ];

  test('gains the section, more the paragraph and the next sentence, and drops the sentence already read when it lacks the kind asked for', () => {
    const order = preferEarlier(ranked, resolveFollowUp('when?', EARLIER)).map((entry) => [entry.sentence.id, entry.score]);
    const { followUpSection: section, followUpParagraph: paragraph, followUpNeighbour: neighbour, followUpRead: read } = TUNING;
    const expected: [number, number][] = [
      [21, 9.3 + section + paragraph + neighbour],
      [22, 9.4 + section + paragraph],
      [30, 9.6 + section],
      [90, 10],
      [40, 9.7],
      [20, 9.9 + section - read],
    ];
    expect(order).toEqual(expected.map(([id, score]): [number, unknown] => [id, expect.closeTo(score, 9)]));
  });

  test("keeps the sentence already read when the follow-up's own words rank it first", () => {
    const read = preferEarlier(ranked, resolveFollowUp('and who chairs it?', EARLIER), 20).find((entry) => entry.sentence.id === 20);
    expect(read?.score).toBeCloseTo(9.9 + TUNING.followUpSection, 9);
  });

  test('keeps the sentence already read for "what about X?", which asks the same again', () => {
    const order = preferEarlier(ranked, resolveFollowUp('what about the council?', EARLIER)).map((entry) => entry.sentence.id);
    expect(order.indexOf(20)).toBeLessThan(order.indexOf(90));
  });

  test('leaves the ranking alone without an earlier quote', () => {
    expect(preferEarlier(ranked, null)).toBe(ranked);
    expect(preferEarlier(ranked, resolveFollowUp('when?', { question: 'Who won?', citations: [] }))).toBe(ranked);
  });
});

describe('withEarlierPlace', () => {
  // Three paragraphs of two sentences each; the earlier quote is in paragraph 4 (chunk 1).
  const chunks: Chunk[] = [3, 4, 5].map((paragraph, id) => ({ id, doc: 'news', paragraph, section: 'The vote', start: 0, end: 0, text: '', sentences: [] }));
  const sentences = chunks.flatMap((chunk) => [0, 1].map((index) => ({ id: chunk.id * 2 + index, chunk, index }) as unknown as SentenceRecord));
  const corpus = { chunks, sentences, sentencesOf: chunks.map((chunk) => sentences.filter((sentence) => sentence.chunk === chunk)) };

  test("adds the earlier answer's paragraph and the sentence on either side of it, in corpus order", () => {
    const far = sentences[0]!;
    expect(withEarlierPlace([far], resolveFollowUp('when?', EARLIER), corpus).map((sentence) => sentence.id)).toEqual([0, 1, 2, 3, 4]);
  });

  test('leaves the candidates alone without an earlier quote', () => {
    const few = [sentences[5]!];
    expect(withEarlierPlace(few, resolveFollowUp('when?', { question: 'Who won?', citations: [] }), corpus)).toBe(few);
    expect(withEarlierPlace(few, null, corpus)).toBe(few);
  });
});

describe('blendRankings', () => {
  const at = (id: number, score: number): RankedCandidate => ({ sentence: { id } as unknown as SentenceRecord, score }) as RankedCandidate;
  // Resolved: the earlier answer (1) leads on the subject words; as asked, the sentence with the follow-up's own words (2) leads.
  const resolved = [at(1, 16), at(2, 15), at(3, 10)];
  const askedAlone = [at(2, 12), at(3, 9), at(1, 6)];

  test("weighs each candidate's resolved score against its score as asked", () => {
    const blended = blendRankings(resolved, askedAlone, 0.7);
    expect(blended.map((entry) => entry.sentence.id)).toEqual([2, 1, 3]);
    expect(blended[0]?.score).toBeCloseTo(0.7 * 15 + 0.3 * 12);
  });

  test('is the resolved ranking at weight 1 and the ranking as asked at weight 0', () => {
    expect(blendRankings(resolved, askedAlone, 1).map((entry) => entry.sentence.id)).toEqual([1, 2, 3]);
    expect(blendRankings(resolved, askedAlone, 0).map((entry) => entry.sentence.id)).toEqual([2, 3, 1]);
  });

  test('counts a candidate missing from the ranking as asked as its lowest score there, and breaks ties in corpus order', () => {
    const blended = blendRankings([at(5, 10), at(4, 10)], [at(5, 2)], 0.5);
    expect(blended.map((entry) => [entry.sentence.id, entry.score])).toEqual([
      [4, 6],
      [5, 6],
    ]);
  });
});
