import { describe, expect, it } from 'vitest';
import { relatedTerms } from '../../src/core/related-index.ts';
import { createRelatedIndex } from '../../src/core/related-index.ts';
import { termsOf } from '../../src/core/retrieve.ts';

const TEXT = `Korean negotiators wrote to the union; Korea's envoy and the Japanese delegation met in Japan.
Dockworkers walked off the job, and the walkout spread to other docks and dockyards.
Stabilizing the stable, stabilized market: the agency's agent and agencies negotiated a negotiation.`;
const terms = [...termsOf(TEXT)];
const index = createRelatedIndex(terms);

describe('createRelatedIndex finds exactly the terms relatedTerms accepts, in the set order', () => {
  it.each(['korea', 'korean', 'japan', 'japanes', 'dock', 'dockwork', 'walk', 'walkout', 'stabil', 'stab', 'agenc', 'agent', 'negotiat', 'nego', 'absent', 'job', 'x'])('%s', (term) => {
    expect(index.related(term)).toEqual(terms.filter((other) => relatedTerms(term, other)));
  });
});
