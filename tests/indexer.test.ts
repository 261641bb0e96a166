import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../src/adapters/analyzer.ts';
import { loadCorpus } from '../src/adapters/corpus-files.ts';
import { createEmbedder } from '../src/adapters/embedder.ts';
import { writeIndex, type StoredIndex } from '../src/adapters/index-store.ts';
import { embeddingTexts } from '../src/core/retrieve.ts';
import type { Analyzer, Embedder } from '../src/core/types.ts';
import { prepareIndex } from '../src/indexer.ts';
import { ROOT, tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let workspace: TempWorkspace;
let model: Embedder;
let analyzer: Analyzer;
let first: StoredIndex;

/** The real model, counting the texts it is asked to embed. */
const counting = () => {
  const asked: string[] = [];
  const embedder: Embedder = { modelId: model.modelId, dimensions: model.dimensions, embed: (texts) => (asked.push(...texts), model.embed(texts)) };
  return { embedder, asked };
};

const ADDED = 'Harbor council\n\nThe harbor council approved a new ferry timetable on Friday. Crossings will run every twenty minutes from May.\n';

beforeAll(async () => {
  workspace = await tempWorkspace();
  model = await createEmbedder({ modelId: 'all-MiniLM-L6-v2', modelsDir: path.join(ROOT, 'models'), allowRemoteModels: false });
  analyzer = await createAnalyzer();
  first = await writeIndex(workspace.indexDir, await prepareIndex(await loadCorpus(workspace.corpusDir), { embedder: model, analyzer }));
  await writeFile(path.join(workspace.corpusDir, 'ferry.txt'), ADDED);
}, 120_000);

afterAll(async () => {
  await workspace.remove();
});

describe('prepareIndex with the previous build', () => {
  it('embeds only the texts the previous build lacks, and gives the others the vectors a fresh build gives them', async () => {
    const corpus = await loadCorpus(workspace.corpusDir);
    const reusing = counting();
    const incremental = await prepareIndex(corpus, { embedder: reusing.embedder, analyzer }, { previous: first });
    const fresh = counting();
    const full = await prepareIndex(corpus, { embedder: fresh.embedder, analyzer });

    const known = new Set([...embeddingTexts(first.documents, first.chunks), ...first.vocabulary.vocabulary.words]);
    expect(reusing.asked.length).toBeGreaterThan(0);
    expect(reusing.asked.every((text) => !known.has(text))).toBe(true);
    expect(reusing.asked.some((text) => text.includes('ferry timetable'))).toBe(true);
    expect(reusing.asked.length).toBeLessThan(fresh.asked.length / 5);
    expect(full.reused).toBe(0);
    expect(incremental.reused + new Set(reusing.asked).size).toBe(new Set(fresh.asked).size);

    expect(incremental.vectors).toHaveLength(full.vectors.length);
    expect(incremental.vocabulary.words).toEqual(full.vocabulary.words);
    const largestGap = (a: readonly Float32Array[], b: readonly Float32Array[]) =>
      Math.max(...a.map((vector, i) => Math.max(...vector.map((x, j) => Math.abs(x - (b[i]?.[j] ?? Number.NaN))))));
    // hnswlib keeps vectors normalized again: a rounding step apart at most.
    expect(largestGap(incremental.vectors, full.vectors)).toBeLessThan(1e-6);
    expect(largestGap(incremental.vocabulary.vectors, full.vocabulary.vectors)).toBe(0);
  }, 120_000);

  it('reuses nothing from a build of another model', async () => {
    const corpus = await loadCorpus(workspace.corpusDir);
    const other = counting();
    const renamed: Embedder = { ...other.embedder, modelId: 'another-model' };
    await prepareIndex(corpus, { embedder: renamed, analyzer }, { previous: first });
    const fresh = counting();
    await prepareIndex(corpus, { embedder: fresh.embedder, analyzer });
    expect(other.asked.length).toBe(fresh.asked.length);
  }, 120_000);
});
