import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INDEX_FORMAT, readIndex, readPreviousIndex, removeLeftovers, writeIndex, type NewIndex } from '../../src/adapters/index-store.ts';

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
    manifest: { modelId: 'test-model', dimensions: DIMS, corpusHash, corpusStamp: 'stamp-a', chunkerVersion: 1, builtAt: new Date().toISOString(), documents: 1, chunks: 1 },
    documents: [{ id: 'doc', title: 'Doc', url: null, text: 'One paragraph.' }],
    chunks: [{ id: 0, doc: 'doc', paragraph: 1, section: null, start: 0, end: 14, text: 'One paragraph.', sentences: [{ start: 0, end: 14 }] }],
    vectors,
    vocabulary: { words: ['one', 'paragraph'], terms: ['one', 'paragraph'], vectors: unitVectors(2, 99) },
    digest: {
      terms: ['one', 'paragraph'],
      chunks: [[0, 1]],
      sentences: [{ terms: [0, 1], facts: { kinds: ['cardinal'], names: [], speakers: [], quoted: false } }],
      lexicon: { sentences: 1, terms: ['one', 'paragraph'], frequencies: [1, 1], names: [], acronyms: [] },
    },
  };
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe('the hnswlib index on disk', () => {
  it('returns what a brute-force cosine scan returns, after a save and a load', async () => {
    const vectors = unitVectors(400, 1);
    await writeIndex(dir, build(vectors));
    const loaded = await readIndex(dir);
    expect(loaded?.vectors.size).toBe(400);
    expect(loaded?.manifest).toMatchObject({ format: INDEX_FORMAT, modelId: 'test-model', dimensions: DIMS, corpusHash: 'hash-a', vectors: 400 });
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
    // The first build stays as the fallback; a young temp folder without a process id may be another build in progress, so it stays.
    expect(await readdir(path.join(dir, 'builds'))).toEqual(expect.arrayContaining([first.id, second.id, '.tmp-crashed']));
    const third = await writeIndex(dir, build(unitVectors(10, 9), 'third'));
    expect((await readdir(path.join(dir, 'builds'))).sort()).toEqual(['.tmp-crashed', second.id, third.id].sort());
  });

  it('reports a damaged build with what to do', async () => {
    const stored = await writeIndex(dir, build(unitVectors(3, 9)));
    await writeFile(path.join(dir, 'builds', stored.id, 'manifest.json'), '{ not json');
    await expect(readIndex(dir)).rejects.toMatchObject({ code: 'INDEX_UNREADABLE', message: expect.stringContaining('npm run index') });
  });
});

describe('a damaged build is refused before hnswlib opens it', () => {
  const vectorsOf = (id: string) => path.join(dir, 'builds', id, 'vectors.hnsw');
  const sha1 = async (file: string) => createHash('sha1').update(await readFile(file)).digest('hex');

  /** Rewrites the manifest's checksum of `file` to match its damaged bytes, as if the damage happened before hashing. */
  async function blessChecksum(id: string, file: 'vectors.hnsw' | 'corpus.json'): Promise<void> {
    const manifestPath = path.join(dir, 'builds', id, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { files: Record<string, string> };
    manifest.files[file] = await sha1(path.join(dir, 'builds', id, file));
    await writeFile(manifestPath, JSON.stringify(manifest));
  }

  async function damage(file: string, offset: number, bytes: Buffer): Promise<void> {
    const data = await readFile(file);
    bytes.copy(data, offset);
    await writeFile(file, data);
  }

  it('records a sha1 of the vectors, the corpus copy and the word vectors in the manifest', async () => {
    const stored = await writeIndex(dir, build(unitVectors(20, 10)));
    expect(stored.manifest.files).toEqual({
      'vectors.hnsw': await sha1(vectorsOf(stored.id)),
      'corpus.json': await sha1(path.join(dir, 'builds', stored.id, 'corpus.json')),
      'vocabulary.f32': await sha1(path.join(dir, 'builds', stored.id, 'vocabulary.f32')),
    });
  });

  it('stores the word vectors and reads them back, row for row', async () => {
    const words = unitVectors(2, 99);
    const stored = await writeIndex(dir, build(unitVectors(20, 10)));
    expect(stored.vocabulary.vocabulary.terms).toEqual(['one', 'paragraph']);
    expect([...stored.vocabulary.matrix]).toEqual([...(words[0] ?? []), ...(words[1] ?? [])]);
    const again = await readIndex(dir);
    expect([...(again?.vocabulary.matrix ?? [])]).toEqual([...stored.vocabulary.matrix]);
  });

  it('refuses a damaged word-vector file', async () => {
    const stored = await writeIndex(dir, build(unitVectors(20, 10)));
    await damage(path.join(dir, 'builds', stored.id, 'vocabulary.f32'), 4, Buffer.from([1, 2, 3, 4]));
    await expect(readIndex(dir)).rejects.toMatchObject({ code: 'INDEX_UNREADABLE', message: expect.stringMatching(/vocabulary\.f32 is damaged \(its sha1 does not match/) });
  });

  // Each of these made hnswlib segfault (exit 139) in readIndex or the first search.
  it.each([0, 32, 40, 96])('header bytes at %i set to ff ff ff 7f: refused by checksum, and by the layout check when the checksum matches', async (offset) => {
    const stored = await writeIndex(dir, build(unitVectors(50, 11)));
    await damage(vectorsOf(stored.id), offset, Buffer.from([0xff, 0xff, 0xff, 0x7f]));
    await expect(readIndex(dir)).rejects.toMatchObject({ code: 'INDEX_UNREADABLE', message: expect.stringMatching(/vectors\.hnsw is damaged \(its sha1 does not match/) });
    await blessChecksum(stored.id, 'vectors.hnsw');
    await expect(readIndex(dir)).rejects.toMatchObject({ code: 'INDEX_UNREADABLE', message: expect.stringMatching(/vectors\.hnsw is damaged \((header field|element 0 on level 0)/) });
  });

  it('64 changed bytes anywhere in the data area are refused; with a matching checksum they never crash', async () => {
    const stored = await writeIndex(dir, build(unitVectors(50, 12)));
    const pristine = await readFile(vectorsOf(stored.id));
    const manifest = await readFile(path.join(dir, 'builds', stored.id, 'manifest.json'));
    const noise = unitVectors(1, 13)[0]!;
    for (let offset = 96; offset + 64 < pristine.length; offset += 997) {
      await writeFile(vectorsOf(stored.id), pristine);
      await writeFile(path.join(dir, 'builds', stored.id, 'manifest.json'), manifest);
      await damage(vectorsOf(stored.id), offset, Buffer.from(noise.buffer, 0, 64));
      await expect(readIndex(dir)).rejects.toMatchObject({ code: 'INDEX_UNREADABLE', message: expect.stringContaining('vectors.hnsw is damaged') });
      await blessChecksum(stored.id, 'vectors.hnsw');
      // Changed vector values are still a readable graph; changed links or labels are refused. Neither may crash.
      const loaded = await readIndex(dir).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      if (loaded instanceof Error) expect(loaded.message).toContain('vectors.hnsw is damaged');
      else expect(loaded?.vectors.search(noise, 5)).toHaveLength(5);
    }
  });

  it('an edited corpus copy is refused', async () => {
    const stored = await writeIndex(dir, build(unitVectors(5, 14)));
    const corpusPath = path.join(dir, 'builds', stored.id, 'corpus.json');
    await writeFile(corpusPath, (await readFile(corpusPath, 'utf8')).replaceAll('One paragraph', 'One Paragraph'));
    await expect(readIndex(dir)).rejects.toMatchObject({ code: 'INDEX_UNREADABLE', message: expect.stringContaining('corpus.json is damaged (its sha1') });
    await blessChecksum(stored.id, 'corpus.json');
    expect((await readIndex(dir))?.chunks[0]?.text).toBe('One Paragraph.');
    await writeFile(corpusPath, (await readFile(corpusPath, 'utf8')).replace('"start":0,"end":14,"sentences"', '"start":0,"end":15,"sentences"'));
    await blessChecksum(stored.id, 'corpus.json');
    await expect(readIndex(dir)).rejects.toMatchObject({ message: expect.stringContaining("chunk 0 is not inside its document's text") });
  });

  it('says when hnswlib starts reading a vector file that passed its layout check, and never for one that did not', async () => {
    const stored = await writeIndex(dir, build(unitVectors(50, 17)));
    const calls: string[] = [];
    const read = readIndex(dir, { onVectorsLoading: () => calls.push('loading') }).then((index) => calls.push(`read ${index?.vectors.size}`));
    await read;
    expect(calls).toEqual(['loading', 'read 50']);
    await damage(vectorsOf(stored.id), 32, Buffer.from([0xff, 0xff, 0xff, 0x7f]));
    await blessChecksum(stored.id, 'vectors.hnsw');
    calls.length = 0;
    await expect(readIndex(dir, { onVectorsLoading: () => calls.push('loading') })).rejects.toMatchObject({ code: 'INDEX_UNREADABLE' });
    expect(calls).toEqual([]);
  });

  it('keeps each chunk as offsets into its document, and reads its text back from them', async () => {
    const stored = await writeIndex(dir, build(unitVectors(5, 16)));
    const written = JSON.parse(await readFile(path.join(dir, 'builds', stored.id, 'corpus.json'), 'utf8')) as { chunks: Record<string, unknown>[] };
    expect(written.chunks[0]).not.toHaveProperty('text');
    expect(written.chunks[0]).toMatchObject({ start: 0, end: 14 });
    expect((await readIndex(dir))?.chunks[0]).toMatchObject({ text: 'One paragraph.', start: 0, end: 14, sentences: [{ start: 0, end: 14 }] });
  });

  it('a corpus digest that does not describe the chunks is refused, and the digest is read back as written', async () => {
    const written = build(unitVectors(5, 15));
    const stored = await writeIndex(dir, written);
    expect(stored.digest).toEqual(written.digest);
    const corpusPath = path.join(dir, 'builds', stored.id, 'corpus.json');
    const corpus = JSON.parse(await readFile(corpusPath, 'utf8')) as { digest: { sentences: unknown[] } };
    await writeFile(corpusPath, JSON.stringify({ ...corpus, digest: { ...corpus.digest, sentences: [] } }));
    await blessChecksum(stored.id, 'corpus.json');
    await expect(readIndex(dir)).rejects.toMatchObject({ code: 'INDEX_UNREADABLE', message: expect.stringContaining('its digest does not describe its chunks') });
  });

  it('a build of another index format (format 1, without checksums) is not trusted: it is reported as outdated', async () => {
    const stored = await writeIndex(dir, build(unitVectors(5, 15)));
    const manifestPath = path.join(dir, 'builds', stored.id, 'manifest.json');
    const old = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
    delete old['files'];
    await writeFile(manifestPath, JSON.stringify({ ...old, format: 1 }));
    await expect(readIndex(dir)).rejects.toMatchObject({ code: 'INDEX_OUTDATED', message: `index format 1 is not ${INDEX_FORMAT}` });
  });

  it('finds the previous valid build to serve while the damaged one is rebuilt', async () => {
    const first = await writeIndex(dir, build(unitVectors(10, 16), 'first'));
    const second = await writeIndex(dir, build(unitVectors(10, 17), 'second'));
    await damage(vectorsOf(second.id), 40, Buffer.from([0xff, 0xff, 0xff, 0x7f]));
    await expect(readIndex(dir)).rejects.toMatchObject({ code: 'INDEX_UNREADABLE' });
    expect((await readPreviousIndex(dir))?.id).toBe(first.id);
    await damage(vectorsOf(first.id), 32, Buffer.from([0xff, 0xff, 0xff, 0x7f]));
    expect(await readPreviousIndex(dir)).toBeNull();
  });
});

describe('leftovers of builds that died', () => {
  it('removes temp folders and pointer files of dead processes (or of this pid from before a restart), and keeps those of running ones', async () => {
    const live = `2026-01-01T00-00-00-000Z-${process.ppid}-aaaaaa`;
    const dead = `2026-01-01T00-00-00-000Z-999999999-bbbbbb`;
    const restarted = `2026-01-01T00-00-00-000Z-${process.pid}-cccccc`;
    await writeIndex(dir, build(unitVectors(3, 18)));
    for (const id of [live, dead, restarted]) {
      await mkdir(path.join(dir, 'builds', `.tmp-${id}`), { recursive: true });
      await writeFile(path.join(dir, `.CURRENT-${id}`), `${id}\n`);
    }
    await removeLeftovers(dir);
    const left = [...(await readdir(dir)), ...(await readdir(path.join(dir, 'builds')))].filter((entry) => entry.startsWith('.'));
    expect(left.sort()).toEqual([`.CURRENT-${live}`, `.tmp-${live}`]);
  });
});
