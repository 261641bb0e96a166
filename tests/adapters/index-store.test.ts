import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readIndex, writeIndex, type NewIndex } from '../../src/adapters/index-store.ts';

const DIMS = 384;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'index-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Deterministic pseudo-random unit vectors (mulberry32). */
function unitVectors(count: number, seed: number): Float32Array[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const vector = Float32Array.from({ length: DIMS }, random);
    const norm = Math.hypot(...vector);
    return vector.map((x) => x / norm);
  });
}

function build(vectors: Float32Array[], corpusHash = 'hash-a'): NewIndex {
  return {
    manifest: { modelId: 'test-model', dimensions: DIMS, corpusHash, chunkerVersion: 1, builtAt: new Date().toISOString(), documents: 1, chunks: 1 },
    documents: [{ id: 'doc', title: 'Doc', url: null, text: 'One paragraph.' }],
    chunks: [{ id: 0, doc: 'doc', paragraph: 1, section: null, start: 0, end: 14, text: 'One paragraph.', sentences: [{ start: 0, end: 14 }] }],
    vectors,
  };
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe('the hnswlib index on disk', () => {
  it('returns what a brute-force cosine scan returns, after a save and a load', async () => {
    const vectors = unitVectors(400, 1);
    await writeIndex(dir, build(vectors));
    const loaded = await readIndex(dir);
    expect(loaded?.vectors.size).toBe(400);
    expect(loaded?.manifest).toMatchObject({ format: 1, modelId: 'test-model', dimensions: DIMS, corpusHash: 'hash-a', vectors: 400 });
    expect(loaded?.chunks[0]?.text).toBe('One paragraph.');

    for (const query of unitVectors(20, 2)) {
      const expected = vectors
        .map((vector, label) => ({ label, score: dot(query, vector) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      const hits = loaded?.vectors.search(query, 10) ?? [];
      expect(hits.map((hit) => hit.label)).toEqual(expected.map((hit) => hit.label));
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]?.score ?? 0, 4));
    }
  });

  it('answers a k larger than the index with every vector', async () => {
    await writeIndex(dir, build(unitVectors(5, 3)));
    const loaded = await readIndex(dir);
    expect(loaded?.vectors.search(unitVectors(1, 4)[0] ?? new Float32Array(DIMS), 50)).toHaveLength(5);
  });

  it('reads nothing from an empty folder', async () => {
    expect(await readIndex(dir)).toBeNull();
    expect(await readIndex(path.join(dir, 'missing'))).toBeNull();
  });

  it('keeps serving the old build when a new one fails half-way, and leaves no part behind', async () => {
    await writeIndex(dir, build(unitVectors(10, 5), 'old'));
    const bad = [...unitVectors(10, 6), new Float32Array(DIMS - 1)];
    await expect(writeIndex(dir, build(bad, 'new'))).rejects.toMatchObject({ code: 'INDEX_BUILD_FAILED' });
    expect((await readIndex(dir))?.manifest.corpusHash).toBe('old');
    expect((await readdir(path.join(dir, 'builds'))).filter((entry) => entry.startsWith('.tmp-'))).toEqual([]);
  });

  it('never loads an unfinished build folder, and swaps CURRENT only when a build is complete', async () => {
    const first = await writeIndex(dir, build(unitVectors(10, 7), 'first'));
    await mkdir(path.join(dir, 'builds', '.tmp-crashed'), { recursive: true });
    await writeFile(path.join(dir, 'builds', '.tmp-crashed', 'vectors.hnsw'), 'partial');
    expect((await readIndex(dir))?.id).toBe(first.id);
    const second = await writeIndex(dir, build(unitVectors(10, 8), 'second'));
    expect((await readFile(path.join(dir, 'CURRENT'), 'utf8')).trim()).toBe(second.id);
    expect((await readIndex(dir))?.manifest.corpusHash).toBe('second');
    // The first build is cleaned up; a young temp folder may be another build in progress, so it stays.
    expect(await readdir(path.join(dir, 'builds'))).toEqual(expect.arrayContaining([second.id, '.tmp-crashed']));
    expect(await readdir(path.join(dir, 'builds'))).not.toContain(first.id);
  });

  it('reports a damaged build with what to do', async () => {
    const stored = await writeIndex(dir, build(unitVectors(3, 9)));
    await writeFile(path.join(dir, 'builds', stored.id, 'manifest.json'), '{ not json');
    await expect(readIndex(dir)).rejects.toMatchObject({ code: 'INDEX_UNREADABLE', message: expect.stringContaining('npm run index') });
  });
});
