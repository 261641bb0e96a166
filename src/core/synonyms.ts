import type { WordSimilarity } from './evidence.ts';
import type { RetrievalCorpus } from './retrieve.ts';
import { isStopword, tokenize } from './terms.ts';

/** The article's content words, each with its stemmed term; embedded once per index so questions can be matched by meaning. */
export interface Vocabulary {
  /** Lower-case words as written in the article, one per term (the first seen). */
  readonly words: readonly string[];
  /** The stemmed term of each word, in the same order. */
  readonly terms: readonly string[];
}

/** Vectors of a vocabulary's words, in the same order. */
export type VocabularyVectors = readonly Float32Array[];

/** The content words of the corpus (sentences and headings), one per distinct term, in order of first appearance. */
export function vocabularyOf(corpus: RetrievalCorpus): Vocabulary {
  const seen = new Map<string, string>();
  const texts = [...corpus.chunks.map((chunk) => chunk.section ?? ''), ...corpus.sentences.map((sentence) => sentence.text)];
  for (const text of texts) {
    for (const token of tokenize(text)) {
      if (isStopword(token.word) || /\d/.test(token.word) || token.word.length < 2 || seen.has(token.term)) continue;
      seen.set(token.term, token.word);
    }
  }
  return { words: [...seen.values()], terms: [...seen.keys()] };
}

/**
 * For each question word the article lacks, the article term nearest in meaning,
 * when its cosine similarity reaches `minSimilarity` ("ceo" -> "execut", "boats" -> "ship").
 * `minSimilarity` is a cosine of the embedding model in use, so it is fitted per model.
 */
export function nearestTerms(
  wordVectors: ReadonlyMap<string, Float32Array>,
  vocabulary: Vocabulary,
  vectors: VocabularyVectors,
  minSimilarity: number,
): Map<string, string> {
  const found = new Map<string, string>();
  for (const [term, vector] of wordVectors) {
    let best = -1;
    let bestIndex = -1;
    vectors.forEach((candidate, i) => {
      let similarity = 0;
      for (let d = 0; d < vector.length; d++) similarity += (vector[d] ?? 0) * (candidate[d] ?? 0);
      if (similarity > best) {
        best = similarity;
        bestIndex = i;
      }
    });
    const match = vocabulary.terms[bestIndex];
    if (best >= minSimilarity && match !== undefined) found.set(term, match);
  }
  return found;
}

/**
 * Word-to-word similarities for one question: each question term's vector
 * against every vocabulary word's, computed once per question.
 */
export function wordSimilarityOf(wordVectors: ReadonlyMap<string, Float32Array>, vocabulary: Vocabulary, vectors: VocabularyVectors): WordSimilarity {
  const index = new Map(vocabulary.terms.map((term, i) => [term, i]));
  const rows = new Map<string, Float32Array>();
  for (const [term, vector] of wordVectors) {
    const row = new Float32Array(vectors.length);
    vectors.forEach((candidate, i) => {
      let similarity = 0;
      for (let d = 0; d < vector.length; d++) similarity += (vector[d] ?? 0) * (candidate[d] ?? 0);
      row[i] = similarity;
    });
    rows.set(term, row);
  }
  return {
    similarity(questionTerm, articleTerm) {
      const i = index.get(articleTerm);
      return i === undefined ? 0 : Math.max(0, rows.get(questionTerm)?.[i] ?? 0);
    },
  };
}
