import { describe, expect, test } from 'vitest';
import type { Answer, Citation } from '../../src/core/types.ts';
import type { IndexInfo } from '../../src/engine-types.ts';
import {
  CONTENT_LIMIT,
  EMBED_DESCRIPTION_LIMIT,
  EMBED_TITLE_LIMIT,
  MESSAGE_EMBED_TOTAL_LIMIT,
  escapeText,
  renderAbout,
  renderAnswer,
  renderHelp,
  renderMore,
  renderNotice,
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
