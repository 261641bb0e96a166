import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkDocuments, splitSentences, structureOf, titleLine } from '../../src/core/chunk.ts';
import type { ArticleDocument } from '../../src/core/types.ts';

const article: ArticleDocument = { id: 'article', title: 'Article', url: null, text: readFileSync('corpus/article.txt', 'utf8') };
const doc = (text: string): ArticleDocument => ({ id: 'doc', title: 'Doc', url: null, text });

describe('chunking the article', () => {
  const { chunks, headings } = structureOf(article);

  it('finds the four bare-line section headings', () => {
    expect(headings.map((heading) => heading.text)).toEqual([
      'Why the US-Iran MoU triggers alarm in Jerusalem',
      'How this deal alters the U.S.-Israel strategic bond',
      'The ripple effects on regional power dynamics',
      'What happens to the ‘Maximum Pressure’ doctrine?',
    ]);
  });

  it('numbers paragraphs from 1 without counting headings, and gives each its section', () => {
    expect(chunks).toHaveLength(14);
    expect(chunks.map((chunk) => chunk.paragraph)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(chunks[0]?.section).toBeNull();
    expect(chunks[1]?.section).toBeNull();
    expect(chunks[2]?.section).toBe('Why the US-Iran MoU triggers alarm in Jerusalem');
    expect(chunks[6]?.text.startsWith('This friction is not just about policy')).toBe(true);
    expect(chunks[6]?.section).toBe('How this deal alters the U.S.-Israel strategic bond');
    expect(chunks[13]?.section).toBe('What happens to the ‘Maximum Pressure’ doctrine?');
  });

  it('keeps exact offsets for every paragraph and sentence', () => {
    for (const chunk of chunks) {
      expect(article.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
      expect(chunk.text).toBe(chunk.text.trim());
      for (const sentence of chunk.sentences) {
        expect(sentence.start).toBeGreaterThanOrEqual(chunk.start);
        expect(sentence.end).toBeLessThanOrEqual(chunk.end);
        const text = article.text.slice(sentence.start, sentence.end);
        expect(text).toBe(text.trim());
      }
    }
  });

  it('covers every word of the article with a paragraph or a heading', () => {
    const covered = [...chunks, ...headings].map((part) => article.text.slice(part.start, part.end)).join(' ');
    const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
    expect(words(covered)).toBe(words(article.text));
  });

  it('does not end a sentence at "U.S." and splits at real sentence ends', () => {
    const first = chunks[0];
    expect(first?.sentences).toHaveLength(2);
    const [one, two] = first?.sentences ?? [];
    expect(article.text.slice(one?.start, one?.end)).toMatch(/^Former Israeli ambassador to the U\.S\. Danny Ayalon .* The Jerusalem Post\.$/);
    expect(article.text.slice(two?.start, two?.end)).toMatch(/^Ayalon argues/);
  });

  it('gives chunk ids that run on across documents', () => {
    const all = chunkDocuments([article, doc('A first paragraph, long enough to be one.\nHeading here\nA paragraph that is long enough to follow the heading.\n')]);
    expect(all.map((chunk) => chunk.id)).toEqual([...Array(16).keys()]);
    expect(all[15]?.doc).toBe('doc');
    expect(all[15]?.paragraph).toBe(2);
    expect(all[15]?.section).toBe('Heading here');
  });
});

describe('chunking other shapes of text', () => {
  it('reads markdown headings and joins hard-wrapped lines into one paragraph', () => {
    const text = '## First part\n\nThe first line of a paragraph that was\nwrapped by an editor at a fixed width.\n\n## Next part\nAnother paragraph.\n';
    const { chunks, headings, title } = structureOf(doc(text));
    expect(title).toBeNull();
    expect(headings.map((heading) => heading.text)).toEqual(['First part', 'Next part']);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]?.text).toBe('The first line of a paragraph that was\nwrapped by an editor at a fixed width.');
    expect(chunks[0]?.section).toBe('First part');
    expect(chunks[1]?.section).toBe('Next part');
  });

  it('takes an opening H1 as the title: not a section, not a paragraph; a later H1 is a section', () => {
    const text = '# Title\n\nThe first paragraph, before any section.\n\n# Later part\nAnother paragraph of the text.\n';
    const { chunks, headings, title } = structureOf(doc(text));
    expect(title).toEqual({ doc: 'doc', text: 'Title', start: 0, end: 7 });
    expect(headings.map((heading) => heading.text)).toEqual(['Later part']);
    expect(chunks.map((chunk) => [chunk.paragraph, chunk.section])).toEqual([
      [1, null],
      [2, 'Later part'],
    ]);
  });

  it('keeps offsets exact with CRLF line ends and leading spaces', () => {
    const text = 'Intro paragraph is here.\r\n   Second paragraph, indented.\r\n';
    const { chunks } = structureOf(doc(text));
    expect(chunks.map((chunk) => text.slice(chunk.start, chunk.end))).toEqual(['Intro paragraph is here.', 'Second paragraph, indented.']);
  });

  it('does not split after titles and initials, and folds short fragments into the next sentence', () => {
    const text = 'Dr. Smith met J. Doe in Washington today. They talked. It went well for both sides.';
    const spans = splitSentences(text, 0, text.length).map((span) => text.slice(span.start, span.end));
    expect(spans).toEqual(['Dr. Smith met J. Doe in Washington today.', 'They talked. It went well for both sides.']);
  });

  it('returns no chunks for a text of blank lines', () => {
    expect(structureOf(doc('\n\n  \n')).chunks).toEqual([]);
  });
});

describe('titleLine', () => {
  it.each([
    ['a Markdown H1', '# The New Park\n\nThe city opened a second park on Monday, its mayor said.\n', 'The New Park'],
    ['an H1 with closing hashes and blank lines before it', '\n\n# The New Park #\nThe city opened a second park on Monday.\n', 'The New Park'],
    ['a bare first line that reads like a title', 'The New Park\nThe city opened a second park on Monday, its mayor said.\n', 'The New Park'],
    ['a first line that is a sentence', 'The city opened a park.\nIt has three gates and a lake in the middle of it.\n', null],
    ['a first line as long as what follows', 'The city opened a second park on Monday\nIts mayor said so.\n', null],
    ['an H2: a section, not the title', '## Opening\nThe city opened a second park on Monday, its mayor said.\n', null],
    ['a document of one line', 'The New Park\n', null],
  ])('%s', (_, text, expected) => {
    expect(titleLine(doc(text))?.text ?? null).toBe(expected);
  });

  it('the bundled article opens with a paragraph, not a title', () => {
    expect(titleLine(article)).toBeNull();
    expect(structureOf(article).title).toBeNull();
  });
});

describe('chunking long paragraphs in linear time', () => {
  // Before sentence splitting looked only at the word before a break, a 100 KB paragraph took 2.5 s and 1 MB minutes.
  const sentence = 'Mr. Smith met J. Doe in the U.S. on Tuesday. They talked at length about it! Was it good? "Yes, it was." ';

  it('chunks a 1 MB single-paragraph document in well under a second, with the same sentences as a short one', () => {
    const repeats = Math.ceil(1_000_000 / sentence.length);
    const text = sentence.repeat(repeats).trim();
    const started = performance.now();
    const chunks = chunkDocuments([doc(text)]);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(700);
    expect(chunks).toHaveLength(1);
    const short = splitSentences(sentence, 0, sentence.length).map((span) => sentence.slice(span.start, span.end));
    expect(short).toEqual(['Mr. Smith met J. Doe in the U.S. on Tuesday.', 'They talked at length about it!', 'Was it good?', '"Yes, it was."']);
    expect(chunks[0]?.sentences).toHaveLength(repeats * short.length);
    expect(chunks[0]?.sentences.slice(-4).map((span) => text.slice(span.start, span.end))).toEqual(short);
  });

  // Each heading-like line copied the rest of the document's lines to find the next one: 1 MB of them took 20 s.
  it('chunks 1 MB of short heading-like lines in well under a second', () => {
    const text = 'Short Capital Line\nAnother Short Line\n\n'.repeat(26_000);
    const started = performance.now();
    const { chunks, headings } = structureOf(doc(text));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(chunks.length + headings.length).toBeGreaterThan(0);
  });

  // A run of periods not followed by a capital was scanned once per period: 40,000 of them took 4.4 s.
  it('scans a 1 MB run of periods, or of dotted abbreviations, once', () => {
    for (const text of [`A start. ${'.'.repeat(1_000_000)} and no capital after it.`, `U.S. ${'e.g. '.repeat(200_000)}Done here now.`]) {
      const started = performance.now();
      const spans = splitSentences(text, 0, text.length);
      expect(performance.now() - started).toBeLessThan(700);
      expect(spans.length).toBeGreaterThan(0);
      expect(spans.at(-1)?.end).toBe(text.length);
    }
  });
});
