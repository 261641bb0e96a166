/**
 * Builds the default embedding model (all-MiniLM-L6-v2, ONNX for transformers.js)
 * from the weights in node_modules, offline. Runs as `postinstall`; prints one line.
 *
 *   node dist/scripts/build-model.js [--out <modelsDir>] [--force]
 *
 * Without --out it builds into `models/` of the folder npm runs it in (the project root).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildLocalModel } from '../src/adapters/build-bert-onnx.ts';

const { values } = parseArgs({
  options: { out: { type: 'string' }, force: { type: 'boolean', default: false } },
});
const outDir = path.resolve(values.out ?? 'models');

try {
  const result = await buildLocalModel({ outDir, force: values.force });
  const relative = path.relative(process.cwd(), result.modelDir);
  const where = relative.startsWith('..') || path.isAbsolute(relative) ? result.modelDir : relative;
  const mb = (result.onnxBytes / 1e6).toFixed(1);
  console.log(
    result.built
      ? `embedding model built: ${where} (${mb} MB in ${(result.ms / 1000).toFixed(1)} s)`
      : `embedding model already built: ${where}`,
  );
} catch (error) {
  console.error(`embedding model build failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
