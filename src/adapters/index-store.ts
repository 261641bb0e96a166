import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleDocument, Chunk, VectorHit, VectorSearch } from '../core/types.ts';
import { AppError } from '../errors.ts';
import { nativeModuleError } from './native-module.ts';

/** Bumped when the files of a build change shape. */
export const INDEX_FORMAT = 1;

/** What a build was made from; a difference from the present means the index is stale. */
export interface IndexManifest {
  readonly format: number;
  readonly modelId: string;
  readonly dimensions: number;
  readonly corpusHash: string;
  readonly chunkerVersion: number;
  /** ISO 8601. */
  readonly builtAt: string;
  readonly documents: number;
  readonly chunks: number;
  /** Number of vectors (paragraphs and sentences). */
  readonly vectors: number;
}

/** A build as loaded from disk: its manifest, the corpus it was made from, and its vectors. */
export interface StoredIndex {
  readonly id: string;
  readonly manifest: IndexManifest;
  readonly documents: readonly ArticleDocument[];
  readonly chunks: readonly Chunk[];
  readonly vectors: VectorSearch;
}

/** What goes into a new build. `vectors[i]` gets label `i`. */
export interface NewIndex {
  readonly manifest: Omit<IndexManifest, 'format' | 'vectors'>;
  readonly documents: readonly ArticleDocument[];
  readonly chunks: readonly Chunk[];
  readonly vectors: readonly Float32Array[];
}

const CURRENT = 'CURRENT';
const BUILDS = 'builds';
const FILES = { manifest: 'manifest.json', corpus: 'corpus.json', vectors: 'vectors.hnsw' } as const;

/**
 * Reads the build named by `<dir>/CURRENT`, or returns null when there is none.
 * @throws AppError `INDEX_UNREADABLE` when CURRENT names a build that cannot be read.
 */
export async function readIndex(dir: string): Promise<StoredIndex | null> {
  let id: string;
  try {
    id = (await readFile(path.join(dir, CURRENT), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('INDEX_UNREADABLE', `cannot read ${path.join(dir, CURRENT)}`, { cause: error });
  }
  const buildDir = path.join(dir, BUILDS, id);
  try {
    const manifest = JSON.parse(await readFile(path.join(buildDir, FILES.manifest), 'utf8')) as IndexManifest;
    const corpus = JSON.parse(await readFile(path.join(buildDir, FILES.corpus), 'utf8')) as Pick<StoredIndex, 'documents' | 'chunks'>;
    const vectors = await openVectors(path.join(buildDir, FILES.vectors), manifest.dimensions);
    return { id, manifest, documents: corpus.documents, chunks: corpus.chunks, vectors };
  } catch (error) {
    throw new AppError('INDEX_UNREADABLE', `the index build ${buildDir} is damaged: run \`npm run index\` to rebuild it`, { cause: error });
  }
}

/**
 * Writes a build beside the current one and then points CURRENT at it with an
 * atomic rename, so a reader sees the old build or the new one, never a part.
 * Older builds and abandoned temp folders are removed afterwards.
 */
export async function writeIndex(dir: string, build: NewIndex): Promise<StoredIndex> {
  const dimensions = build.manifest.dimensions;
  const manifest: IndexManifest = { format: INDEX_FORMAT, ...build.manifest, vectors: build.vectors.length };
  const id = `${build.manifest.builtAt.replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  const builds = path.join(dir, BUILDS);
  const temp = path.join(builds, `.tmp-${id}`);
  const final = path.join(builds, id);
  try {
    await mkdir(temp, { recursive: true });
    const HierarchicalNSW = await hnswlib();
    const index = new HierarchicalNSW('cosine', dimensions);
    index.initIndex({ maxElements: Math.max(1, build.vectors.length), m: 16, efConstruction: 200, randomSeed: 100 });
    build.vectors.forEach((vector, label) => {
      if (vector.length !== dimensions) throw new Error(`vector ${label} has ${vector.length} dimensions, expected ${dimensions}`);
      index.addPoint(Array.from(vector), label);
    });
    await index.writeIndex(path.join(temp, FILES.vectors));
    await writeFile(path.join(temp, FILES.corpus), JSON.stringify({ documents: build.documents, chunks: build.chunks }));
    // The manifest is written last: a build folder without one was never finished.
    await writeFile(path.join(temp, FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(temp, final);
    const pointer = path.join(dir, `.${CURRENT}-${id}`);
    await writeFile(pointer, `${id}\n`);
    await rename(pointer, path.join(dir, CURRENT));
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw new AppError('INDEX_BUILD_FAILED', `could not write the index to ${dir}: ${(error as Error).message}`, { cause: error });
  }
  await removeOtherBuilds(builds, id);
  return { id, manifest, documents: build.documents, chunks: build.chunks, vectors: await openVectors(path.join(final, FILES.vectors), dimensions) };
}

async function openVectors(file: string, dimensions: number): Promise<VectorSearch> {
  const HierarchicalNSW = await hnswlib();
  const index = new HierarchicalNSW('cosine', dimensions);
  await index.readIndex(file);
  const size = index.getCurrentCount();
  return {
    size,
    search(vector: Float32Array, k: number): VectorHit[] {
      const n = Math.min(k, size);
      if (n <= 0) return [];
      index.setEf(Math.max(64, n));
      const { neighbors, distances } = index.searchKnn(Array.from(vector), n);
      return neighbors.map((label, i) => ({ label, score: 1 - (distances[i] ?? 1) }));
    },
  };
}

/** The native addon, loaded on first use (it is CommonJS: its exports arrive as `default`). */
async function hnswlib() {
  return (await import('hnswlib-node').catch(nativeModuleError)).default.HierarchicalNSW;
}

/** A temp folder older than this belongs to a build that died; younger ones may be another process's build in progress. */
const ABANDONED_AFTER_MS = 10 * 60_000;

/** Removes every finished build but `keep`, and temp folders of builds that died. */
async function removeOtherBuilds(builds: string, keep: string): Promise<void> {
  const entries = await readdir(builds).catch(() => [] as string[]);
  const now = Date.now();
  await Promise.all(
    entries
      .filter((entry) => entry !== keep)
      .map(async (entry) => {
        const full = path.join(builds, entry);
        const modified = (await stat(full).catch(() => null))?.mtimeMs ?? 0;
        if (entry.startsWith('.tmp-') && now - modified < ABANDONED_AFTER_MS) return;
        await rm(full, { recursive: true, force: true });
      }),
  );
}
