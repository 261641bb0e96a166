import { lexiconData, type LexiconData } from './lexicon.ts';
import { termsOf } from './retrieve.ts';
import { factsData, inheritSpeakers, readSentence, type SentenceFactsData } from './sentence-facts.ts';
import type { Analyzer, ArticleDocument, Chunk } from './types.ts';

/**
 * Everything retrieval reads that does not depend on a question, computed once
 * when the index is built and stored with it: opening an index then costs no
 * tagging and no tokenizing, however large the corpus.
 */
export interface CorpusDigest {
  /** Every term, once; the lists below name terms by their position here. */
  readonly terms: readonly string[];
  /** For each chunk, in order: the terms of its paragraph and heading. */
  readonly chunks: readonly (readonly number[])[];
  /** For each sentence, chunk after chunk: its terms and what the tagger read in it. */
  readonly sentences: readonly SentenceDigest[];
  readonly lexicon: LexiconData;
}

/** One sentence of a digest. */
export interface SentenceDigest {
  /** The sentence's terms (with its heading's, when it opens a section). */
  readonly terms: readonly number[];
  readonly facts: SentenceFactsData;
}

/** Digests documents and their chunks: tokenizes and tags every sentence once. */
export function digestCorpus(documents: readonly ArticleDocument[], chunks: readonly Chunk[], analyzer: Analyzer): CorpusDigest {
  const textOf = new Map(documents.map((document) => [document.id, document.text]));
  const position = new Map<string, number>();
  const ids = (terms: ReadonlySet<string>) =>
    [...terms].map((term) => {
      let id = position.get(term);
      if (id === undefined) {
        id = position.size;
        position.set(term, id);
      }
      return id;
    });
  const sentenceTexts: string[] = [];
  const sentences: SentenceDigest[] = [];
  const chunkTerms = chunks.map((chunk) => {
    const text = textOf.get(chunk.doc);
    if (text === undefined) throw new Error(`chunk ${chunk.id} names unknown document ${chunk.doc}`);
    // The heading is the title of the sentence that opens its section, so that sentence
    // answers a question about the section ("the ripple effects on regional power dynamics").
    const opensSection = chunk.section !== null && chunks[chunk.id - 1]?.section !== chunk.section;
    const texts = chunk.sentences.map((span) => text.slice(span.start, span.end));
    // Quoted speech is credited to its speaker across the paragraph's sentences ("…," he said).
    const facts = inheritSpeakers(
      texts.map((sentence) => readSentence(sentence, analyzer)),
      text.slice(chunk.start, chunk.end),
      chunk.sentences.map((span) => span.start - chunk.start),
    );
    texts.forEach((sentence, index) => {
      sentenceTexts.push(sentence);
      const read = facts[index];
      if (read === undefined) throw new Error('unreachable: a sentence without facts');
      sentences.push({ terms: ids(termsOf(opensSection && index === 0 ? `${chunk.section ?? ''}\n${sentence}` : sentence)), facts: factsData(read) });
    });
    return ids(termsOf(`${chunk.section ?? ''}\n${chunk.text}`));
  });
  return { terms: [...position.keys()], chunks: chunkTerms, sentences, lexicon: lexiconData(sentenceTexts, documents.map((document) => document.text)) };
}
