/**
 * The index build worker, a child process (see `build-in-worker.ts`): takes one
 * request from its parent, loads its own model, builds the index from the corpus
 * and reports progress, then the build id, and exits.
 */
import { buildIndexFromCorpus } from './build-index-from-corpus.ts';
import type { WorkerBuildRequest, WorkerMessage } from './build-in-worker.ts';
import { reportError } from './errors.ts';

const send = (message: WorkerMessage) => new Promise<void>((resolve) => process.send?.(message, () => resolve()) ?? resolve());

// A parent that is gone cannot use the build: stop rather than finish it unseen.
process.once('disconnect', () => process.exit(1));

process.once('message', (request: WorkerBuildRequest) => {
  void build(request).then(() => process.exit(0));
});

async function build(request: WorkerBuildRequest): Promise<void> {
  try {
    const { stored } = await buildIndexFromCorpus({ ...request, onProgress: (progress) => void send({ type: 'progress', progress }) });
    await send({ type: 'done', id: stored.id });
  } catch (error) {
    await send({ type: 'failed', ...reportError(error) });
  }
}
