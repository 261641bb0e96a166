import { describe, expect, it } from 'vitest';
import { encodeTerm, FRAGMENT_EDGE_WORDS, textDirective, textFragmentUrl } from '../../src/core/text-fragment.ts';

describe('textFragmentUrl', () => {
  it.each([
    ['a long quote: first and last words', 'https://example.org/a', 'The council voted on Tuesday to raise bus fares by ten cents next spring.', 'https://example.org/a#:~:text=The%20council%20voted%20on,ten%20cents%20next%20spring'],
    [`a quote of ${2 * FRAGMENT_EDGE_WORDS} words is one term`, 'https://example.org/a', 'Fares rise by ten cents in the spring.', 'https://example.org/a#:~:text=Fares%20rise%20by%20ten%20cents%20in%20the%20spring'],
    [`a quote of ${2 * FRAGMENT_EDGE_WORDS + 1} words is two`, 'https://example.org/a', 'Fares rise by ten cents in the early spring.', 'https://example.org/a#:~:text=Fares%20rise%20by%20ten,in%20the%20early%20spring'],
    ['a one-word quote', 'https://example.org/a', 'Approved.', 'https://example.org/a#:~:text=Approved'],
    ['dash, comma and ampersand are encoded', 'https://example.org/a', 'Cost-sharing, fees & more', 'https://example.org/a#:~:text=Cost%2Dsharing%2C%20fees%20%26%20more'],
    ['quotation marks at the edges are dropped, inner ones kept', 'https://example.org/a', '“It is a “fair” deal,” she said.', 'https://example.org/a#:~:text=It%20is%20a%20%E2%80%9Cfair%E2%80%9D%20deal%2C%E2%80%9D%20she%20said'],
    ['parentheses are encoded for Markdown links', 'https://example.org/a', 'The fund (a new one) grows', 'https://example.org/a#:~:text=The%20fund%20%28a%20new%20one%29%20grows'],
    ['an existing fragment is kept', 'https://example.org/a#budget', 'Fares rise.', 'https://example.org/a#budget:~:text=Fares%20rise'],
    ['line breaks and runs of spaces fold to one space', 'https://example.org/a', 'Fares\n  rise.', 'https://example.org/a#:~:text=Fares%20rise'],
    ['a quote without words leaves the url alone', 'https://example.org/a', '— … —', 'https://example.org/a'],
    ['punctuation between words stays but does not count as a word', 'https://example.org/a', 'one two three four — five six seven eight', 'https://example.org/a#:~:text=one%20two%20three%20four%20%E2%80%94%20five%20six%20seven%20eight'],
  ])('%s', (_, url, quote, expected) => {
    expect(textFragmentUrl(url, quote)).toBe(expected);
  });

  it('keeps the fragment short whatever the quote length', () => {
    const quote = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    expect(textDirective(quote)).toBe('text=word0%20word1%20word2%20word3,word296%20word297%20word298%20word299');
  });

  it('encodes every character the spec reserves', () => {
    expect(encodeTerm('a-b,c&d')).toBe('a%2Db%2Cc%26d');
    expect(decodeURIComponent(encodeTerm('a-b,c&d (e)!'))).toBe('a-b,c&d (e)!');
  });
});
