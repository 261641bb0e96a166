/**
 * npm run index: rebuilds the vector index from the corpus, whatever its state,
 * showing progress. The new build replaces the old one only once complete. Texts
 * the current build already embedded keep its vectors; `--fresh` embeds them all.
 */
import 'dotenv/config';
import { buildIndexFromCorpus } from '../src/build-index-from-corpus.ts';
import { loadConfig } from '../src/config.ts';
import { isAppError } from '../src/errors.ts';
import { plural } from '../src/plural.ts';
import { clearProgress, showProgress } from '../src/progress-line.ts';

try {
  const started = performance.now();
  const config = loadConfig(process.env);
  const { stored, reused } = await buildIndexFromCorpus({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    maxCorpusBytes: config.indexing.maxCorpusBytes,
    modelId: config.model.id,
    modelsDir: config.modelsDir,
    allowRemoteModels: config.model.allowRemote,
    fresh: process.argv.includes('--fresh'),
    onProgress: showProgress,
  });
  clearProgress();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Indexed ${plural(stored.manifest.documents, 'document')}, ${plural(stored.manifest.chunks, 'paragraph')}, ${plural(stored.manifest.vectors, 'vector')} ` +
      `with ${stored.manifest.modelId} in ${seconds} s -> ${config.indexDir} (corpus ${stored.manifest.corpusHash.slice(0, 12)}` +
      `${reused > 0 ? `; ${plural(reused, 'text')} kept the previous build's vectors` : ''})`,
  );
} catch (error) {
  console.error(isAppError(error) ? `error: ${error.message}` : error);
  process.exit(1);
}
