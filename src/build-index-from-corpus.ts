import { createAnalyzer } from './adapters/analyzer.ts';
import { createBuildEmbedder } from './adapters/build-embedder.ts';
import { loadCorpus } from './adapters/corpus-files.ts';
import { readIndex, writeIndex, type StoredIndex } from './adapters/index-store.ts';
import { prepareIndex, type BuildProgress } from './indexer.ts';

/** Where a build reads and writes, and with which model. */
export interface BuildRequest {
  readonly corpusDir: string;
  readonly indexDir: string;
  readonly maxCorpusBytes: number;
  readonly modelId: string;
  readonly modelsDir: string;
  readonly allowRemoteModels: boolean;
  /** Embed every text again rather than keep the current build's vectors. */
  readonly fresh?: boolean;
  readonly onProgress?: (progress: BuildProgress) => void;
}

/**
 * Builds the index of the corpus folder with every core and makes it current:
 * what `npm run index` and `/reindex`'s worker run. Texts the current build
 * already embedded keep its vectors, unless `fresh` or that build fails its checks.
 */
export async function buildIndexFromCorpus(request: BuildRequest): Promise<{ stored: StoredIndex; reused: number }> {
  const corpus = await loadCorpus(request.corpusDir, { maxBytes: request.maxCorpusBytes });
  const embedder = await createBuildEmbedder({ modelId: request.modelId, modelsDir: request.modelsDir, allowRemoteModels: request.allowRemoteModels });
  const previous = request.fresh === true ? null : await readIndex(request.indexDir).catch(() => null);
  const build = await prepareIndex(corpus, { embedder, analyzer: await createAnalyzer() }, { previous, ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }) }).finally(() =>
    embedder.close(),
  );
  return { stored: await writeIndex(request.indexDir, build), reused: build.reused };
}
