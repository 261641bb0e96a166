import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchConcurrentCalls } from '../../src/adapters/batching-embedder.ts';
import { createEmbedder } from '../../src/adapters/embedder.ts';
import type { Embedder } from '../../src/core/types.ts';
import { ROOT } from '../helpers/temp-app.ts';

let model: Embedder;
beforeAll(async () => {
  model = await createEmbedder({ modelId: 'all-MiniLM-L6-v2', modelsDir: path.join(ROOT, 'models'), allowRemoteModels: false });
}, 60_000);

/** The real model, with a record of the calls it gets. */
function counted(embedder: Embedder): { embedder: Embedder; calls: string[][] } {
  const calls: string[][] = [];
  return { calls, embedder: { ...embedder, embed: (texts) => (calls.push([...texts]), embedder.embed(texts)) } };
}

const QUESTIONS = Array.from({ length: 16 }, (_, i) => `Question ${i}: who voted on the budget in ward ${i + 1}?`);

describe('batchConcurrentCalls', () => {
  it('runs a lone call at once, alone', async () => {
    const { embedder, calls } = counted(model);
    const [vector] = await batchConcurrentCalls(embedder).embed(['Who runs the utility?']);
    expect(calls).toEqual([['Who runs the utility?']]);
    expect(vector).toHaveLength(384);
  });

  it('groups the calls that arrive while the model is busy, and gives each caller its own vectors', async () => {
    const { embedder, calls } = counted(model);
    const batching = batchConcurrentCalls(embedder, { maxTexts: 64 });
    const together = await Promise.all(QUESTIONS.map((question) => batching.embed([question])));
    // The first ran at once; the fifteen that came while it ran went in one call.
    expect(calls.map((call) => call.length)).toEqual([1, 15]);
    const alone = await model.embed(QUESTIONS);
    together.forEach(([vector], i) => {
      const expected = alone[i]!;
      const cosine = vector!.reduce((sum, x, d) => sum + x * expected[d]!, 0);
      expect(cosine).toBeGreaterThan(0.9999);
    });
  });

  it('never puts more than maxTexts texts in one grouped call', async () => {
    const { embedder, calls } = counted(model);
    const batching = batchConcurrentCalls(embedder, { maxTexts: 4 });
    await Promise.all(QUESTIONS.slice(0, 9).map((question) => batching.embed([question])));
    expect(calls.map((call) => call.length)).toEqual([1, 4, 4]);
  });

  it('rejects every caller of a failed call, and keeps serving later ones', async () => {
    let fail = true;
    const flaky: Embedder = { ...model, embed: (texts) => (fail ? Promise.reject(new Error('model crashed')) : model.embed(texts)) };
    const batching = batchConcurrentCalls(flaky);
    const results = await Promise.allSettled([batching.embed(['a']), batching.embed(['b']), batching.embed(['c'])]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    fail = false;
    await expect(batching.embed(['d'])).resolves.toHaveLength(1);
  });
});
