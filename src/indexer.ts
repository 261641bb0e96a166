import type { LoadedCorpus } from './adapters/corpus-files.ts';
import type { NewIndex } from './adapters/index-store.ts';
import { CHUNKER_VERSION, chunkDocuments } from './core/chunk.ts';
import { embeddingTexts } from './core/retrieve.ts';
import { vocabularyOf } from './core/synonyms.ts';
import type { Embedder } from './core/types.ts';

/** Progress of a build, for a progress line. */
export interface BuildProgress {
  readonly stage: 'chunking' | 'embedding' | 'writing';
  readonly done: number;
  readonly total: number;
}

/** Texts embedded per call while building, so progress can be reported. */
const EMBED_BATCH = 32;

/**
 * Chunks and embeds a corpus into what the index store writes: one vector per
 * paragraph and per sentence (see `embeddingTexts`), and one per word of its vocabulary.
 */
export async function prepareIndex(
  corpus: LoadedCorpus,
  embedder: Embedder,
  { now = new Date(), onProgress }: { now?: Date; onProgress?: (progress: BuildProgress) => void } = {},
): Promise<NewIndex> {
  onProgress?.({ stage: 'chunking', done: 0, total: corpus.documents.length });
  const chunks = chunkDocuments(corpus.documents);
  const texts = embeddingTexts(corpus.documents, chunks);
  // The words too, once per build, so that matching question words by meaning costs nothing at start-up.
  const vocabulary = vocabularyOf(texts);
  const all = [...texts, ...vocabulary.words];
  const vectors: Float32Array[] = [];
  for (let i = 0; i < all.length; i += EMBED_BATCH) {
    onProgress?.({ stage: 'embedding', done: i, total: all.length });
    vectors.push(...(await embedder.embed(all.slice(i, i + EMBED_BATCH))));
  }
  onProgress?.({ stage: 'writing', done: all.length, total: all.length });
  return {
    manifest: {
      modelId: embedder.modelId,
      dimensions: embedder.dimensions,
      corpusHash: corpus.hash,
      chunkerVersion: CHUNKER_VERSION,
      builtAt: now.toISOString(),
      documents: corpus.documents.length,
      chunks: chunks.length,
    },
    documents: corpus.documents,
    chunks,
    vectors: vectors.slice(0, texts.length),
    vocabulary: { ...vocabulary, vectors: vectors.slice(texts.length) },
  };
}
