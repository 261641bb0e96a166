/**
 * npm run index: rebuilds the vector index from the corpus, whatever its state,
 * showing progress. The new build replaces the old one only once complete. Texts
 * the current build already embedded keep its vectors; `--fresh` embeds them all.
 */
import 'dotenv/config';
import { createAnalyzer } from '../src/adapters/analyzer.ts';
import { loadCorpus } from '../src/adapters/corpus-files.ts';
import { createBuildEmbedder } from '../src/adapters/build-embedder.ts';
import { readIndex, writeIndex } from '../src/adapters/index-store.ts';
import { loadConfig } from '../src/config.ts';
import { isAppError } from '../src/errors.ts';
import { prepareIndex } from '../src/indexer.ts';
import { plural } from '../src/plural.ts';
import { clearProgress, showProgress } from '../src/progress-line.ts';

try {
  const started = performance.now();
  const config = loadConfig(process.env);
  const corpus = await loadCorpus(config.corpusDir, { maxBytes: config.indexing.maxCorpusBytes });
  const embedder = await createBuildEmbedder({ modelId: config.model.id, modelsDir: config.modelsDir, allowRemoteModels: config.model.allowRemote });
  // Texts the current build already embedded keep its vectors, unless `--fresh` (or the build fails its checks).
  const previous = process.argv.includes('--fresh') ? null : await readIndex(config.indexDir).catch(() => null);
  const build = await prepareIndex(corpus, { embedder, analyzer: await createAnalyzer() }, { previous, onProgress: showProgress }).finally(() => embedder.close());
  const stored = await writeIndex(config.indexDir, build);
  clearProgress();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Indexed ${plural(stored.manifest.documents, 'document')}, ${plural(stored.manifest.chunks, 'paragraph')}, ${plural(stored.manifest.vectors, 'vector')} ` +
      `with ${stored.manifest.modelId} in ${seconds} s -> ${config.indexDir} (corpus ${stored.manifest.corpusHash.slice(0, 12)}` +
      `${build.reused > 0 ? `; ${plural(build.reused, 'text')} kept the previous build's vectors` : ''})`,
  );
} catch (error) {
  console.error(isAppError(error) ? `error: ${error.message}` : error);
  process.exit(1);
}
