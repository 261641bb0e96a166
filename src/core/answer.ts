import { kindMatch } from './answer-kind.ts';
import type { Decision } from './decide.ts';
import type { Lexicon } from './lexicon.ts';
import type { Question } from './question.ts';
import type { RankedCandidate } from './rank.ts';
import { matchedTerms, termsOf, type RetrievalCorpus, type SentenceRecord } from './retrieve.ts';
import { TUNING } from './tuning.ts';
import type { Answer, Citation } from './types.ts';

/** Limits on the reply. */
export interface AnswerLimits {
  /** Longest first quote, in characters. */
  readonly maxChars: number;
  /** How many supporting quotes may follow the first. */
  readonly maxSupporting: number;
}

/** Suggested to the asker of a question with nothing to look for. */
const TOO_GENERAL = 'Ask about something specific, such as a person, a claim, a number or an event in the article.';

/**
 * Turns a decision and the ranked candidates into an Answer. The first citation
 * is the best sentence (with a neighbour when that one holds more of what is
 * asked), at most two sentences and `maxChars` characters; for an answer, up to
 * `maxSupporting` others support it; for `closest`, they are the next closest
 * passages. Every quote is an exact slice of its document.
 */
export function composeAnswer(question: Question, decision: Decision, ranked: readonly RankedCandidate[], corpus: RetrievalCorpus, limits: AnswerLimits): Answer {
  const best = ranked[0];
  if (decision.outcome === 'declined' || decision.reason?.code === 'empty-corpus' || best === undefined) {
    const reason = decision.reason ?? { code: 'empty-corpus', detail: 'nothing is indexed' };
    return { kind: 'declined', question: question.asked, reason, suggestion: reason.code === 'no-content-words' ? TOO_GENERAL : null };
  }
  const runnersUp = new Set(ranked.slice(1, 3).filter((candidate) => best.score - candidate.score <= TUNING.supportGap).map((candidate) => candidate.sentence.id));
  const first = answerSpan(best.sentence, question, corpus, limits.maxChars, runnersUp);
  const cited: Span[] = [first];
  const citations: Citation[] = [citation(corpus, first, 1, decision.outcome === 'answered' ? decision.confidence : relevance(best, best))];
  const more: Citation[] = [];
  for (const candidate of ranked.slice(1)) {
    if (citations.length > limits.maxSupporting && more.length >= TUNING.morePassages) break;
    if (candidate.contextCoverage === 0 && candidate.dense < best.dense) continue;
    if (cited.some((span) => overlaps(span, candidate.sentence))) continue;
    const span = fitSpan(candidate.sentence, question, corpus.lexicon, limits.maxChars);
    if (citations.length <= limits.maxSupporting && best.score - candidate.score <= TUNING.supportGap) {
      citations.push(citation(corpus, span, citations.length + 1, relevance(candidate, best)));
    } else if (more.length < TUNING.morePassages) {
      more.push(citation(corpus, span, more.length + 1, relevance(candidate, best)));
    }
    cited.push(span);
  }
  if (decision.outcome === 'answered') return { kind: 'answered', question: question.asked, citations, more, confidence: decision.confidence };
  const reason = decision.reason ?? { code: 'weak-match', detail: 'not confident' };
  return { kind: 'closest', question: question.asked, reason, citations, more, confidence: decision.confidence };
}

/** A candidate's score relative to the best one, 0..1 (1 for the best): how much less the ranker favours it. */
function relevance(candidate: RankedCandidate, best: RankedCandidate): number {
  return Math.exp(Math.min(0, candidate.score - best.score));
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
 * fits and that sentence holds the kind of answer asked for while the best one
 * does not ("Ortega was less charitable." then "…," he said.), is the ranker's
 * runner-up, or holds clearly more of the question's terms; trimmed to `maxChars`.
 */
function answerSpan(sentence: SentenceRecord, question: Question, corpus: RetrievalCorpus, maxChars: number, runnersUp: ReadonlySet<number>): Span {
  const alone = fitSpan(sentence, question, corpus.lexicon, maxChars);
  const siblings = corpus.sentencesOf[sentence.chunk.id] ?? [];
  const text = documentText(corpus, sentence.chunk.doc);
  const share = (start: number, end: number) => weightedShare(question, text.slice(start, end), corpus.lexicon);
  const lacksKind = kindMatch(question, sentence.facts) === 'missing';
  let chosen = alone;
  let chosenShare = share(alone.start, alone.end);
  let chosenHasKind = false;
  for (const neighbour of [siblings[sentence.index - 1], siblings[sentence.index + 1]]) {
    if (neighbour === undefined) continue;
    if (chosenHasKind) break;
    const start = Math.min(sentence.start, neighbour.start);
    const end = Math.max(sentence.end, neighbour.end);
    if (end - start > maxChars) continue;
    const pairShare = share(start, end);
    if (lacksKind && kindMatch(question, neighbour.facts) === 'found') {
      chosen = { ...alone, start, end };
      chosenShare = pairShare;
      chosenHasKind = true;
    } else if (runnersUp.has(neighbour.id) && chosen === alone) {
      // The ranker's runner-up right beside the best sentence: the answer may run over both.
      chosen = { ...alone, start, end };
      chosenShare = pairShare;
    } else if (pairShare >= chosenShare + TUNING.neighbourGain) {
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
