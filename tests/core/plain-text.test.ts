import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/core/plain-text.ts';

describe('plainText', () => {
  it.each([
    ['a list item with code', '- The second park opens in `October`.', 'The second park opens in October.'],
    ['bold and italics', 'The **new** park is *very* _large_.', 'The new park is very large.'],
    ['underscore bold', 'It is __final__.', 'It is final.'],
    ['a link keeps its text', 'Read [the council report](https://example.org/report) first.', 'Read the council report first.'],
    ['an image keeps its alt text', '![A map of the park](map.png) shows it.', 'A map of the park shows it.'],
    ['a reference link', 'See [the plan][1] for details.', 'See the plan for details.'],
    ['an autolink keeps its address', 'Details at <https://example.org/park>.', 'Details at https://example.org/park.'],
    ['numbered list and block quote markers', '> 2. Second, it closes at dusk.', 'Second, it closes at dusk.'],
    ['a task list item', '- [x] Funding approved.', 'Funding approved.'],
    ['a heading line', '## Opening times', 'Opening times'],
    ['each line of a multi-line quote', '* First point.\n* Second point.', 'First point.\nSecond point.'],
    ['strikethrough', 'The ~~old~~ new date.', 'The old new date.'],
    ['escaped markup stays as the character', 'Costs \\*may\\* rise by 5\\%.', 'Costs *may* rise by 5\\%.'],
    ['snake_case and 2*3*4 are not emphasis', 'The file park_plan_v2 says 2*3*4.', 'The file park_plan_v2 says 2*3*4.'],
    ['a quote cut inside bold loses the lone marker', 'opens in October** and closes later.', 'opens in October and closes later.'],
    ['plain text is unchanged', 'The park, which opened in 2021, has 3 gates.', 'The park, which opened in 2021, has 3 gates.'],
    ['a dash inside a sentence is kept', 'Prices rose - sharply - last year.', 'Prices rose - sharply - last year.'],
  ])('%s', (_, markdown, expected) => {
    expect(plainText(markdown)).toBe(expected);
  });
});
