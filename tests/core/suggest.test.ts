import { describe, expect, test } from 'vitest';
import { articleSuggestions, candidate, matchSuggestions, sectionQuestion } from '../../src/core/suggest.ts';

const documents = [{ sections: ['Who pays for the new pipes?', 'Rates and discounts', 'Timeline', 'Rates and discounts'] }];

describe('articleSuggestions', () => {
  test('offers headings that are questions as they are, then a question about each other section, once each', () => {
    expect(articleSuggestions(documents, 100).map((option) => option.text)).toEqual([
      'Who pays for the new pipes?',
      sectionQuestion('Rates and discounts'),
      sectionQuestion('Timeline'),
    ]);
  });

  test('leaves out what would not fit in a choice', () => {
    expect(articleSuggestions([{ sections: ['x'.repeat(90)] }], 100)).toEqual([]);
  });
});

describe('matchSuggestions', () => {
  const options = ['What does the article say about Timeline?', 'Who pays for the new pipes?', 'What does the article say about Rates and discounts?', 'When do fares change?'].map((text) => candidate(text, 'section'));
  const texts = (typed: string, limit = 10) => matchSuggestions(typed, options, limit).map((option) => option.text);

  test.each([
    ['', 4, 'nothing typed: the first ones, in order'],
    ['wh', 4, 'every one starts with it'],
  ])('%j gives %i (%s)', (typed, count) => {
    expect(texts(typed)).toHaveLength(count);
  });

  test('a prefix comes before a word match, and a word match before a merely similar one', () => {
    expect(texts('who pa')[0]).toBe('Who pays for the new pipes?');
    expect(texts('discounts')).toEqual(['What does the article say about Rates and discounts?']);
    expect(texts('pipe pay')).toEqual(['Who pays for the new pipes?']);
    // No word starts with "fars", but the letters are close to "fares".
    expect(texts('fars chang')).toContain('When do fares change?');
  });

  test('nothing alike gives nothing, and the limit holds', () => {
    expect(texts('zzqx')).toEqual([]);
    expect(texts('', 2)).toHaveLength(2);
  });
});
