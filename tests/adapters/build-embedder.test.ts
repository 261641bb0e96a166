import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_MODEL_ID } from '../../src/adapters/build-bert-onnx.ts';
import { createBuildEmbedder, type BuildEmbedder } from '../../src/adapters/build-embedder.ts';
import { createEmbedder } from '../../src/adapters/embedder.ts';
import { descendants, isAlive, until } from '../helpers/processes.ts';
import { ROOT } from '../helpers/temp-app.ts';

const options = { modelId: LOCAL_MODEL_ID, modelsDir: path.join(ROOT, 'models'), allowRemoteModels: false };

/** Texts of mixed lengths, shortest first, as a build hands them over. */
const texts = Array.from({ length: 37 }, (_, i) => `Sentence ${i} ${'about the harbour, its cranes and its boats '.repeat(i % 9)}ends here.`).sort((a, b) => a.length - b.length);

/** The helper processes of this test process: the node children running the embed worker. */
const helpers = () => descendants(process.pid).filter((pid) => readCommand(pid).includes('embed-worker'));

let open: BuildEmbedder[] = [];
afterEach(async () => {
  await Promise.all(open.map((embedder) => embedder.close()));
  open = [];
});

async function buildEmbedder(lanes: number): Promise<BuildEmbedder> {
  const embedder = await createBuildEmbedder(options, { lanes });
  open.push(embedder);
  return embedder;
}

describe('createBuildEmbedder (the built-in model, split between processes)', () => {
  it('gives the vectors of a single session bit for bit, in the order of the texts, sharing each call among its lanes', async () => {
    const embedder = await buildEmbedder(3);
    expect(embedder.lanes).toBe(3);
    expect(helpers()).toHaveLength(2);
    // Another session than the lanes' own (which shares this process's cached one-thread model): every slice is compared.
    const single = await createEmbedder({ ...options, threads: 2 });
    const [ours, theirs] = [await embedder.embed(texts), await single.embed(texts)];
    expect(ours).toHaveLength(texts.length);
    texts.forEach((_, i) => expect(Array.from(ours[i]!)).toEqual(Array.from(theirs[i]!)));
    // Fewer texts than one forward pass stay in this process; none at all is no call.
    expect(Array.from((await embedder.embed(texts.slice(0, 3)))[2]!)).toEqual(Array.from(theirs[2]!));
    await expect(embedder.embed([])).resolves.toEqual([]);
    expect(embedder.dimensions).toBe(384);
  }, 60_000);

  it('ends its helper processes on close, and refuses calls after it', async () => {
    const embedder = await buildEmbedder(2);
    const pids = helpers();
    expect(pids).toHaveLength(1);
    await embedder.close();
    expect(pids.filter(isAlive)).toEqual([]);
    await expect(embedder.embed(texts)).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE', message: expect.stringContaining('closed') });
  }, 60_000);

  it('fails a call with a clear error when a helper process dies, instead of waiting for it', async () => {
    const embedder = await buildEmbedder(2);
    const [pid] = helpers();
    process.kill(pid!, 'SIGKILL');
    await until(() => !isAlive(pid!), 5_000, 'the helper to die');
    await expect(embedder.embed(texts)).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE', message: expect.stringContaining('an embedding process of the build stopped (SIGKILL)') });
  }, 60_000);

  it('with one lane runs no helper process', async () => {
    const embedder = await buildEmbedder(1);
    expect(embedder.lanes).toBe(1);
    expect(helpers()).toEqual([]);
    const single = await createEmbedder(options);
    expect(Array.from((await embedder.embed(texts))[5]!)).toEqual(Array.from((await single.embed(texts))[5]!));
  }, 60_000);
});

function readCommand(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}
