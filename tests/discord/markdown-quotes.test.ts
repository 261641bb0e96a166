import { describe, expect, test } from 'vitest';
import { useHarness } from './use-harness.ts';

const PARK = [
  '# The Riverside Park',
  '',
  'The city of Eastwick is building two new parks along the river, the council said on Monday.',
  '',
  '- The first park opens in `June` with a playground and a **boat ramp**.',
  '- The second park opens in `October`, after the [council vote](https://example.org/vote) on its budget.',
  '',
].join('\n');

const h = useHarness({ corpus: { 'park.md': PARK } });

describe('quotes from a Markdown document in Discord', () => {
  test('read as text: no list marker, code or link syntax, escaped or not', async () => {
    const { reply } = await h.ask('When does the second park open?', h.member());
    const description = reply.embeds[0]?.description ?? '';
    expect(description).toContain('> The second park opens in October, after the council vote on its budget.');
    expect(description).not.toMatch(/`|\\\*|\]\(|example\.org\/vote|> \\?- /);
    expect(description).toContain('The Riverside Park');
  });
});
