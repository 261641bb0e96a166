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
  // Per question term: its vector, and its similarity to each article term once computed (NaN until then).
  const rows = new Map<string, { vector: Float32Array; row: Float32Array } | null>();
  const rowOf = (questionTerm: string) => {
    let entry = rows.get(questionTerm);
    if (entry === undefined) {
      const vector = wordVectors.get(questionTerm);
      entry = vector === undefined ? null : { vector, row: new Float32Array(vocabulary.terms.length).fill(Number.NaN) };
      rows.set(questionTerm, entry);
    }
    return entry;
  };
  const cosine = ({ vector, row }: { vector: Float32Array; row: Float32Array }, i: number): number => {
    const known = row[i]!;
    if (known === known) return known; // not NaN: computed before
    row[i] = dot(vector, matrix, i * dimensions, dimensions);
    // Read back at the row's precision, so a similarity is the same number however often it is asked for.
    return row[i];
  };
  return {
    nearestIn(questionTerm, articleTerms) {
      const entry = rowOf(questionTerm);
      if (entry === null) return 0;
      let best = 0;
      for (const term of articleTerms) {
        const i = position.get(term);
        if (i !== undefined) best = Math.max(best, cosine(entry, i));
      }
      return best;
    },
    nearest(questionTerm, among) {
      const entry = rowOf(questionTerm);
      if (entry === null) return null;
      const positions: number[] = [];
      for (const term of among) {
        const i = position.get(term);
        if (i !== undefined) positions.push(i);
      }
      let best = -1;
      let bestSimilarity = Number.NEGATIVE_INFINITY;
      for (const i of Int32Array.from(positions).sort()) {
        const similarity = cosine(entry, i);
        if (similarity > bestSimilarity) {
          best = i;
          bestSimilarity = similarity;
        }
      }
      return best === -1 ? null : { term: vocabulary.terms[best] ?? '', similarity: bestSimilarity };
    },
  };
}

/**
 * For each question term the article lacks, the article term nearest in meaning
 * among `among` (the terms of the candidate sentences), when its cosine similarity
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

/**
 * `vector` · `matrix[offset … offset + length)`: the hottest loop of a question,
 * four products per step over plain indexed reads.
 */
function dot(vector: Float32Array, matrix: Float32Array, offset: number, length: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    a += vector[k]! * matrix[offset + k]!;
    b += vector[k + 1]! * matrix[offset + k + 1]!;
    c += vector[k + 2]! * matrix[offset + k + 2]!;
    d += vector[k + 3]! * matrix[offset + k + 3]!;
  }
  for (; k < length; k++) a += vector[k]! * matrix[offset + k]!;
  return a + b + c + d;
}
