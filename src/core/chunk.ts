import type { ArticleDocument, Chunk, SentenceSpan } from './types.ts';

/** Bumped whenever chunking changes, so that an index built by an older chunker is rebuilt. */
export const CHUNKER_VERSION = 2;

/** A section heading found in a document, with its offsets. */
export interface Heading {
  readonly doc: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The structure of one document: its title line, paragraphs (as chunks) and headings. */
export interface DocumentStructure {
  /** The line the document opens with when it is its title (see `titleLine`); neither a section nor a paragraph. */
  readonly title: Heading | null;
  readonly chunks: Chunk[];
  readonly headings: Heading[];
}

/**
 * Splits documents into paragraph chunks with exact `[start, end)` offsets,
 * 1-based paragraph numbers (headings not counted), section headings and
 * sentence spans. Chunk ids run on across documents.
 */
export function chunkDocuments(documents: readonly ArticleDocument[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (const document of documents) {
    for (const chunk of structureOf(document).chunks) chunks.push({ ...chunk, id: chunks.length });
  }
  return chunks;
}

/**
 * The line a document opens with when it is the document's title: a Markdown H1
 * (`# Title`, its text returned without the hashes), or a bare first line that reads
 * like a heading (short, not a sentence, a longer paragraph after it). Null otherwise:
 * a document that opens with its first paragraph, or with an `## H2` section.
 */
export function titleLine(document: ArticleDocument): Heading | null {
  const lines = linesOf(document.text);
  const index = titleIndex(lines, document.text);
  const line = index === null ? undefined : lines[index];
  if (line === undefined) return null;
  const text = headingText(line, lines, index ?? 0, document.text) ?? line.text;
  return { doc: document.id, text, start: line.start, end: line.end };
}

/** The paragraphs and headings of one document. Chunk ids start at 0. */
export function structureOf(document: ArticleDocument): DocumentStructure {
  const lines = linesOf(document.text);
  const titleAt = titleIndex(lines, document.text);
  const chunks: Chunk[] = [];
  const headings: Heading[] = [];
  let section: string | null = null;
  let paragraph: { start: number; end: number } | null = null;

  const flush = () => {
    if (paragraph === null) return;
    const { start, end } = paragraph;
    chunks.push({
      id: chunks.length,
      doc: document.id,
      paragraph: chunks.length + 1,
      section,
      start,
      end,
      text: document.text.slice(start, end),
      sentences: splitSentences(document.text, start, end),
    });
    paragraph = null;
  };

  lines.forEach((line, i) => {
    if (line.blank || i === titleAt) {
      flush();
      return;
    }
    const heading = headingText(line, lines, i, document.text);
    if (heading !== null) {
      flush();
      section = heading;
      headings.push({ doc: document.id, text: heading, start: line.start, end: line.end });
      return;
    }
    const previous = lines[i - 1];
    // A line continues the paragraph above only when that line stopped mid-sentence
    // (hard-wrapped text); otherwise every line is a paragraph of its own.
    if (paragraph !== null && previous !== undefined && !endsSentence(previous.text)) {
      paragraph.end = line.end;
      return;
    }
    flush();
    paragraph = { start: line.start, end: line.end };
  });
  flush();
  return { title: titleLine(document), chunks, headings };
}

/** Index of the title line among `lines` (see `titleLine`), or null. */
function titleIndex(lines: readonly Line[], text: string): number | null {
  const index = lines.findIndex((line) => !line.blank);
  const first = lines[index];
  if (first === undefined) return null;
  if (/^#{2,6}\s/.test(first.text)) return null;
  return headingText(first, lines, index, text) === null ? null : index;
}

/**
 * Sentence spans of `text.slice(start, end)`, as offsets into `text`. Splits after
 * `.`, `!` or `?` (and any closing quotes) followed by space and a capital, digit
 * or opening quote; not after titles, initials or dotted abbreviations such as
 * "U.S."; fragments of fewer than three words join the next sentence.
 */
export function splitSentences(text: string, start: number, end: number): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  // A sentence ends at . ! or ? (with closing quotes, brackets or Markdown emphasis)
  // before a capital, a digit or an opening quote; a new line that starts a list item ends one too.
  // The lookbehind starts a match only at the first mark of a run ("..."), so a long
  // run of marks is scanned once rather than once per mark.
  const boundary = /(?<![.!?])[.!?]+["'”’)\]*_]*(?=\s+["'“‘([*_]*[\p{Lu}\d])|(?<=\S)[ \t]*(?=\r?\n[ \t]*(?:[-*+]|\d+[.)])\s)/gu;
  const slice = text.slice(start, end);
  let from = 0;
  for (const match of slice.matchAll(boundary)) {
    const stop = match.index + match[0].length;
    if (isAbbreviation(slice, match.index)) continue;
    if (wordCount(slice.slice(from, stop)) < 3) continue;
    spans.push(trimSpan(text, start + from, start + stop));
    from = stop;
  }
  if (from < slice.length && slice.slice(from).trim() !== '') {
    const rest = trimSpan(text, start + from, end);
    const last = spans.at(-1);
    if (last !== undefined && wordCount(text.slice(rest.start, rest.end)) < 3) spans[spans.length - 1] = { start: last.start, end: rest.end };
    else spans.push(rest);
  }
  return spans;
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'sgt', 'st', 'jr', 'sr', 'vs', 'etc', 'no', 'inc', 'corp', 'co', 'ltd', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);

/**
 * Whether the mark at `slice[at]` is a period ending a title, an initial or a dotted
 * abbreviation. Looks only at the word before it (letters and periods), so the cost
 * does not grow with the paragraph.
 */
function isAbbreviation(slice: string, at: number): boolean {
  if (slice[at] !== '.') return false;
  const word = wordBefore(slice, at);
  if (word.includes('.')) return true; // U.S., e.g., Ph.D.
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: "J. Smith"
  return TITLES.has(word.toLowerCase());
}

/** The run of letters and periods that ends right before `text[at]`, read backwards by code point. */
function wordBefore(text: string, at: number): string {
  let from = at;
  while (from > 0) {
    const low = text.charCodeAt(from - 1);
    // Step over a whole surrogate pair, so letters outside the BMP count as letters.
    const width = low >= 0xdc00 && low <= 0xdfff && from > 1 && isHighSurrogate(text.charCodeAt(from - 2)) ? 2 : 1;
    if (!WORD_CHAR.test(text.slice(from - width, from))) break;
    from -= width;
  }
  return text.slice(from, at);
}

const WORD_CHAR = /^[\p{L}.]$/u;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

interface Line {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly blank: boolean;
}

/** Lines with trimmed `[start, end)` offsets; `\r\n` and `\n` both end a line. */
function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  const pattern = /[^\n]*(?:\n|$)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[0] === '' && match.index >= text.length) break;
    const raw = match[0].replace(/\r?\n$/, '');
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    const start = match.index + lead;
    lines.push({ start, end: start + body.length, text: body, blank: body === '' });
  }
  return lines;
}

/**
 * The heading a line stands for, or null. Markdown headings (`# …`) always are;
 * a bare line is one when it is short, has no sentence inside it, does not end
 * like a sentence (a question mark is allowed) and a paragraph follows it.
 */
function headingText(line: Line, lines: readonly Line[], index: number, text: string): string | null {
  const markdown = /^#{1,6}\s+(.+?)\s*#*$/.exec(line.text);
  if (markdown?.[1] !== undefined) return markdown[1];
  const words = wordCount(line.text);
  if (words === 0 || words > 14 || line.text.length > 110) return null;
  if (!/^["'“‘(]?[\p{Lu}\d]/u.test(line.text)) return null;
  if (/[.!:;,…"”]$/.test(line.text)) return null;
  if (splitSentences(text, line.start, line.end).length > 1) return null;
  const next = nextNonBlank(lines, index);
  if (next === undefined) return null;
  return wordCount(next.text) > words ? line.text : null;
}

/** The first non-blank line after `index`, without copying the rest of the document (that made chunking quadratic in lines). */
function nextNonBlank(lines: readonly Line[], index: number): Line | undefined {
  for (let i = index + 1; i < lines.length; i++) if (!lines[i]!.blank) return lines[i];
  return undefined;
}

function endsSentence(line: string): boolean {
  return /[.!?…:]["'”’)\]]*$/.test(line) || /^#{1,6}\s/.test(line);
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

function trimSpan(text: string, start: number, end: number): SentenceSpan {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}
