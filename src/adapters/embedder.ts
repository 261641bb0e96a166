import { access } from 'node:fs/promises';
import path from 'node:path';
import type * as TransformersModule from '@xenova/transformers';
import type { Embedder } from '../core/types.ts';
import { AppError } from '../errors.ts';
import { buildLocalModel, LOCAL_MODEL_ID } from './build-bert-onnx.ts';
import { meanPoolNormalized } from './mean-pool.ts';

/** Which model to load and where models live. */
export interface EmbedderOptions {
  /** `all-MiniLM-L6-v2` (built locally, offline) or a Hugging Face id such as `Xenova/bge-small-en-v1.5`. */
  readonly modelId: string;
  /** Folder of local models (`<modelsDir>/<modelId>/…`), also the download cache. */
  readonly modelsDir: string;
  /** Whether transformers.js may download a model that is not in `modelsDir`. */
  readonly allowRemoteModels: boolean;
}

/** Texts per forward pass: the pipeline pads a batch to its longest text. */
const BATCH_SIZE = 32;

const loading = new Map<string, Promise<Embedder>>();

/**
 * Loads a sentence-embedding model with transformers.js and returns an Embedder
 * giving mean-pooled, L2-normalized vectors. The default `all-MiniLM-L6-v2` is
 * built into `modelsDir` on first use (offline, a second or so). Concurrent
 * callers with the same options share one load; a failed load is not cached.
 *
 * @throws AppError `MODEL_UNAVAILABLE` when the model cannot be built or found.
 */
export function createEmbedder(options: EmbedderOptions): Promise<Embedder> {
  const modelsDir = path.resolve(options.modelsDir);
  const key = JSON.stringify([options.modelId, modelsDir, options.allowRemoteModels]);
  let promise = loading.get(key);
  if (promise === undefined) {
    promise = load({ ...options, modelsDir });
    loading.set(key, promise);
    promise.catch(() => loading.delete(key));
  }
  return promise;
}

async function load(options: EmbedderOptions): Promise<Embedder> {
  const { modelId, modelsDir } = options;
  const isLocal = modelId === LOCAL_MODEL_ID;
  if (isLocal) {
    await buildLocalModel({ outDir: modelsDir });
  } else if (!options.allowRemoteModels && !(await exists(path.join(modelsDir, modelId, 'config.json')))) {
    throw new AppError(
      'MODEL_UNAVAILABLE',
      `embedding model "${modelId}" is not in ${path.join(modelsDir, modelId)} and remote models are disabled: ` +
        `set ALLOW_REMOTE_MODELS=true to download it once, copy its files there, ` +
        `or use the built-in EMBEDDING_MODEL=${LOCAL_MODEL_ID}`,
    );
  }

  const extractor = await withTransformersEnv(async ({ env, pipeline }) => {
    env.allowLocalModels = true;
    env.localModelPath = modelsDir;
    // Downloads land where local models are looked up, so the next start is offline.
    env.cacheDir = modelsDir;
    env.allowRemoteModels = isLocal ? false : options.allowRemoteModels;
    try {
      return await pipeline('feature-extraction', modelId, isLocal ? { quantized: false } : {});
    } catch (error) {
      throw new AppError(
        'MODEL_UNAVAILABLE',
        `could not load embedding model "${modelId}" from ${modelsDir}` +
          (isLocal ? ': delete that folder and run `npm run postinstall`' : options.allowRemoteModels
            ? ' or download it: check the model id and the network'
            : ': its files are incomplete; set ALLOW_REMOTE_MODELS=true to fetch them') +
          ` (${(error as Error).message})`,
        { cause: error },
      );
    }
  });

  const embed = async (texts: readonly string[]): Promise<Float32Array[]> => {
    const vectors = new Array<Float32Array>(texts.length);
    // Batch texts of similar length together so little compute goes to padding.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    for (let from = 0; from < order.length; from += BATCH_SIZE) {
      const batch = order.slice(from, from + BATCH_SIZE);
      // The pipeline's own tokenizer and model, pooled here rather than by its slower generic tensor code.
      const inputs = extractor.tokenizer(batch.map((i) => texts[i]!), { padding: true, truncation: true }) as { attention_mask: { data: BigInt64Array } };
      const outputs = (await extractor.model(inputs)) as Record<string, { data: Float32Array; dims: number[] } | undefined>;
      const hidden = outputs['last_hidden_state'] ?? outputs['logits'] ?? outputs['token_embeddings'];
      if (hidden === undefined || hidden.dims.length !== 3) throw new AppError('MODEL_UNAVAILABLE', `embedding model "${modelId}" gave no token embeddings`);
      const pooled = meanPoolNormalized(hidden.data, hidden.dims as [number, number, number], inputs.attention_mask.data);
      pooled.forEach((vector, row) => {
        vectors[batch[row]!] = vector;
      });
    }
    return vectors;
  };

  const [probe] = await embed(['dimension probe']);
  const dimensions = probe?.length ?? 0;
  if (dimensions === 0) throw new AppError('MODEL_UNAVAILABLE', `embedding model "${modelId}" returned no vector`);
  return { modelId, dimensions, embed };
}

type Transformers = typeof TransformersModule;

let envQueue: Promise<unknown> = Promise.resolve();

/**
 * transformers.js keeps its settings in one global `env`, read while a pipeline
 * loads; loads run one at a time so two models with different settings cannot
 * mix them up. The library itself is imported here, never at module load.
 */
function withTransformersEnv<T>(task: (transformers: Transformers) => Promise<T>): Promise<T> {
  const run = envQueue.then(async () => task(await import('@xenova/transformers')));
  envQueue = run.catch(() => undefined);
  return run;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
