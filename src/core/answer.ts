import { judge, MIN_MATCHED_WEIGHT } from './judge.ts';
import type { Lexicon } from './lexicon.ts';
import type { Question } from './question.ts';
import { matchedTerms, termsOf, type RankedSentence, type RetrievalCorpus, type SentenceRecord } from './retrieve.ts';
import type { Answer, Citation } from './types.ts';

/** Limits on the reply. */
export interface AnswerLimits {
  /** Longest first quote, in characters. */
  readonly maxChars: number;
  /** How many supporting quotes may follow the first. */
  readonly maxSupporting: number;
}

/** How many further passages an answer offers for "more from the article". */
export const MORE_PASSAGES = 3;

/** A supporting quote must score at least this share of the answer's score. */
const SUPPORT_RATIO = 0.6;

/** An adjacent sentence joins the answer only if it adds at least this share of the asked-about terms. */
const NEIGHBOUR_GAIN = 0.15;

/**
 * Turns ranked sentences into an Answer. The first citation is the answer: the
 * best sentence (with a neighbour when that one holds more of what is asked),
 * at most two sentences and `maxChars` characters; up to `maxSupporting` others
 * support it. When the evidence does not answer, the reply is a decline that
 * may point to the closest passage. Every quote is an exact slice of its document.
 */
export function composeAnswer(
  question: Question,
  ranked: readonly RankedSentence[],
  corpus: RetrievalCorpus,
  limits: AnswerLimits,
): Answer {
  const best = ranked[0];
  const first = best === undefined ? null : answerSpan(best.sentence, question, corpus, limits.maxChars);
  const firstQuote = first === null ? '' : quoteOf(corpus, first);
  const verdict = judge(question, best, firstQuote, corpus.lexicon);

  if (!verdict.answers || best === undefined || first === null) {
    // Point to the nearest passage only when it shares something telling with the question.
    const closest = best !== undefined && first !== null && best.matchedWeight >= MIN_MATCHED_WEIGHT ? citation(corpus, first, 1, best.score) : null;
    return {
      kind: 'not-in-article',
      question: question.text,
      reason: verdict.answers ? 'no passage' : verdict.reason,
      closest,
      suggestion: verdict.answers ? null : (verdict.suggestion ?? null),
    };
  }

  const cited: Span[] = [first];
  const citations: Citation[] = [citation(corpus, first, 1, best.score)];
  const more: Citation[] = [];
  for (const candidate of ranked.slice(1)) {
    if (citations.length > limits.maxSupporting && more.length >= MORE_PASSAGES) break;
    if (candidate.coverage === 0 || cited.some((span) => overlaps(span, candidate.sentence))) continue;
    const span = fitSpan(candidate.sentence, question, corpus.lexicon, limits.maxChars);
    if (citations.length <= limits.maxSupporting && candidate.score >= SUPPORT_RATIO * best.score) {
      citations.push(citation(corpus, span, citations.length + 1, candidate.score));
    } else if (more.length < MORE_PASSAGES) {
      more.push(citation(corpus, span, more.length + 1, candidate.score));
    }
    cited.push(span);
  }
  return { kind: 'answered', question: question.text, citations, more };
}

/** A quotable `[start, end)` range of one paragraph. */
interface Span {
  readonly doc: string;
  readonly paragraph: number;
  readonly section: string | null;
  readonly start: number;
  readonly end: number;
}

/**
 * The best sentence, joined with the sentence before or after it when the pair
 * fits and holds clearly more of the question's terms; trimmed to `maxChars`.
 */
function answerSpan(sentence: SentenceRecord, question: Question, corpus: RetrievalCorpus, maxChars: number): Span {
  const alone = fitSpan(sentence, question, corpus.lexicon, maxChars);
  const siblings = corpus.sentences.filter((other) => other.chunk === sentence.chunk);
  const text = documentText(corpus, sentence.chunk.doc);
  const share = (start: number, end: number) => weightedShare(question, text.slice(start, end), corpus.lexicon);
  let chosen = alone;
  let chosenShare = share(alone.start, alone.end);
  for (const neighbour of [siblings[sentence.index - 1], siblings[sentence.index + 1]]) {
    if (neighbour === undefined) continue;
    const start = Math.min(sentence.start, neighbour.start);
    const end = Math.max(sentence.end, neighbour.end);
    if (end - start > maxChars) continue;
    const pairShare = share(start, end);
    if (pairShare >= chosenShare + NEIGHBOUR_GAIN) {
      chosen = { ...alone, start, end };
      chosenShare = pairShare;
    }
  }
  return chosen;
}

/**
 * A sentence as a span of at most `maxChars`: whole when it fits, otherwise the
 * run of clauses (cut at , ; : — and brackets) holding the most asked-about
 * terms, or failing that a run of whole words.
 */
function fitSpan(sentence: SentenceRecord, question: Question, lexicon: Lexicon, maxChars: number): Span {
  const base = { doc: sentence.chunk.doc, paragraph: sentence.chunk.paragraph, section: sentence.chunk.section };
  if (sentence.end - sentence.start <= maxChars) return { ...base, start: sentence.start, end: sentence.end };
  const cuts = boundaries(sentence.text, /[,;:—–()]\s*/g);
  const words = boundaries(sentence.text, /\s+/g);
  const window = bestWindow(sentence.text, cuts, question, lexicon, maxChars) ?? bestWindow(sentence.text, words, question, lexicon, maxChars);
  const [from, to] = window ?? [0, maxChars];
  const trimmed = trimEdges(sentence.text, from, to);
  return { ...base, start: sentence.start + trimmed[0], end: sentence.start + trimmed[1] };
}

/** Offsets where a piece of `text` may start or end: its edges and just after each separator. */
function boundaries(text: string, separator: RegExp): number[] {
  const points = [0];
  for (const match of text.matchAll(separator)) points.push(match.index + match[0].length);
  points.push(text.length);
  return [...new Set(points)].sort((a, b) => a - b);
}

function bestWindow(text: string, points: readonly number[], question: Question, lexicon: Lexicon, maxChars: number): [number, number] | null {
  let best: [number, number] | null = null;
  let bestShare = -1;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const from = points[i] ?? 0;
      const to = points[j] ?? 0;
      if (to - from > maxChars) break;
      const share = weightedShare(question, text.slice(from, to), lexicon);
      if (share > bestShare || (share === bestShare && best !== null && to - from > best[1] - best[0])) {
        best = [from, to];
        bestShare = share;
      }
    }
  }
  return best;
}

/** Drops white space and dangling separators at both ends of `text.slice(from, to)`. */
function trimEdges(text: string, from: number, to: number): [number, number] {
  while (from < to && /[\s,;:—–)]/.test(text[from] ?? '')) from++;
  while (to > from && /[\s,;:—–(]/.test(text[to - 1] ?? '')) to--;
  return [from, to];
}

function weightedShare(question: Question, text: string, lexicon: Lexicon): number {
  const found = matchedTerms(question.terms, termsOf(text), lexicon);
  let total = 0;
  let got = 0;
  for (const term of question.terms) {
    const weight = lexicon.idf(term);
    total += weight;
    if (found.has(term)) got += weight;
  }
  return total === 0 ? 0 : got / total;
}

function overlaps(span: Span, sentence: SentenceRecord): boolean {
  return span.doc === sentence.chunk.doc && span.start < sentence.end && sentence.start < span.end;
}

function documentText(corpus: RetrievalCorpus, doc: string): string {
  const document = corpus.documents.get(doc);
  if (document === undefined) throw new Error(`unknown document ${doc}`);
  return document.text;
}

function quoteOf(corpus: RetrievalCorpus, span: Span): string {
  return documentText(corpus, span.doc).slice(span.start, span.end);
}

function citation(corpus: RetrievalCorpus, span: Span, n: number, score: number): Citation {
  return {
    n,
    quote: quoteOf(corpus, span),
    doc: span.doc,
    start: span.start,
    end: span.end,
    paragraph: span.paragraph,
    section: span.section,
    score: Math.round(Math.max(0, Math.min(1, score)) * 1000) / 1000,
  };
}
