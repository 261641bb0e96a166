import type { WordSimilarity } from './evidence.ts';
import { isStopword, tokenize } from './terms.ts';

/** The article's content words, each with its stemmed term; embedded once per index so questions can be matched by meaning. */
export interface Vocabulary {
  /** Lower-case words as written in the article, one per term (the first seen). */
  readonly words: readonly string[];
  /** The stemmed term of each word, in the same order. */
  readonly terms: readonly string[];
}

/** A vocabulary with its words' vectors, laid out for fast scans: built once per index. */
export interface VocabularyVectors {
  readonly vocabulary: Vocabulary;
  /** Position of each term in `vocabulary.terms`. */
  readonly position: ReadonlyMap<string, number>;
  /** The vectors, row after row (`terms.length` × `dimensions`). */
  readonly matrix: Float32Array;
  readonly dimensions: number;
}

/** A vocabulary over its vectors, given row after row in one matrix. */
export function vocabularyMatrix(vocabulary: Vocabulary, matrix: Float32Array, dimensions: number): VocabularyVectors {
  return { vocabulary, position: new Map(vocabulary.terms.map((term, i) => [term, i])), matrix, dimensions };
}

/** The vector of an article term, or null when the vocabulary lacks it. */
export function termVector(vectors: VocabularyVectors, term: string): Float32Array | null {
  const i = vectors.position.get(term);
  return i === undefined ? null : vectors.matrix.subarray(i * vectors.dimensions, (i + 1) * vectors.dimensions);
}

/** The content words of texts (a corpus's headings and sentences), one per distinct term, in order of first appearance. */
export function vocabularyOf(texts: readonly string[]): Vocabulary {
  const seen = new Map<string, string>();
  for (const text of texts) {
    for (const token of tokenize(text)) {
      if (isStopword(token.word) || /\d/.test(token.word) || token.word.length < 2 || seen.has(token.term)) continue;
      seen.set(token.term, token.word);
    }
  }
  return { words: [...seen.values()], terms: [...seen.keys()] };
}

/**
 * Each question term's cosine similarity to article terms, from the terms' word
 * vectors: what matching by meaning reads. Computed on demand and remembered for
 * the question, so its cost follows the article terms it is asked about, not the
 * size of the vocabulary.
 */
export function wordSimilarityOf(wordVectors: ReadonlyMap<string, Float32Array>, vectors: VocabularyVectors): WordSimilarity & { nearest(questionTerm: string, among: ReadonlySet<string>): { term: string; similarity: number } | null } {
  const { matrix, dimensions, position, vocabulary } = vectors;
  const rows = new Map<string, Float32Array>();
  const cosine = (questionTerm: string, i: number): number | null => {
    const vector = wordVectors.get(questionTerm);
    if (vector === undefined) return null;
    let row = rows.get(questionTerm);
    if (row === undefined) {
      row = new Float32Array(vocabulary.terms.length).fill(Number.NaN);
      rows.set(questionTerm, row);
    }
    let similarity = row[i] ?? Number.NaN;
    if (Number.isNaN(similarity)) {
      let sum = 0;
      // The hottest loop of a question: plain indexed reads (both arrays hold `dimensions` values per row).
      for (let d = 0, offset = i * dimensions; d < dimensions; d++) sum += vector[d]! * matrix[offset + d]!;
      row[i] = sum;
      // Read back at the row's precision, so a similarity is the same number however often it is asked for.
      similarity = row[i] ?? 0;
    }
    return similarity;
  };
  return {
    similarity(questionTerm, articleTerm) {
      const i = position.get(articleTerm);
      return i === undefined ? 0 : Math.max(0, cosine(questionTerm, i) ?? 0);
    },
    nearest(questionTerm, among) {
      if (!wordVectors.has(questionTerm)) return null;
      const positions: number[] = [];
      for (const term of among) {
        const i = position.get(term);
        if (i !== undefined) positions.push(i);
      }
      positions.sort((a, b) => a - b);
      let best: { term: string; similarity: number } | null = null;
      for (const i of positions) {
        const similarity = cosine(questionTerm, i) ?? 0;
        if (best === null || similarity > best.similarity) best = { term: vocabulary.terms[i] ?? '', similarity };
      }
      return best;
    },
  };
}

/**
 * For each question term the article lacks, the article term nearest in meaning
 * among `among` (the terms of the candidate passages), when its cosine similarity
 * reaches `minSimilarity` ("ceo" -> "execut", "boats" -> "ship").
 * `minSimilarity` is a cosine of the embedding model in use, so it is set per model.
 */
export function nearestTerms(missing: readonly string[], similarity: ReturnType<typeof wordSimilarityOf>, minSimilarity: number, among: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  for (const term of missing) {
    const nearest = similarity.nearest(term, among);
    if (nearest !== null && nearest.similarity >= minSimilarity) found.set(term, nearest.term);
  }
  return found;
}
