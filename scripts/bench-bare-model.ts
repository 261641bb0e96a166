/**
 * The floor for start-up in `npm run bench`: a bare script that loads the same
 * model with @xenova/transformers and embeds one sentence, then prints `first`.
 * Nothing of the project is loaded; the model folder must already be built.
 *   node dist/scripts/bench-bare-model.js <modelsDir> <modelId>
 */
import { env, pipeline } from '@xenova/transformers';

const [modelsDir = 'models', modelId = 'all-MiniLM-L6-v2'] = process.argv.slice(2);
env.allowLocalModels = true;
env.allowRemoteModels = false;
env.localModelPath = modelsDir;
const extractor = await pipeline('feature-extraction', modelId, { quantized: false });
await extractor(['What is this about?'], { pooling: 'mean', normalize: true });
console.log('first');
