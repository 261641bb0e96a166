/**
 * The index build worker, a child process (see `build-in-worker.ts`): takes one
 * request from its parent, loads its own model, builds the index from the corpus
 * and reports progress, then the build id, and exits.
 */
import { createAnalyzer } from './adapters/analyzer.ts';
import { createBuildEmbedder } from './adapters/build-embedder.ts';
import { loadCorpus } from './adapters/corpus-files.ts';
import { readIndex, writeIndex } from './adapters/index-store.ts';
import type { WorkerBuildRequest, WorkerMessage } from './build-in-worker.ts';
import { isAppError } from './errors.ts';
import { prepareIndex } from './indexer.ts';

const send = (message: WorkerMessage) => new Promise<void>((resolve) => process.send?.(message, () => resolve()) ?? resolve());

// A parent that is gone cannot use the build: stop rather than finish it unseen.
process.once('disconnect', () => process.exit(1));

process.once('message', (request: WorkerBuildRequest) => {
  void build(request).then(() => process.exit(0));
});

async function build(request: WorkerBuildRequest): Promise<void> {
  try {
    const corpus = await loadCorpus(request.corpusDir, { maxBytes: request.maxCorpusBytes });
    const embedder = await createBuildEmbedder({ modelId: request.modelId, modelsDir: request.modelsDir, allowRemoteModels: request.allowRemoteModels });
    // The current build's vectors are reused for every text it already embedded; a build that fails its checks is not.
    const previous = await readIndex(request.indexDir).catch(() => null);
    const index = await prepareIndex(corpus, { embedder, analyzer: await createAnalyzer() }, { previous, onProgress: (progress) => void send({ type: 'progress', progress }) }).finally(() =>
      embedder.close(),
    );
    const stored = await writeIndex(request.indexDir, index);
    await send({ type: 'done', id: stored.id });
  } catch (error) {
    await send({ type: 'failed', code: isAppError(error) ? error.code : null, message: error instanceof Error ? error.message : String(error) });
  }
}
