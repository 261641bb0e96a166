import type { CorpusDigest, SentenceDigest } from './corpus-digest.ts';
import { lexiconFrom, type Lexicon } from './lexicon.ts';
import { createRelatedIndex, relatedTerms, type RelatedIndex } from './related-index.ts';
import type { Question } from './question.ts';
import { factsFrom, type SentenceFacts } from './sentence-facts.ts';
import { isStopword, tokenize } from './terms.ts';
import { TUNING } from './tuning.ts';
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
  /** What the tagger read in it: kinds of values, names, speakers. */
  readonly facts: SentenceFacts;
}

/** Everything retrieval reads, derived once from the documents, their chunks and their digest. */
export interface RetrievalCorpus {
  readonly documents: ReadonlyMap<string, ArticleDocument>;
  readonly chunks: readonly Chunk[];
  readonly sentences: readonly SentenceRecord[];
  /** The sentences of each chunk, in order, by chunk id. */
  readonly sentencesOf: readonly (readonly SentenceRecord[])[];
  readonly lexicon: Lexicon;
  /** Every term of every sentence and its context (paragraph and heading), for finding a word's forms by lookup. */
  readonly forms: RelatedIndex;
  /** For each term, the ids of the sentences whose own terms include it. */
  readonly sentencePostings: ReadonlyMap<string, readonly number[]>;
  /** For each term, the ids of the chunks whose paragraph or heading includes it. */
  readonly chunkPostings: ReadonlyMap<string, readonly number[]>;
}

/**
 * Lays out what retrieval reads from the documents, their chunks and the digest
 * made when they were indexed (see `digestCorpus`): no tokenizing or tagging, so
 * opening an index costs little more than reading it.
 * @throws Error when the digest does not describe these chunks.
 */
export function createRetrievalCorpus(documents: readonly ArticleDocument[], chunks: readonly Chunk[], digest: CorpusDigest): RetrievalCorpus {
  const textOf = new Map(documents.map((document) => [document.id, document.text]));
  if (digest.chunks.length !== chunks.length) throw new Error(`the digest describes ${digest.chunks.length} chunks, not ${chunks.length}`);
  // Postings are gathered by term position, and each sentence's sets and facts are made
  // only when a question reads them: opening a large index touches no string twice.
  const sentencePostings: number[][] = digest.terms.map(() => []);
  const chunkPostings: number[][] = digest.terms.map(() => []);
  const sentences: SentenceRecord[] = [];
  const sentencesOf: SentenceRecord[][] = [];
  for (const chunk of chunks) {
    const text = textOf.get(chunk.doc);
    if (text === undefined) throw new Error(`chunk ${chunk.id} names unknown document ${chunk.doc}`);
    const contextIds = digest.chunks[chunk.id] ?? [];
    for (const termId of contextIds) chunkPostings[termId]?.push(chunk.id);
    const context = lazy(() => new Set(contextIds.map((termId) => digest.terms[termId] ?? '')));
    const own: SentenceRecord[] = [];
    chunk.sentences.forEach((span, index) => {
      const id = sentences.length;
      const stored = digest.sentences[id];
      if (stored === undefined) throw new Error(`the digest describes ${digest.sentences.length} sentences, fewer than the chunks hold`);
      for (const termId of stored.terms) sentencePostings[termId]?.push(id);
      const record = new StoredSentence(id, chunk, index, span, text, stored, digest.terms, context);
      sentences.push(record);
      own.push(record);
    });
    sentencesOf.push(own);
  }
  if (sentences.length !== digest.sentences.length) throw new Error(`the digest describes ${digest.sentences.length} sentences, more than the chunks hold`);
  const byTerm = (postings: number[][]) => new Map(digest.terms.flatMap((term, i) => ((postings[i]?.length ?? 0) === 0 ? [] : [[term, postings[i] ?? []] as const])));
  return {
    documents: new Map(documents.map((document) => [document.id, document])),
    chunks,
    sentences,
    sentencesOf,
    lexicon: lexiconFrom(digest.lexicon),
    forms: createRelatedIndex(digest.terms),
    sentencePostings: byTerm(sentencePostings),
    chunkPostings: byTerm(chunkPostings),
  };
}

/** A sentence of a stored index: its sets and facts are made from the digest when first read. */
class StoredSentence implements SentenceRecord {
  readonly start: number;
  readonly end: number;
  #terms: Set<string> | null = null;
  #facts: SentenceFacts | null = null;

  constructor(
    readonly id: number,
    readonly chunk: Chunk,
    readonly index: number,
    span: { readonly start: number; readonly end: number },
    private readonly documentText: string,
    private readonly stored: SentenceDigest,
    private readonly allTerms: readonly string[],
    private readonly context: () => ReadonlySet<string>,
  ) {
    this.start = span.start;
    this.end = span.end;
  }

  get text(): string {
    return this.documentText.slice(this.start, this.end);
  }

  get terms(): ReadonlySet<string> {
    return (this.#terms ??= new Set(this.stored.terms.map((termId) => this.allTerms[termId] ?? '')));
  }

  get contextTerms(): ReadonlySet<string> {
    return this.context();
  }

  get facts(): SentenceFacts {
    return (this.#facts ??= factsFrom(this.stored.facts));
  }
}

/** A value made on first use and kept. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/**
 * The texts to embed, in label order: every paragraph (with its heading, which
 * names its topic), then every sentence. Label `i < chunks.length` is paragraph
 * `i`; label `chunks.length + j` is sentence `j`, in the order of
 * `createRetrievalCorpus`.
 */
export function embeddingTexts(documents: readonly ArticleDocument[], chunks: readonly Chunk[]): string[] {
  const textOf = new Map(documents.map((document) => [document.id, document.text]));
  return [
    ...chunks.map((chunk) => (chunk.section === null ? chunk.text : `${chunk.section}\n${chunk.text}`)),
    ...chunks.flatMap((chunk) => chunk.sentences.map((span) => (textOf.get(chunk.doc) ?? '').slice(span.start, span.end))),
  ];
}

/** Cosine similarity of a question to sentences and paragraphs, from the nearest vectors of the index. */
export interface DenseScores {
  /** Sentence id -> similarity. */
  readonly sentences: ReadonlyMap<number, number>;
  /** Chunk id -> similarity. */
  readonly paragraphs: ReadonlyMap<number, number>;
  /** What a unit beyond the nearest vectors counts as: at most as similar as the least similar one read. */
  readonly floor: number;
}

/** Reads the nearest paragraphs and sentences of the question's vector. */
export function denseScores(queryVector: Float32Array, { corpus, vectors }: { corpus: RetrievalCorpus; vectors: VectorSearch }): DenseScores {
  const paragraphs = corpus.chunks.length;
  const hits = vectors.search(queryVector, Math.min(vectors.size, TUNING.denseCandidates));
  const paragraphDense = new Map<number, number>();
  const sentenceDense = new Map<number, number>();
  for (const hit of hits) {
    if (hit.label < paragraphs) paragraphDense.set(hit.label, hit.score);
    else sentenceDense.set(hit.label - paragraphs, hit.score);
  }
  const floor = hits.length === 0 ? 0 : Math.min(...hits.map((hit) => hit.score));
  return { sentences: sentenceDense, paragraphs: paragraphDense, floor };
}

/** The corpus terms of a text, as the lexicon matches them. */
export function termsOf(text: string): Set<string> {
  return new Set(
    tokenize(text)
      .filter((token) => !isStopword(token.word))
      .map((token) => token.term),
  );
}

/**
 * `matchedTerms` for many sets of present terms at once: which corpus terms
 * stand for which of the question's terms is looked up once per question, so
 * each set costs one lookup per present term rather than a comparison with every
 * question term.
 */
export function termMatcher(terms: readonly string[], corpus: Pick<RetrievalCorpus, 'forms' | 'lexicon'>): (present: ReadonlySet<string>) => Set<string> {
  const standsFor = new Map<string, string[]>();
  for (const term of terms) {
    for (const word of corpus.forms.related(term)) {
      const matches = standsFor.get(word);
      if (matches === undefined) standsFor.set(word, [term]);
      else if (!matches.includes(term)) matches.push(term);
    }
  }
  const acronyms = terms.flatMap((term) => {
    const words = corpus.lexicon.expansion(term);
    return words === null ? [] : [[term, words] as const];
  });
  return (present) => {
    const found = new Set<string>();
    for (const word of present) for (const term of standsFor.get(word) ?? []) found.add(term);
    for (const term of terms) if (present.has(term)) found.add(term);
    for (const [term, words] of acronyms) if (words.every((word) => present.has(word))) found.add(term);
    return found;
  };
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
    return term === question.answerType && !known ? TUNING.answerTypeWeight * weight : weight;
  });
}
