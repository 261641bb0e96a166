import { givesExpected } from './expected-answer.ts';
import { buildLexicon, relatedTerms, type Lexicon } from './lexicon.ts';
import type { Question } from './question.ts';
import { isStopword, tokenize } from './terms.ts';
import type { ArticleDocument, Chunk, VectorSearch } from './types.ts';

/** A sentence of the corpus, the unit an answer quotes. */
export interface SentenceRecord {
  /** Position among all sentences of the corpus. */
  readonly id: number;
  readonly chunk: Chunk;
  /** Position inside its paragraph. */
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The sentence's terms, and those of its paragraph and heading (see `termsOf`). */
  readonly terms: ReadonlySet<string>;
  readonly contextTerms: ReadonlySet<string>;
}

/** Everything retrieval reads, derived once from the documents and their chunks. */
export interface RetrievalCorpus {
  readonly documents: ReadonlyMap<string, ArticleDocument>;
  readonly chunks: readonly Chunk[];
  readonly sentences: readonly SentenceRecord[];
  readonly lexicon: Lexicon;
}

/** A sentence scored against a question. All scores are in 0..1 except `dense` (cosine). */
export interface RankedSentence {
  readonly sentence: SentenceRecord;
  /** Cosine similarity of the question and the sentence. */
  readonly dense: number;
  /** Cosine similarity of the question and the sentence's paragraph. */
  readonly paragraphDense: number;
  /** IDF-weighted share of the question's terms found in the sentence (full) or its paragraph and heading (half). */
  readonly coverage: number;
  /** The same, unnormalized: the summed IDF of what was found, i.e. how much the match says. */
  readonly matchedWeight: number;
  /** The fused score used for ranking. */
  readonly score: number;
}

/** Weights of the fused score. Dense similarity finds paraphrases; coverage keeps the facts asked for. */
const WEIGHTS = { dense: 0.45, paragraph: 0.15, coverage: 0.4 } as const;

/** Added to the score of a sentence that holds the kind of answer asked for (a number for "how many", …). */
const EXPECTED_BONUS = 0.1;

/** How much a term found only in the sentence's paragraph or heading counts. */
const CONTEXT_CREDIT = 0.5;

export function createRetrievalCorpus(documents: readonly ArticleDocument[], chunks: readonly Chunk[]): RetrievalCorpus {
  const sentences: SentenceRecord[] = [];
  for (const chunk of chunks) {
    const document = documents.find((candidate) => candidate.id === chunk.doc);
    if (document === undefined) throw new Error(`chunk ${chunk.id} names unknown document ${chunk.doc}`);
    const contextTerms = termsOf(`${chunk.section ?? ''}\n${chunk.text}`);
    // The heading is the title of the sentence that opens its section, so that sentence
    // answers a question about the section ("the ripple effects on regional power dynamics").
    const opensSection = chunk.section !== null && chunks[chunk.id - 1]?.section !== chunk.section;
    chunk.sentences.forEach((span, index) => {
      const text = document.text.slice(span.start, span.end);
      const terms = termsOf(opensSection && index === 0 ? `${chunk.section ?? ''}\n${text}` : text);
      sentences.push({ id: sentences.length, chunk, index, start: span.start, end: span.end, text, terms, contextTerms });
    });
  }
  return {
    documents: new Map(documents.map((document) => [document.id, document])),
    chunks,
    sentences,
    lexicon: buildLexicon(
      sentences.map((sentence) => sentence.text),
      documents.map((document) => document.text),
    ),
  };
}

/**
 * The texts to embed, in label order: every paragraph (with its heading, which
 * names its topic), then every sentence. Label `i < chunks.length` is paragraph
 * `i`; label `chunks.length + j` is sentence `j`.
 */
export function embeddingTexts(corpus: RetrievalCorpus): string[] {
  return [
    ...corpus.chunks.map((chunk) => (chunk.section === null ? chunk.text : `${chunk.section}\n${chunk.text}`)),
    ...corpus.sentences.map((sentence) => sentence.text),
  ];
}

/** Most vectors read from the index for one question. */
const DENSE_CANDIDATES = 200;

/**
 * Ranks every sentence of the corpus for a question by a fusion of dense
 * similarity (sentence and paragraph) and lexical coverage of the question's terms.
 */
export function rankSentences(
  question: Question,
  queryVector: Float32Array,
  { corpus, vectors }: { corpus: RetrievalCorpus; vectors: VectorSearch },
): RankedSentence[] {
  const paragraphs = corpus.chunks.length;
  const hits = vectors.search(queryVector, Math.min(vectors.size, DENSE_CANDIDATES));
  const paragraphDense = new Map<number, number>();
  const sentenceDense = new Map<number, number>();
  for (const hit of hits) {
    if (hit.label < paragraphs) paragraphDense.set(hit.label, hit.score);
    else sentenceDense.set(hit.label - paragraphs, hit.score);
  }
  // Units beyond the candidates are at most as similar as the least similar candidate.
  const floor = hits.length === 0 ? 0 : Math.min(...hits.map((hit) => hit.score));
  const weights = termWeights(question, corpus.lexicon);
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);

  return corpus.sentences
    .map((sentence) => {
      const matchedWeight = coverageOf(question.terms, weights, sentence, corpus);
      const coverage = totalWeight === 0 ? 0 : matchedWeight / totalWeight;
      const dense = sentenceDense.get(sentence.id) ?? floor;
      const paragraph = paragraphDense.get(sentence.chunk.id) ?? floor;
      const expected = question.expects !== null && givesExpected(question, sentence.text) ? EXPECTED_BONUS : 0;
      const score = WEIGHTS.dense * dense + WEIGHTS.paragraph * paragraph + WEIGHTS.coverage * coverage + expected;
      return { sentence, dense, paragraphDense: paragraph, coverage, matchedWeight, score };
    })
    .sort((a, b) => b.score - a.score || a.sentence.id - b.sentence.id);
}

/** The corpus terms of a text, as the lexicon matches them. */
export function termsOf(text: string): Set<string> {
  return new Set(
    tokenize(text)
      .filter((token) => !isStopword(token.word))
      .map((token) => token.term),
  );
}

/** Which of the question's terms are among `present`, as the same word or a related form, or as an acronym's words. */
export function matchedTerms(terms: readonly string[], present: ReadonlySet<string>, lexicon: Lexicon): Set<string> {
  return new Set(
    terms.filter((term) => {
      if (present.has(term)) return true;
      for (const word of present) if (relatedTerms(term, word)) return true;
      return lexicon.expansion(term)?.every((word) => present.has(word)) ?? false;
    }),
  );
}

/**
 * How much each of the question's terms counts: its IDF, where a term the corpus
 * lacks counts as the rarest. The answer-type noun ("Which *outlet* …") names the
 * kind of answer rather than words of it, so when the corpus lacks it, it counts less.
 */
export function termWeights(question: Question, lexicon: Lexicon): number[] {
  return question.terms.map((term) => {
    const known = lexicon.match(term) !== null || lexicon.expansion(term) !== null;
    const weight = lexicon.idf(term);
    return term === question.answerType && !known ? ANSWER_TYPE_WEIGHT * weight : weight;
  });
}

/** Share of its weight an answer-type noun keeps when the corpus lacks it. */
const ANSWER_TYPE_WEIGHT = 0.3;

function coverageOf(terms: readonly string[], weights: readonly number[], sentence: SentenceRecord, corpus: RetrievalCorpus): number {
  const inSentence = matchedTerms(terms, sentence.terms, corpus.lexicon);
  const inContext = matchedTerms(terms, sentence.contextTerms, corpus.lexicon);
  return terms.reduce((sum, term, i) => {
    const weight = weights[i] ?? 0;
    if (inSentence.has(term)) return sum + weight;
    if (inContext.has(term)) return sum + CONTEXT_CREDIT * weight;
    return sum;
  }, 0);
}
