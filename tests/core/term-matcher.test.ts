import { describe, expect, it } from 'vitest';
import { lexiconData, lexiconFrom } from '../../src/core/lexicon.ts';
import { createRelatedIndex } from '../../src/core/related-index.ts';
import { matchedTerms, termMatcher, termsOf } from '../../src/core/retrieve.ts';

const SENTENCES = [
  'The Central Intelligence Agency (CIA) reported that Korean negotiators wrote to the union.',
  'Dockworkers walked off the job at the Port of Halvermouth after talks collapsed.',
  'Union president Dana Okafor said the automated stacking cranes threaten 380 jobs.',
  'The county budget rises 4.1 percent, writing off one-time savings.',
];
const lexicon = lexiconFrom(lexiconData(SENTENCES, [SENTENCES.join(' ')]));
const present = SENTENCES.map((sentence) => termsOf(sentence));
const forms = createRelatedIndex(present.flatMap((terms) => [...terms]));

describe('termMatcher finds the same question terms as matchedTerms, set by set', () => {
  it.each([
    [['korea', 'negotiat', 'wrote']],
    [['cia', 'report']],
    [['dockwork', 'walk', 'job', 'strike']],
    [['union', 'president', 'automat', 'crane']],
    [['budget', 'percent', 'writ', 'saving']],
    [['nothing', 'here']],
    [[]],
  ])('%j', (terms) => {
    const match = termMatcher(terms, { forms, lexicon });
    for (const set of present) expect([...match(set)].sort()).toEqual([...matchedTerms(terms, set, lexicon)].sort());
  });
});
