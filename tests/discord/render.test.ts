import { describe, expect, test } from 'vitest';
import type { Answer, Citation } from '../../src/core/types.ts';
import type { IndexInfo } from '../../src/engine-types.ts';
import type { Provenance } from '../../src/discord/provenance.ts';
import {
  CONTENT_LIMIT,
  EMBED_DESCRIPTION_LIMIT,
  EMBED_TITLE_LIMIT,
  MESSAGE_EMBED_TOTAL_LIMIT,
  escapeText,
  renderAbout,
  renderAnswer,
  renderCheck,
  renderHelp,
  renderMore,
  renderNotice,
  renderOutdated,
  renderProvenance,
  renderReindex,
  truncateAtWord,
  type RenderedMessage,
} from '../../src/discord/render.ts';

const SECTION = 'How this deal alters the U.S.-Israel strategic bond';

const info: IndexInfo = {
  version: 'abc123def456',
  corpusHash: 'abc123def4567890'.padEnd(64, '0'),
  modelId: 'all-MiniLM-L6-v2',
  dimensions: 384,
  chunkerVersion: 1,
  builtAt: '2025-01-02T03:04:05.000Z',
  documents: [
    {
      id: 'article',
      title: 'Ayalon: the US-Iran MoU is a “massive surrender”',
      url: null,
      paragraphs: 14,
      paragraphHashes: Array.from({ length: 14 }, (_, i) => `hash-${i}`),
      sections: ['Why the US-Iran MoU triggers alarm in Jerusalem', SECTION, 'What happens to the ‘Maximum Pressure’ doctrine?'],
    },
  ],
  chunks: 14,
};

function citation(n: number, quote: string, overrides: Partial<Citation> = {}): Citation {
  return { n, quote, doc: 'article', start: 0, end: quote.length, paragraph: 7, section: SECTION, score: 0.8, ...overrides };
}

function answered(citations: Citation[], more: Citation[] = [], question = 'Why do Israelis doubt America?'): Extract<Answer, { kind: 'answered' }> {
  return { kind: 'answered', question, citations, more, confidence: 0.9 };
}

/** A quote of `words` distinct words, about 9 characters each. */
function longQuote(words: number, marker = 'word'): string {
  return Array.from({ length: words }, (_, i) => `${marker}${i}`).join(' ');
}

function expectWithinLimits(message: RenderedMessage): void {
  expect(message.allowedMentions).toEqual({ parse: [], repliedUser: false });
  expect((message.content ?? '').length).toBeLessThanOrEqual(CONTENT_LIMIT);
  let total = 0;
  for (const embed of message.embeds ?? []) {
    expect((embed.description ?? '').length).toBeLessThanOrEqual(EMBED_DESCRIPTION_LIMIT);
    expect((embed.title ?? '').length).toBeLessThanOrEqual(EMBED_TITLE_LIMIT);
    total += (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text ?? '').length;
    for (const field of embed.fields ?? []) {
      expect(field.value.length).toBeLessThanOrEqual(1024);
      total += field.name.length + field.value.length;
    }
  }
  expect(total).toBeLessThanOrEqual(MESSAGE_EMBED_TOTAL_LIMIT);
}

/** The quoted text of a description's first block quote, unescaped. */
function firstQuote(description: string): string {
  const lines = description.split('\n').filter((line, i) => i > 0 || line.startsWith('> '));
  const quoted = lines.slice(0, lines.findIndex((line) => !line.startsWith('> '))).map((line) => line.slice(2));
  return quoted.join('\n').replace(/\\(.)/g, '$1');
}

describe('renderAnswer', () => {
  test('block-quotes the answer verbatim, numbers its citation with paragraph and section, and names article and index in the footer', () => {
    const quote = 'This friction is not just about policy, but about trust.';
    const message = renderAnswer(answered([citation(1, quote)]), info, 'id1');
    const [embed] = message.embeds ?? [];
    expect(embed?.description).toBe(`> ${quote}\n**[1]** ¶7 · ${SECTION}`);
    expect(embed?.footer?.text).toBe(`${info.documents[0]!.title} · index ${info.version}`);
    expect(embed?.title).toBe('Why do Israelis doubt America?');
    expectWithinLimits(message);
  });

  test('lists supporting quotes after the answer, each with its own citation', () => {
    const message = renderAnswer(
      answered([citation(1, 'First.'), citation(2, 'Second.', { paragraph: 3, section: null }), citation(3, 'Third.', { paragraph: 9 })]),
      info,
      'id1',
    );
    expect(message.embeds?.[0]?.description).toBe(
      `> First.\n**[1]** ¶7 · ${SECTION}\n\n**Supporting quotes**\n> Second.\n**[2]** ¶3\n\n> Third.\n**[3]** ¶9 · ${SECTION}`,
    );
  });

  test('puts feedback and "More from the article" buttons under an answer, naming it', () => {
    const message = renderAnswer(answered([citation(1, 'A quote.')], [citation(2, 'More.')]), info, 'k3j9');
    const buttons = message.components?.[0]?.components ?? [];
    expect(buttons.map((button) => ('custom_id' in button ? button.custom_id : null))).toEqual(['answer:up:k3j9', 'answer:down:k3j9', 'answer:more:k3j9', 'answer:follow:k3j9']);
    expect(buttons[2]).toMatchObject({ label: 'More from the article', disabled: false });
    const none = renderAnswer(answered([citation(1, 'A quote.')], []), info, 'k3j9');
    expect(none.components?.[0]?.components[2]).toMatchObject({ disabled: true });
  });

  test('a closest reply is an embed of its own colour that says first it is not a confirmed answer, with the same buttons', () => {
    const message = renderAnswer(
      {
        kind: 'closest',
        question: 'Who negotiated it?',
        reason: { code: 'weak-match', detail: 'low confidence' },
        citations: [citation(1, 'The closest sentence.'), citation(2, 'Another one.')],
        more: [citation(3, 'More.')],
        confidence: 0.4,
      },
      info,
      'c1',
    );
    const embed = message.embeds?.[0];
    const answer = renderAnswer(answered([citation(1, 'A quote.')]), info, 'a1').embeds?.[0];
    expect(embed?.color).not.toBe(answer?.color);
    expect(embed?.description?.split('\n')[0]).toMatch(/may not answer this directly.*not a confirmed answer/);
    expect(firstQuote(embed?.description ?? '')).toBe('The closest sentence.');
    expect(embed?.description).toContain('**Also close**');
    const buttons = message.components?.[0]?.components ?? [];
    expect(buttons.map((button) => ('custom_id' in button ? button.custom_id : null))).toEqual(['answer:up:c1', 'answer:down:c1', 'answer:more:c1', 'answer:follow:c1']);
    expectWithinLimits(message);
  });

  test('a declined reply is one plain line, with feedback buttons but no passage and no More', () => {
    const message = renderAnswer(
      { kind: 'declined', question: 'Who won the 1998 World Cup?', reason: { code: 'off-topic', detail: 'nothing related' }, suggestion: null },
      info,
      'id1',
    );
    expect(message.embeds).toBeUndefined();
    expect(message.content).not.toContain('\n');
    expect(message.content).toContain('does not say');
    const buttons = message.components?.[0]?.components ?? [];
    expect(buttons.map((button) => ('custom_id' in button ? button.custom_id : null))).toEqual(['answer:up:id1', 'answer:down:id1', 'answer:more:id1', 'answer:follow:id1']);
    expect(buttons[2]).toMatchObject({ disabled: true });
    expectWithinLimits(message);
  });

  test('a declined reply passes on what to ask instead, still in one line', () => {
    const message = renderAnswer(
      { kind: 'declined', question: 'What about it?', reason: { code: 'no-content-words', detail: 'nothing to look for' }, suggestion: 'Ask about something specific.' },
      info,
      'id1',
    );
    expect(message.content).toBe('The article does not say. Ask about something specific.');
  });

  test('an invalid question is answered with the engine’s sentence', () => {
    const message = renderAnswer({ kind: 'invalid', question: '', reason: { code: 'empty', detail: 'empty' }, message: 'Please ask a question.' }, info, 'id1');
    expect(message).toEqual({ content: 'Please ask a question.', allowedMentions: { parse: [], repliedUser: false } });
  });

  test('escapes Markdown and mentions in quotes so that article text shows as written', () => {
    const quote = '**Bold** _claims_ `code` ~~gone~~ ||secret|| [link](https://x.test) @everyone @here <@123456789012345678> <#123456789012345678>';
    const message = renderAnswer(answered([citation(1, quote)]), info, 'id1');
    const description = message.embeds?.[0]?.description ?? '';
    expect(description).not.toMatch(/(?<!\\)\*\*Bold/);
    expect(description).toContain('\\@everyone');
    expect(description).toContain('\\@here');
    expect(description).toContain('\\<@123456789012345678>');
    expect(firstQuote(description)).toBe(quote);
  });

  test('a quote that starts like Markdown structure (heading, list, quote) stays inside its block quote', () => {
    for (const quote of ['# Not a heading', '- not a list', '1. not a list', '> not nested']) {
      const description = renderAnswer(answered([citation(1, quote)]), info, 'id1').embeds?.[0]?.description ?? '';
      expect(description.split('\n')[0]).toMatch(/^> (\\|1\\\.)/);
      expect(firstQuote(description)).toBe(quote);
    }
  });

  test('drops supporting quotes before it shortens the answer, to fit 4,096 characters', () => {
    const main = longQuote(200, 'main');
    const message = renderAnswer(answered([citation(1, main), citation(2, longQuote(300, 'a')), citation(3, longQuote(300, 'b'))]), info, 'id1');
    const description = message.embeds?.[0]?.description ?? '';
    expect(description).toContain(main);
    expect(description).not.toContain('b0');
    expectWithinLimits(message);
  });

  test('shortens an answer too long for an embed between two words, never inside one', () => {
    const main = longQuote(900, 'w'); // ~5,000 characters
    const message = renderAnswer(answered([citation(1, main)]), info, 'id1');
    const description = message.embeds?.[0]?.description ?? '';
    const shown = firstQuote(description);
    expect(shown.endsWith(' …')).toBe(true);
    const kept = shown.slice(0, -2);
    expect(main.startsWith(kept)).toBe(true);
    expect(main[kept.length]).toBe(' ');
    expect(description.length).toBeGreaterThan(EMBED_DESCRIPTION_LIMIT - 100);
    expectWithinLimits(message);
  });

  test('escaping that lengthens a quote still fits', () => {
    const main = Array.from({ length: 1000 }, () => '*_*').join(' '); // escaping triples it
    const message = renderAnswer(answered([citation(1, main)]), info, 'id1');
    expectWithinLimits(message);
    expect(firstQuote(message.embeds?.[0]?.description ?? '')).toMatch(/^(\*_\* )+…$/);
  });

  test('a very long question is cut for the title and the message stays under 6,000 characters', () => {
    const message = renderAnswer(answered([citation(1, longQuote(900))], [], longQuote(400, 'q')), info, 'id1');
    expect(message.embeds?.[0]?.title?.endsWith('…')).toBe(true);
    expectWithinLimits(message);
  });
});

describe('other views', () => {
  test('"More from the article" shows the next passages with citations', () => {
    const message = renderMore(answered([citation(1, 'Main.')], [citation(2, 'Next one.', { paragraph: 8 }), citation(3, 'And another.', { paragraph: 2, section: null })]), info);
    expect(message.embeds?.[0]?.description).toBe(`> Next one.\n**[1]** ¶8 · ${SECTION}\n\n> And another.\n**[2]** ¶2`);
    expectWithinLimits(message);
  });

  test('/help explains how to ask and suggests questions from the sections', () => {
    const description = renderHelp(info).embeds?.[0]?.description ?? '';
    expect(description).toContain('/ask');
    expect(description).toContain('What does the article say about why the US-Iran MoU triggers alarm in Jerusalem?');
    expect(description).toContain('What happens to the ‘Maximum Pressure’ doctrine?');
  });

  test('/about lists documents, sections, chunks, model and build time', () => {
    const description = renderAbout(info).embeds?.[0]?.description ?? '';
    for (const expected of [info.documents[0]!.title.replace('“', '“'), SECTION, '14 chunks', 'all-MiniLM-L6-v2', '<t:1735787045:f>', 'abc123def456']) {
      expect(description).toContain(expected);
    }
  });

  test('/reindex reports documents, chunks, time and the corpus hash', () => {
    const report = { documents: 1, chunks: 14, ms: 1234, corpusHash: info.corpusHash, info, startedByThisCall: true };
    expect(renderReindex(report).content).toBe(
      'Rebuilt the index: 1 document, 14 chunks in 1.2 s. Corpus hash `abc123def4567890`; now serving index `abc123def456`.',
    );
    expect(renderReindex({ ...report, startedByThisCall: false }).content).toMatch(/^A rebuild was already running/);
  });

  test('notices are cut to 2,000 characters between words', () => {
    const message = renderNotice(longQuote(400));
    expectWithinLimits(message);
    expect(message.content?.endsWith('…')).toBe(true);
  });
});

describe('text helpers', () => {
  test('truncateAtWord keeps whole words', () => {
    expect(truncateAtWord('alpha beta gamma', 100)).toBe('alpha beta gamma');
    expect(truncateAtWord('alpha beta gamma', 12)).toBe('alpha beta…');
    expect(truncateAtWord('alpha beta gamma', 11)).toBe('alpha beta…');
    expect(truncateAtWord('alpha beta gamma', 10)).toBe('alpha…');
    expect(truncateAtWord('supercalifragilistic', 5)).toBe('…');
  });

  test('escapeText neutralises mentions and Markdown but leaves plain prose alone', () => {
    expect(escapeText('The U.S.-Israel “strategic bond” (2015).')).toBe('The U.S.-Israel “strategic bond” (2015).');
    expect(escapeText('@everyone look')).toBe('\\@everyone look');
    expect(escapeText('<@&123456789012345678>')).toBe('\\<@&123456789012345678>');
  });
});

describe('deep links', () => {
  const linked: IndexInfo = { ...info, documents: [{ ...info.documents[0]!, url: 'https://example.org/story_(2026)' }] };

  test('a citation of a document with a url links its place to the quote with a text fragment', () => {
    const message = renderAnswer(answered([citation(1, 'The council voted on Tuesday to raise bus fares by ten cents next spring.')]), linked, 'id1');
    expect(message.embeds?.[0]?.description).toBe(
      `> The council voted on Tuesday to raise bus fares by ten cents next spring.\n**[1]** [¶7 · ${SECTION}](https://example.org/story_%282026%29#:~:text=The%20council%20voted%20on,ten%20cents%20next%20spring)`,
    );
  });

  test('links stay within the limits when every quote is long', () => {
    const citations = [1, 2, 3].map((n) => citation(n, longQuote(400, `q${n}-`)));
    expectWithinLimits(renderAnswer(answered(citations, citations), linked, 'id1'));
    expectWithinLimits(renderMore(answered(citations, citations), linked));
    expectWithinLimits(renderCheck(answered(citations, citations, longQuote(500)), linked, 'id1'));
  });
});

describe('renderCheck', () => {
  test('leads with the verdict and what a check is, then the quotes; a Share button only on the private copy', () => {
    const message = renderCheck(answered([citation(1, 'A quote.')], [], 'Fares rise.'), info, 'k3j9');
    expect(message.embeds?.[0]?.title).toBe('Checked: “Fares rise.”');
    expect(message.embeds?.[0]?.description).toBe(
      `**The article addresses this.**\n*What the article says, quoted word for word. It does not rate the message true or false.*\n\n> A quote.\n**[1]** ¶7 · ${SECTION}`,
    );
    expect(message.components?.[0]?.components).toEqual([expect.objectContaining({ custom_id: 'answer:share:k3j9', label: 'Share in channel' })]);
    expect(renderCheck(answered([citation(1, 'A quote.')]), info, null).components).toEqual([]);
  });

  test.each([
    ['closest', 'The article only touches on this.'],
    ['declined', 'The article does not mention this.'],
  ] as const)('a %s outcome reads “%s”', (kind, verdict) => {
    const answer: Answer =
      kind === 'closest'
        ? { kind, question: 'q', reason: { code: 'weak-match', detail: 'd' }, citations: [citation(1, 'A quote.')], more: [], confidence: 0.2 }
        : { kind, question: 'q', reason: { code: 'off-topic', detail: 'd' }, suggestion: null };
    expect(renderCheck(answer, info, 'id').embeds?.[0]?.description?.startsWith(`**${verdict}**`)).toBe(true);
  });

  test('a long claim full of mentions is escaped and cut to the title limit', () => {
    const message = renderCheck(answered([citation(1, 'A quote.')], [], `@everyone <@123456789012345678> ${longQuote(300)}`), info, 'id');
    expect(message.embeds?.[0]?.title).toMatch(/^Checked: “\\@everyone \\<@123456789012345678>/);
    expectWithinLimits(message);
  });
});

describe('renderProvenance', () => {
  const record = (overrides: Partial<Provenance> = {}): Provenance => ({
    question: 'Why do Israelis doubt America?',
    outcome: 'closest',
    reason: { code: 'weak-match', detail: 'the evidence is below the threshold' },
    confidence: 0.42,
    features: { topShare: 0.5, margin: 1.25, denseTop: 1 },
    unknownNames: [],
    unknownTerms: ['ketchup'],
    candidates: [{ doc: 'article', paragraph: 7, section: SECTION, text: 'A sentence.', score: 3.5, dense: 0.61, coverage: 0.5, contextCoverage: 0.75, kind: 'not-asked' }],
    index: info,
    at: '2025-01-02T03:04:05.000Z',
    ...overrides,
  });

  test('shows outcome and reason code, evidence, candidates with scores, index and model, and that the index is unchanged', () => {
    expect(renderProvenance(record(), info).embeds?.[0]?.description).toBe(
      [
        '**Question** Why do Israelis doubt America?',
        '**Outcome** closest (confidence 0.42)',
        '**Reason** `weak-match`: the evidence is below the threshold',
        '',
        '**Evidence** (of the best candidate)',
        'topShare 0.50 · margin 1.25 · denseTop 1',
        'Terms the article never uses: ketchup',
        '',
        '**Top candidates**',
        `1. ¶7 · ${SECTION}: score 3.50, similarity 0.61, terms 50% (with context 75%), answer kind not-asked`,
        '> A sentence.',
        '',
        `**Index** \`${info.version}\` built <t:1735787045:f>, model \`all-MiniLM-L6-v2\`; replied <t:1735787045:R>`,
        `**Since then** unchanged: still serving \`${info.version}\`.`,
      ].join('\n'),
    );
  });

  test('says when the index was rebuilt since, and whether the passages’ document changed', () => {
    const edited: IndexInfo = { ...info, version: 'fff000', documents: [{ ...info.documents[0]!, paragraphHashes: ['other'] }] };
    expect(renderProvenance(record(), edited).embeds?.[0]?.description).toContain('**Since then** the index was rebuilt: now serving `fff000`; the document of its passages changed.');
    const same: IndexInfo = { ...info, version: 'fff000' };
    expect(renderProvenance(record(), same).embeds?.[0]?.description).toContain('now serving `fff000`; no document changed.');
  });

  test('stays within the limits with long candidates and many unknown terms', () => {
    const candidates = Array.from({ length: 5 }, () => ({ ...record().candidates[0]!, text: longQuote(200), section: longQuote(40) }));
    expectWithinLimits(renderProvenance(record({ candidates, unknownTerms: longQuote(800).split(' '), question: longQuote(400) }), info));
  });
});

describe('after a rebuild', () => {
  const rebuilt: IndexInfo = {
    ...info,
    version: 'fff000',
    documents: [{ ...info.documents[0]!, paragraphHashes: ['x', ...info.documents[0]!.paragraphHashes.slice(1)] }, { ...info.documents[0]!, id: 'extra', title: 'An extra story' }],
  };

  test('/about lists what the last rebuild changed in a field of its own', () => {
    const message = renderAbout(rebuilt, { from: info.version, to: 'fff000', addedDocuments: [{ id: 'extra', title: 'An extra story' }], removedDocuments: [], changedDocuments: [{ id: 'article', title: 'Title', changed: 1, added: 2, removed: 0 }] });
    expect(message.embeds?.[0]?.fields).toEqual([{ name: `Last rebuild: ${info.version} → fff000`, value: 'Added “An extra story”\n“Title”: 1 paragraph changed, 2 paragraphs added' }]);
    expectWithinLimits(message);
    expect(renderAbout(info).embeds?.[0]?.fields).toEqual([]);
  });

  test('/about stays within the limits after a rebuild that changed hundreds of documents', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ id: `d${i}`, title: longQuote(20, `t${i}-`) }));
    expectWithinLimits(renderAbout(info, { from: 'a', to: 'b', addedDocuments: many, removedDocuments: many, changedDocuments: many.map((doc) => ({ ...doc, changed: 1, added: 0, removed: 0 })) }));
  });

  test('/reindex says what changed, and nothing more when nothing did', () => {
    const report = { documents: 2, chunks: 15, ms: 1200, corpusHash: 'f'.repeat(64), info: rebuilt, startedByThisCall: true };
    const changes = { from: info.version, to: 'fff000', addedDocuments: [], removedDocuments: [{ id: 'old', title: 'Old story' }], changedDocuments: [] };
    expect(renderReindex(report, changes).content).toMatch(/now serving index `fff000`\.\nChanged: Removed “Old story”\.$/);
    expect(renderReindex(report, { ...changes, removedDocuments: [] }).content).toMatch(/\nChanged: No document changed\.$/);
    expect(renderReindex(report).content).toMatch(/now serving index `fff000`\.$/);
  });

  test('an outdated answer’s button says so and offers Ask again', () => {
    const message = renderOutdated(info, rebuilt, 'k3j9');
    expect(message.content).toBe(`The index was rebuilt since this answer (\`${info.version}\` → \`fff000\`) and what it drew on changed, so it may no longer match the article. **Ask again** puts the question to the current index.`);
    expect(message.components?.[0]?.components).toEqual([expect.objectContaining({ custom_id: 'answer:again:k3j9', label: 'Ask again' })]);
    expect(message.allowedMentions).toEqual({ parse: [], repliedUser: false });
  });
});
