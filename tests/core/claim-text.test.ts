import { describe, expect, it } from 'vitest';
import { claimFromMessage } from '../../src/core/claim-text.ts';

describe('claimFromMessage', () => {
  it.each([
    ['a short message is kept, white space folded', 'The fare  rises\nnext year.', 40, 'The fare rises next year.'],
    ['exactly at the limit is kept whole', 'Fares rise. Buses run late.', 27, 'Fares rise. Buses run late.'],
    ['one over the limit drops the last sentence', 'Fares rise. Buses run late.', 26, 'Fares rise.'],
    ['cut after the last sentence that fits', 'One fact here. Another fact here. A third fact that is long.', 40, 'One fact here. Another fact here.'],
    ['a question mark or exclamation ends a sentence', 'Is it true? It is! And more words follow here.', 20, 'Is it true? It is!'],
    ['a closing quote stays with its sentence', 'She said “it is final.” Then more text follows.', 30, 'She said “it is final.”'],
    ['a decimal point is not a sentence end', 'Fares rose 2.5 percent this year and more.', 30, 'Fares rose 2.5 percent this'],
    ['a first sentence longer than the limit is cut between words', 'The council approved the long plan after debate.', 20, 'The council approved'],
    ['a single long word is cut at the limit', 'Supercalifragilistic', 5, 'Super'],
  ])('%s', (_, content, limit, expected) => {
    expect(claimFromMessage(content, limit)).toBe(expected);
  });

  it.each([
    ['empty (an image or embed only)', ''],
    ['white space only', '  \n '],
    ['emoji and punctuation only', '🔥🔥 !!! …'],
  ])('has no claim when the message has no words: %s', (_, content) => {
    expect(claimFromMessage(content, 1000)).toBeNull();
  });

  it('never returns more than the limit', () => {
    const long = 'Word '.repeat(500);
    for (const limit of [10, 99, 1000]) expect(claimFromMessage(long, limit)!.length).toBeLessThanOrEqual(limit);
  });
});
