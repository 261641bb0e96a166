import { access } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type * as TransformersModule from '@xenova/transformers';
import type * as OnnxRuntime from 'onnxruntime-node';
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
  /**
   * Threads onnxruntime uses for one forward pass of the built-in model (other models
   * take onnxruntime's own default). 1 unless given: answering runs beside a rebuild,
   * and there a question took 7.7–8.4 ms with two threads against 4.6–5.5 ms with one,
   * and slowed the build. A build splits its work between processes of one thread
   * each (see `createBuildEmbedder`), or gives one session every core (`BUILD_THREADS`);
   * the vectors are the same bit for bit.
   */
  readonly threads?: number;
}

/** Threads a build gives a model it runs in one session: every core (onnxruntime's own default took one of two). */
export const BUILD_THREADS = availableParallelism();

/** Texts per forward pass: the pipeline pads a batch to its longest text. A build's lanes split calls at multiples of it. */
export const BATCH_SIZE = 8;

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
  const key = JSON.stringify([options.modelId, modelsDir, options.allowRemoteModels, options.threads ?? 1]);
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

  const encode = isLocal ? await loadOnnxDirect(modelsDir, modelId, options.threads ?? 1) : await loadPipeline(options);

  const embed = async (texts: readonly string[]): Promise<Float32Array[]> => {
    const vectors = new Array<Float32Array>(texts.length);
    // Batch texts of similar length together so little compute goes to padding.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    for (let from = 0; from < order.length; from += BATCH_SIZE) {
      const batch = order.slice(from, from + BATCH_SIZE);
      const { hidden, dims, mask } = await encode(batch.map((i) => texts[i]!));
      if (dims.length !== 3) throw new AppError('MODEL_UNAVAILABLE', `embedding model "${modelId}" gave no token embeddings`);
      meanPoolNormalized(hidden, dims as [number, number, number], mask).forEach((vector, row) => {
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

/** Token embeddings of a batch of texts (`[batch, tokens, width]`) and the mask of their real tokens. */
type Encode = (texts: string[]) => Promise<{ hidden: Float32Array; dims: readonly number[]; mask: ArrayLike<bigint> }>;

/** The tokenizer's tensors as transformers.js returns them. */
type Encoded = Record<string, { data: BigInt64Array; dims: number[] } | undefined>;

/**
 * The built-in model: its ONNX file opened by onnxruntime from its path, and its
 * tokenizer from transformers.js. Opening the file by path rather than through
 * the pipeline (which reads it into a buffer first) keeps the peak memory of a
 * start about 190 MB lower; the vectors are the pipeline's, bit for bit.
 */
async function loadOnnxDirect(modelsDir: string, modelId: string, threads: number): Promise<Encode> {
  try {
    // A CommonJS package: plain Node hands its exports over as `default`, tsx as named exports.
    const loaded: unknown = await import('onnxruntime-node');
    const ort = ((loaded as { default?: typeof OnnxRuntime }).default ?? loaded) as typeof OnnxRuntime;
    const [session, tokenizer] = await Promise.all([
      ort.InferenceSession.create(path.join(modelsDir, modelId, 'onnx', 'model.onnx'), { intraOpNumThreads: threads }),
      withTransformersEnv(async ({ env, AutoTokenizer }) => {
        env.allowLocalModels = true;
        env.localModelPath = modelsDir;
        env.allowRemoteModels = false;
        return AutoTokenizer.from_pretrained(modelId);
      }),
    ]);
    const output = session.outputNames[0] ?? 'last_hidden_state';
    return async (texts) => {
      const inputs = tokenizer(texts, { padding: true, truncation: true }) as Encoded;
      const ids = inputs['input_ids'];
      const mask = inputs['attention_mask'];
      if (ids === undefined || mask === undefined) throw new AppError('MODEL_UNAVAILABLE', `the tokenizer of "${modelId}" gave no input ids`);
      const feeds = Object.fromEntries(
        session.inputNames.map((name) => {
          // A BERT export also takes token_type_ids: all zeros for single texts.
          const tensor = inputs[name] ?? { data: new BigInt64Array(ids.data.length), dims: ids.dims };
          return [name, new ort.Tensor('int64', tensor.data, tensor.dims)];
        }),
      );
      const hidden = (await session.run(feeds))[output];
      if (hidden === undefined) throw new AppError('MODEL_UNAVAILABLE', `embedding model "${modelId}" gave no ${output}`);
      return { hidden: hidden.data as Float32Array, dims: hidden.dims, mask: mask.data };
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('MODEL_UNAVAILABLE', `could not load embedding model "${modelId}" from ${modelsDir}: delete that folder and run \`npm run postinstall\` (${(error as Error).message})`, { cause: error });
  }
}

/** Any other model, through the transformers.js pipeline (which may download it once). */
async function loadPipeline(options: EmbedderOptions): Promise<Encode> {
  const { modelId, modelsDir } = options;
  const extractor = await withTransformersEnv(async ({ env, pipeline }) => {
    env.allowLocalModels = true;
    env.localModelPath = modelsDir;
    // Downloads land where local models are looked up, so the next start is offline.
    env.cacheDir = modelsDir;
    env.allowRemoteModels = options.allowRemoteModels;
    try {
      return await pipeline('feature-extraction', modelId);
    } catch (error) {
      throw new AppError(
        'MODEL_UNAVAILABLE',
        `could not load embedding model "${modelId}" from ${modelsDir}` +
          (options.allowRemoteModels ? ' or download it: check the model id and the network' : ': its files are incomplete; set ALLOW_REMOTE_MODELS=true to fetch them') +
          ` (${(error as Error).message})`,
        { cause: error },
      );
    }
  });
  return async (texts) => {
    // The pipeline's own tokenizer and model, pooled by `meanPoolNormalized` rather than its slower generic tensor code.
    const inputs = extractor.tokenizer(texts, { padding: true, truncation: true }) as Encoded;
    const outputs = (await extractor.model(inputs)) as Record<string, { data: Float32Array; dims: number[] } | undefined>;
    const hidden = outputs['last_hidden_state'] ?? outputs['logits'] ?? outputs['token_embeddings'];
    const mask = inputs['attention_mask'];
    if (hidden === undefined || mask === undefined) throw new AppError('MODEL_UNAVAILABLE', `embedding model "${modelId}" gave no token embeddings`);
    return { hidden: hidden.data, dims: hidden.dims, mask: mask.data };
  };
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
