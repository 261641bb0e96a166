import type { LoadedCorpus } from './adapters/corpus-files.ts';
import type { NewIndex } from './adapters/index-store.ts';
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

/** Texts embedded per call while building, so progress can be reported. */
const EMBED_BATCH = 32;

/**
 * Chunks, digests and embeds a corpus into what the index store writes: one vector
 * per paragraph and per sentence (see `embeddingTexts`), one per word of its
 * vocabulary, and the digest retrieval reads (see `digestCorpus`).
 */
export async function prepareIndex(
  corpus: LoadedCorpus,
  { embedder, analyzer }: { readonly embedder: Embedder; readonly analyzer: Analyzer },
  { now = new Date(), onProgress }: { now?: Date; onProgress?: (progress: BuildProgress) => void } = {},
): Promise<NewIndex> {
  onProgress?.({ stage: 'chunking', done: 0, total: corpus.documents.length });
  const chunks = chunkDocuments(corpus.documents);
  const texts = embeddingTexts(corpus.documents, chunks);
  const digest = digestCorpus(corpus.documents, chunks, analyzer);
  // The words too, once per build, so that matching question words by meaning costs nothing at start-up.
  const vocabulary = vocabularyOf(texts);
  const all = [...texts, ...vocabulary.words];
  // Each distinct text is embedded once, in order of length: a batch is padded to its
  // longest text, so batches of similar lengths waste little work on padding.
  const distinct = [...new Set(all)].sort((a, b) => a.length - b.length);
  const vectorOf = new Map<string, Float32Array>();
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
  };
}
