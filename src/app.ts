import { corpusStamp, loadCorpus } from './adapters/corpus-files.ts';
import { createAnalyzer } from './adapters/analyzer.ts';
import { batchConcurrentCalls } from './adapters/batching-embedder.ts';
import { createEmbedder } from './adapters/embedder.ts';
import { readIndex, readIndexBuild, readPreviousIndex, removeLeftovers, writeIndex } from './adapters/index-store.ts';
import { buildInWorker } from './build-in-worker.ts';
import type { Config } from './config.ts';
import { FITTED_PARAMS } from './core/fitted-params.ts';
import { createEngine, type StartedEngine } from './engine.ts';
import type { BuildProgress } from './indexer.ts';
import { createLogger, type Logger } from './logger.ts';

/** The running application: the one engine every entry point uses. */
export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly engine: StartedEngine;
}

/** Options an entry point may add to the config. */
export interface AppOptions {
  readonly logger?: Logger;
  readonly onProgress?: (progress: BuildProgress) => void;
  /** Whether a damaged index is rebuilt in the background while a previous valid build serves (default true; the one-shot CLI says false). */
  readonly repairInBackground?: boolean;
}

/**
 * Wires the adapters (model, corpus files, index files) into the engine: loads
 * the model once, opens the index and builds it when missing or stale.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel ?? 'info');
  // Whatever a killed build left behind goes now: nothing of this process is building yet.
  await removeLeftovers(config.indexDir);
  const readCorpus = () => loadCorpus(config.corpusDir, { maxBytes: config.indexing.maxCorpusBytes });
  // The corpus's stamp and the stored index are read while the model loads; the engine takes these first reads.
  // The corpus itself is read only when its files changed since the build (or to build).
  const firstStamp = once(corpusStamp(config.corpusDir));
  let vectorsLoading = () => {};
  const indexUnderway = new Promise<void>((resolve) => (vectorsLoading = resolve));
  const indexRead = readIndex(config.indexDir, { onVectorsLoading: vectorsLoading });
  const firstIndex = once(indexRead);
  // Opening the model blocks this thread for about half a second: it waits until hnswlib reads the
  // stored vectors on its own thread (or the read ended), so the two overlap.
  await Promise.race([indexUnderway, indexRead.then(() => undefined, () => undefined)]);
  // Members asking at once share model calls (a lone question still runs at once).
  const embedder = batchConcurrentCalls(await createEmbedder({ modelId: config.model.id, modelsDir: config.modelsDir, allowRemoteModels: config.model.allowRemote }));
  const params = FITTED_PARAMS[embedder.modelId] ?? null;
  if (params === null) logger.warn('this embedding model is not calibrated: replies show the closest passages but never a confident answer; run npm run calibrate', { model: embedder.modelId });
  const engine = await createEngine({
    embedder,
    loadAnalyzer: createAnalyzer,
    params,
    loadCorpus: readCorpus,
    corpusStamp: () => firstStamp() ?? corpusStamp(config.corpusDir),
    buildElsewhere: async (onProgress) => {
      const request = {
        corpusDir: config.corpusDir,
        indexDir: config.indexDir,
        modelsDir: config.modelsDir,
        modelId: config.model.id,
        allowRemoteModels: config.model.allowRemote,
        maxCorpusBytes: config.indexing.maxCorpusBytes,
      };
      const id = await buildInWorker(request, { timeoutMs: config.indexing.rebuildTimeoutSeconds * 1000, onProgress });
      return readIndexBuild(config.indexDir, id);
    },
    readIndex: () => firstIndex() ?? readIndex(config.indexDir),
    readPreviousIndex: () => readPreviousIndex(config.indexDir),
    repairInBackground: options.repairInBackground ?? true,
    writeIndex: (build) => writeIndex(config.indexDir, build),
    limits: config.answer,
    logger,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  return { config, logger, engine };
}

/**
 * Hands out a promise started early once, then null. Until then its rejection is
 * held (not reported as unhandled): the caller that takes it sees it.
 */
function once<T>(promise: Promise<T>): () => Promise<T> | null {
  promise.catch(() => undefined);
  let taken = false;
  return () => {
    if (taken) return null;
    taken = true;
    return promise;
  };
}
