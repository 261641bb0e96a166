import type { LoadedCorpus } from './adapters/corpus-files.ts';
import type { NewIndex, StoredIndex } from './adapters/index-store.ts';
import { CHUNKER_VERSION, chunkDocuments } from './core/chunk.ts';
import { digestCorpus } from './core/corpus-digest.ts';
import { embeddingTexts } from './core/retrieve.ts';
import { vocabularyOf } from './core/synonyms.ts';
import type { Analyzer, Embedder } from './core/types.ts';

/** Progress of a build, for a progress line. */
export interface BuildProgress {
  readonly stage: 'chunking' | 'embedding' | 'writing';
  readonly done: number;
  readonly total: number;
}

/** A build ready to write, and how much of it came from the previous build. */
export interface PreparedIndex extends NewIndex {
  /** Distinct texts and words whose vectors were taken from the previous build rather than embedded. */
  readonly reused: number;
}

/** Texts embedded per call while building, so progress can be reported. */
const EMBED_BATCH = 32;

/**
 * Chunks, digests and embeds a corpus into what the index store writes: one vector
 * per paragraph and per sentence (see `embeddingTexts`), one per word of its
 * vocabulary, and the digest retrieval reads (see `digestCorpus`). With a
 * `previous` build of the same model, a text it already embedded takes its vector
 * from there: adding one article to a thousand embeds that article, not all of them.
 */
export async function prepareIndex(
  corpus: LoadedCorpus,
  { embedder, analyzer }: { readonly embedder: Embedder; readonly analyzer: Analyzer },
  { now = new Date(), onProgress, previous = null }: { now?: Date; onProgress?: (progress: BuildProgress) => void; previous?: StoredIndex | null } = {},
): Promise<PreparedIndex> {
  onProgress?.({ stage: 'chunking', done: 0, total: corpus.documents.length });
  const chunks = chunkDocuments(corpus.documents);
  const texts = embeddingTexts(corpus.documents, chunks);
  const digest = digestCorpus(corpus.documents, chunks, analyzer);
  // The words too, once per build, so that matching question words by meaning costs nothing at start-up.
  const vocabulary = vocabularyOf(texts);
  const all = [...texts, ...vocabulary.words];
  // Each distinct text is embedded once, in order of length: a batch is padded to its
  // longest text, so batches of similar lengths waste little work on padding.
  const unique = new Set(all);
  const vectorOf = previous === null ? new Map<string, Float32Array>() : reusableVectors(previous, embedder, unique);
  const reused = vectorOf.size;
  const distinct = [...unique].filter((text) => !vectorOf.has(text)).sort((a, b) => a.length - b.length);
  for (let i = 0; i < distinct.length; i += EMBED_BATCH) {
    onProgress?.({ stage: 'embedding', done: i, total: distinct.length });
    const batch = distinct.slice(i, i + EMBED_BATCH);
    const embedded = await embedder.embed(batch);
    batch.forEach((text, j) => {
      const vector = embedded[j];
      if (vector === undefined) throw new Error('the embedder returned fewer vectors than texts');
      vectorOf.set(text, vector);
    });
  }
  const vectors = all.map((text) => vectorOf.get(text) as Float32Array);
  onProgress?.({ stage: 'writing', done: distinct.length, total: distinct.length });
  return {
    manifest: {
      modelId: embedder.modelId,
      dimensions: embedder.dimensions,
      corpusHash: corpus.hash,
      corpusStamp: corpus.stamp,
      chunkerVersion: CHUNKER_VERSION,
      builtAt: now.toISOString(),
      documents: corpus.documents.length,
      chunks: chunks.length,
    },
    documents: corpus.documents,
    chunks,
    vectors: vectors.slice(0, texts.length),
    vocabulary: { ...vocabulary, vectors: vectors.slice(texts.length) },
    digest,
    reused,
  };
}

/**
 * The vectors of `previous` for those of `wanted` it holds, by text, when it was built
 * with the embedder's model. Paragraph and sentence vectors come back as hnswlib keeps
 * them (normalized again, which moves a component by a rounding step at most); word
 * vectors as they were stored.
 */
function reusableVectors(previous: StoredIndex, embedder: Embedder, wanted: ReadonlySet<string>): Map<string, Float32Array> {
  const found = new Map<string, Float32Array>();
  if (previous.manifest.modelId !== embedder.modelId || previous.manifest.dimensions !== embedder.dimensions) return found;
  embeddingTexts(previous.documents, previous.chunks).forEach((text, label) => {
    if (wanted.has(text) && !found.has(text)) found.set(text, previous.vectors.vectorAt(label));
  });
  const { matrix, dimensions } = previous.vocabulary;
  previous.vocabulary.vocabulary.words.forEach((word, i) => {
    if (wanted.has(word) && !found.has(word)) found.set(word, matrix.slice(i * dimensions, (i + 1) * dimensions));
  });
  return found;
}
