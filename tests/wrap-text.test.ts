import { describe, expect, it } from 'vitest';
import { plural } from '../src/plural.ts';
import { wrapText } from '../src/wrap-text.ts';

describe('wrapText', () => {
  it.each([
    ['fits: unchanged', 'one two three', 20, 'one two three'],
    ['breaks between words, never inside one', 'alpha beta gamma delta epsilon zeta', 20, 'alpha beta gamma\ndelta epsilon zeta'],
    ['exactly the width stays on one line', 'abcde fghij klmno pqrs', 22, 'abcde fghij klmno pqrs'],
    ['one over the width wraps', 'abcde fghij klmno pqrst', 22, 'abcde fghij klmno\npqrst'],
    ['keeps the indentation of the line it wraps', '  — [1] ¶6 · How this deal alters the strategic bond', 24, '  — [1] ¶6 · How this\n  deal alters the\n  strategic bond'],
    ['keeps existing line breaks', 'first line\nsecond line', 20, 'first line\nsecond line'],
    ['a word longer than the width gets its own line', 'see https://example.com/a/very/long/path now', 20, 'see\nhttps://example.com/a/very/long/path\nnow'],
    ['counts characters, not UTF-16 units', '“quoted” “quoted” “quoted”', 26, '“quoted” “quoted” “quoted”'],
  ])('%s', (_, text, width, expected) => {
    expect(wrapText(text, width)).toBe(expected);
  });

  it('does not wrap when there is no terminal width', () => {
    const long = 'word '.repeat(100).trim();
    expect(wrapText(long, null)).toBe(long);
  });
});

describe('plural', () => {
  it.each([
    [0, '0 paragraphs'],
    [1, '1 paragraph'],
    [2, '2 paragraphs'],
  ])('%i', (count, expected) => {
    expect(plural(count, 'paragraph')).toBe(expected);
  });
});
