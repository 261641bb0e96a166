import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusDigest } from '../core/corpus-digest.ts';
import { vocabularyMatrix, type Vocabulary, type VocabularyVectors } from '../core/synonyms.ts';
import type { ArticleDocument, Chunk, VectorHit, VectorSearch } from '../core/types.ts';
import { AppError } from '../errors.ts';
import { nativeModuleError } from './native-module.ts';
import { hnswFileProblem } from './hnsw-file.ts';

/**
 * Bumped when the files of a build change shape or what they hold is computed differently. 2: the manifest holds a sha256 of every file.
 * 3: the vocabulary's vectors are stored. 4: the corpus digest (terms, tagged facts, lexicon) is stored.
 * 5: the digest's terms include "against" (see `isStopword`), so digests of format 4 no longer match questions.
 * 6: quoted speech is credited to the speaker of the sentence before (see `inheritSpeakers`).
 * 7: the speaker window counts words, not punctuation, so a title before an apposition is a speaker.
 * 8: times of day the tagger misses ("before dawn", "by mid-morning") are times (see `sentenceFacts`).
 * 9: the manifest holds a sha1 of every file, not a sha256 (see `checksum`), and the corpus's stamp; chunks are stored without their text.
 */
export const INDEX_FORMAT = 9;

/** What a build was made from; a difference from the present means the index is stale. */
export interface IndexManifest {
  readonly format: number;
  readonly modelId: string;
  readonly dimensions: number;
  readonly corpusHash: string;
  /** The corpus files' names, sizes and modification times when they were read (see `corpusStamp`). */
  readonly corpusStamp: string;
  readonly chunkerVersion: number;
  /** ISO 8601. */
  readonly builtAt: string;
  readonly documents: number;
  readonly chunks: number;
  /** Number of vectors (paragraphs and sentences). */
  readonly vectors: number;
  /** sha1 (hex) of every other file of the build, checked before the build is trusted (see `checksum`). */
  readonly files: Readonly<Record<BuildFile, string>>;
}

/** The files of a build besides its manifest. */
export type BuildFile = 'vectors.hnsw' | 'corpus.json' | 'vocabulary.f32';

/** A build as loaded from disk: its manifest, the corpus it was made from, and its vectors. */
export interface StoredIndex {
  readonly id: string;
  readonly manifest: IndexManifest;
  readonly documents: readonly ArticleDocument[];
  readonly chunks: readonly Chunk[];
  readonly vectors: StoredVectors;
  /** The corpus's content words and their vectors, for matching question words by meaning. */
  readonly vocabulary: VocabularyVectors;
  /** What retrieval reads of the corpus, computed at build time (see `digestCorpus`). */
  readonly digest: CorpusDigest;
}

/** The vectors of a build: searchable, and each readable by its label (what a later build reuses). */
export interface StoredVectors extends VectorSearch {
  /** The vector stored under `label` (as hnswlib keeps it: normalized). */
  vectorAt(label: number): Float32Array;
}

/** What goes into a new build. `vectors[i]` gets label `i`. */
export interface NewIndex {
  readonly manifest: Omit<IndexManifest, 'format' | 'vectors' | 'files'>;
  readonly documents: readonly ArticleDocument[];
  readonly chunks: readonly Chunk[];
  readonly vectors: readonly Float32Array[];
  /** The corpus's content words (see `vocabularyOf`) and one vector per word. */
  readonly vocabulary: Vocabulary & { readonly vectors: readonly Float32Array[] };
  readonly digest: CorpusDigest;
}

/** A chunk as `corpus.json` keeps it: its text is its document's text at its offsets. */
type StoredChunk = Omit<Chunk, 'text'>;

/** What `corpus.json` holds. */
interface StoredCorpus {
  readonly documents: readonly ArticleDocument[];
  readonly chunks: readonly StoredChunk[];
  readonly vocabulary: Vocabulary;
  readonly digest: CorpusDigest;
}

const CURRENT = 'CURRENT';
const BUILDS = 'builds';
const FILES = { manifest: 'manifest.json', corpus: 'corpus.json', vectors: 'vectors.hnsw', vocabulary: 'vocabulary.f32' } as const;
/** The graph parameters of every build; the file check derives the header from them. */
const HNSW = { m: 16, efConstruction: 200, randomSeed: 100 } as const;

/**
 * Reads the build named by `<dir>/CURRENT`, or returns null when there is none.
 * The vector file is checked against the layout hnswlib expects before hnswlib
 * reads it, and every file against the sha1 in the manifest before the build is
 * returned: a damaged build is reported, never served.
 * @throws AppError `INDEX_UNREADABLE` when CURRENT names a build that cannot be read
 * or fails a check; the message names the file. `INDEX_OUTDATED` when it was
 * written by a version of this program with another index format.
 */
export async function readIndex(dir: string, options: ReadOptions = {}): Promise<StoredIndex | null> {
  let id: string;
  try {
    id = (await readFile(path.join(dir, CURRENT), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('INDEX_UNREADABLE', `cannot read ${path.join(dir, CURRENT)}`, { cause: error });
  }
  if (!/^[\w-]+$/.test(id)) throw new AppError('INDEX_UNREADABLE', `${path.join(dir, CURRENT)} does not name a build: run \`npm run index\` to rebuild it`);
  return readBuild(dir, id, options);
}

/** How `readIndex` tells its caller how far it got. */
export interface ReadOptions {
  /**
   * Called once the vector file passed its layout check and hnswlib began reading it on a
   * thread of its own (at 1,000 documents that read takes most of a second): work
   * that blocks this thread, such as opening the model, then overlaps it.
   */
  readonly onVectorsLoading?: () => void;
}

/**
 * The newest finished build other than CURRENT's that passes every check, or null:
 * what to serve while a damaged current build is rebuilt.
 */
export async function readPreviousIndex(dir: string): Promise<StoredIndex | null> {
  const current = (await readFile(path.join(dir, CURRENT), 'utf8').catch(() => '')).trim();
  const entries = (await readdir(path.join(dir, BUILDS)).catch(() => [] as string[])).filter((entry) => !entry.startsWith('.') && entry !== current);
  for (const id of entries.sort().reverse()) {
    const build = await readBuild(dir, id).catch(() => null);
    if (build !== null) return build;
  }
  return null;
}

/**
 * Writes a build beside the current one and then points CURRENT at it with an
 * atomic rename, so a reader sees the old build or the new one, never a part.
 * The new build is read back through every check of `readIndex` before CURRENT
 * moves. The previous build is kept (a fallback should the new one be damaged
 * later); older builds and leftovers of dead builds are removed afterwards.
 */
export async function writeIndex(dir: string, build: NewIndex): Promise<StoredIndex> {
  const dimensions = build.manifest.dimensions;
  const id = `${build.manifest.builtAt.replace(/[:.]/g, '-')}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const builds = path.join(dir, BUILDS);
  const temp = path.join(builds, `.tmp-${id}`);
  const final = path.join(builds, id);
  let stored: StoredIndex;
  inProgress.add(id);
  try {
    await mkdir(temp, { recursive: true });
    const HierarchicalNSW = await hnswlib();
    const index = new HierarchicalNSW('cosine', dimensions);
    index.initIndex({ maxElements: Math.max(1, build.vectors.length), m: HNSW.m, efConstruction: HNSW.efConstruction, randomSeed: HNSW.randomSeed });
    build.vectors.forEach((vector, label) => {
      if (vector.length !== dimensions) throw new Error(`vector ${label} has ${vector.length} dimensions, expected ${dimensions}`);
      index.addPoint(Array.from(vector), label);
    });
    await index.writeIndex(path.join(temp, FILES.vectors));
    const { words, terms } = build.vocabulary;
    // A chunk's text is its document's text at its offsets, so it is not stored twice (it was a third of the file).
    const chunks: StoredChunk[] = build.chunks.map(({ text: _text, ...chunk }) => chunk);
    await writeFile(path.join(temp, FILES.corpus), JSON.stringify({ documents: build.documents, chunks, vocabulary: { words, terms }, digest: build.digest }));
    await writeFile(path.join(temp, FILES.vocabulary), vocabularyBytes(build.vocabulary.vectors, dimensions));
    const files = {
      [FILES.vectors]: checksum(await readFile(path.join(temp, FILES.vectors))),
      [FILES.corpus]: checksum(await readFile(path.join(temp, FILES.corpus))),
      [FILES.vocabulary]: checksum(await readFile(path.join(temp, FILES.vocabulary))),
    };
    const manifest: IndexManifest = { format: INDEX_FORMAT, ...build.manifest, vectors: build.vectors.length, files };
    // The manifest is written last: a build folder without one was never finished.
    await writeFile(path.join(temp, FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(temp, final);
    stored = await readBuild(dir, id);
    const pointer = path.join(dir, `.${CURRENT}-${id}`);
    await writeFile(pointer, `${id}\n`);
    await rename(pointer, path.join(dir, CURRENT));
  } catch (error) {
    // Best effort: the folder may be unusable, which is what this error reports.
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    await rm(final, { recursive: true, force: true }).catch(() => undefined);
    throw new AppError('INDEX_BUILD_FAILED', `could not write the index to ${dir}: ${(error as Error).message}`, { cause: error });
  } finally {
    inProgress.delete(id);
  }
  await removeLeftovers(dir);
  return stored;
}

/**
 * Removes what dead builds left in `dir`: `.tmp-*` build folders and `.CURRENT-*`
 * pointer files of processes that no longer run (or, for names without a process
 * id, older than ten minutes), and every finished build but CURRENT's and the
 * newest other one (the fallback should CURRENT's be damaged). Called at start-up
 * and after each build.
 */
export async function removeLeftovers(dir: string): Promise<void> {
  const builds = path.join(dir, BUILDS);
  const current = (await readFile(path.join(dir, CURRENT), 'utf8').catch(() => '')).trim();
  const buildEntries = await readdir(builds).catch(() => [] as string[]);
  let previous: string | undefined;
  for (const id of buildEntries.filter((entry) => !entry.startsWith('.') && entry !== current).sort().reverse()) {
    // Only the manifest is read here (hashing whole builds would slow every start);
    // readPreviousIndex checks every file before a fallback is ever served.
    if (!(await hasSoundManifest(path.join(builds, id)))) continue;
    previous = id;
    break;
  }
  const kept = new Set([current, previous].filter((id) => id !== undefined && id !== ''));
  const remove = async (folder: string, entry: string, isLeftover: boolean) => {
    const full = path.join(folder, entry);
    if (isLeftover && !(await belongsToDeadBuild(full, entry))) return;
    await rm(full, { recursive: true, force: true });
  };
  const pointers = (await readdir(dir).catch(() => [] as string[])).filter((entry) => entry.startsWith(`.${CURRENT}-`));
  await Promise.all([
    ...buildEntries.filter((entry) => !kept.has(entry)).map((entry) => remove(builds, entry, entry.startsWith('.tmp-'))),
    ...pointers.map((entry) => remove(dir, entry, true)),
  ]);
}

/** Whether a build folder holds a manifest of this index format that names all its files. */
async function hasSoundManifest(buildDir: string): Promise<boolean> {
  try {
    return manifestProblem(JSON.parse(await readFile(path.join(buildDir, FILES.manifest), 'utf8')) as IndexManifest) === null;
  } catch {
    return false;
  }
}

/** Reads the finished build `id` through every check of `readIndex`, e.g. one a worker just wrote. */
export function readIndexBuild(dir: string, id: string): Promise<StoredIndex> {
  return readBuild(dir, id);
}

/**
 * Reads and checks one finished build, and opens its vectors. hnswlib reads the
 * vector file on a thread of its own, at 1,000 documents for most of a second, so
 * it starts as soon as the file's layout passed (what keeps it from crashing), and
 * the file's checksum, the corpus copy and the word vectors are checked meanwhile.
 */
async function readBuild(dir: string, id: string, options: ReadOptions = {}): Promise<StoredIndex> {
  const buildDir = path.join(dir, BUILDS, id);
  const damaged: Damaged = (file, problem, cause) =>
    new AppError('INDEX_UNREADABLE', `${path.join(buildDir, file)} is damaged (${problem}): the index will be rebuilt from the corpus, or run \`npm run index\``, { cause });
  const manifest = await readManifest(buildDir, damaged);
  const bytesOf = (file: BuildFile) => readWhole(path.join(buildDir, file)).catch((error: unknown) => {
    throw damaged(file, 'unreadable', error);
  });
  const vectorsFile = await bytesOf(FILES.vectors);
  const others = Promise.all([bytesOf(FILES.corpus), bytesOf(FILES.vocabulary)]);
  others.catch(() => undefined); // awaited below, after the vector file's own problems
  // The layout is what keeps hnswlib from crashing; a file laid out right but with other bytes only
  // reads wrong vectors, so its checksum is checked while hnswlib reads it (the build is refused either way).
  const vectorsChanged = () => checksum(vectorsFile) !== manifest.files[FILES.vectors];
  const layout = hnswFileProblem(vectorsFile, { dimensions: manifest.dimensions, elements: manifest.vectors });
  if (layout !== null) throw damaged(FILES.vectors, vectorsChanged() ? 'its sha1 does not match the manifest' : layout);
  const opening = openVectors(path.join(buildDir, FILES.vectors), manifest.dimensions).catch((error: unknown) => {
    throw damaged(FILES.vectors, 'hnswlib cannot read it', error);
  });
  opening.catch(() => undefined); // awaited below, unless a check refuses the build first
  options.onVectorsLoading?.();
  if (vectorsChanged()) throw damaged(FILES.vectors, 'its sha1 does not match the manifest');
  const corpus = checkCorpus(manifest, ...(await others), damaged);
  return { id, manifest, documents: corpus.documents, chunks: corpus.chunks, vectors: await opening, vocabulary: corpus.vocabulary, digest: corpus.digest };
}

/** The error for a file of a build that fails a check, naming the file and the problem. */
type Damaged = (file: string, problem: string, cause?: unknown) => AppError;

/** The manifest of a build, checked. */
async function readManifest(buildDir: string, damaged: Damaged): Promise<IndexManifest> {
  let manifest: IndexManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(buildDir, FILES.manifest), 'utf8')) as IndexManifest;
  } catch (error) {
    throw damaged(FILES.manifest, 'unreadable', error);
  }
  // Written by another version of this program: not damaged, only to be rebuilt.
  if (manifest !== null && typeof manifest === 'object' && typeof manifest.format === 'number' && manifest.format !== INDEX_FORMAT) {
    throw new AppError('INDEX_OUTDATED', `index format ${manifest.format} is not ${INDEX_FORMAT}`);
  }
  const problem = manifestProblem(manifest);
  if (problem !== null) throw damaged(FILES.manifest, problem);
  return manifest;
}

/** Checks the corpus copy and the word vectors of a build against its manifest and each other. */
function checkCorpus(
  manifest: IndexManifest,
  corpusFile: Buffer,
  vocabularyFile: Buffer,
  damaged: Damaged,
): Pick<StoredIndex, 'documents' | 'chunks' | 'vocabulary' | 'digest'> {
  for (const [file, bytes] of [[FILES.corpus, corpusFile], [FILES.vocabulary, vocabularyFile]] as const) {
    if (checksum(bytes) !== manifest.files[file]) throw damaged(file, 'its sha1 does not match the manifest');
  }
  let corpus: StoredCorpus;
  try {
    corpus = JSON.parse(corpusFile.toString('utf8')) as StoredCorpus;
  } catch (error) {
    throw damaged(FILES.corpus, 'not JSON', error);
  }
  const corpusProblem = storedCorpusProblem(corpus, manifest) ?? digestProblem(corpus);
  if (corpusProblem !== null) throw damaged(FILES.corpus, corpusProblem);
  const words = corpus.vocabulary?.terms;
  if (!Array.isArray(words) || !Array.isArray(corpus.vocabulary.words) || corpus.vocabulary.words.length !== words.length) throw damaged(FILES.corpus, 'no vocabulary');
  if (vocabularyFile.length !== words.length * manifest.dimensions * 4) throw damaged(FILES.vocabulary, 'its size is not one vector per word');
  const matrix = new Float32Array(vocabularyFile.buffer.slice(vocabularyFile.byteOffset, vocabularyFile.byteOffset + vocabularyFile.length));
  const texts = new Map(corpus.documents.map((document) => [document.id, document.text]));
  const chunks = corpus.chunks.map((chunk): Chunk => ({ ...chunk, text: texts.get(chunk.doc)?.slice(chunk.start, chunk.end) ?? '' }));
  return { documents: corpus.documents, chunks, vocabulary: vocabularyMatrix(corpus.vocabulary, matrix, manifest.dimensions), digest: corpus.digest };
}

function manifestProblem(manifest: Partial<IndexManifest> | null): string | null {
  if (manifest === null || typeof manifest !== 'object') return 'not an object';
  if (manifest.format !== INDEX_FORMAT) return `index format ${String(manifest.format)}, not ${INDEX_FORMAT}: written by another version`;
  for (const field of ['dimensions', 'vectors', 'documents', 'chunks', 'chunkerVersion'] as const) {
    const value = manifest[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return `"${field}" is not a count`;
  }
  if ((manifest.dimensions ?? 0) < 1 || (manifest.dimensions ?? 0) > 65_536) return '"dimensions" is out of range';
  for (const field of ['modelId', 'corpusHash', 'corpusStamp', 'builtAt'] as const) if (typeof manifest[field] !== 'string') return `"${field}" is not a string`;
  for (const file of [FILES.vectors, FILES.corpus, FILES.vocabulary]) if (!/^[0-9a-f]{40}$/.test(manifest.files?.[file] ?? '')) return `no sha1 for ${file}`;
  return null;
}

/** The stored corpus must hold what the manifest counts, and every chunk must lie inside its document. */
function storedCorpusProblem(corpus: Partial<Pick<StoredCorpus, 'documents' | 'chunks'>> | null, manifest: IndexManifest): string | null {
  const documents: unknown = corpus?.documents;
  const chunks: unknown = corpus?.chunks;
  if (corpus === null || !Array.isArray(documents) || !Array.isArray(chunks) || corpus.documents === undefined || corpus.chunks === undefined) return 'no documents or chunks';
  if (corpus.documents.length !== manifest.documents || corpus.chunks.length !== manifest.chunks) return 'its counts differ from the manifest';
  const lengths = new Map(corpus.documents.map((document) => [document.id, typeof document.text === 'string' ? document.text.length : -1]));
  for (const chunk of corpus.chunks) {
    const length = lengths.get(chunk.doc) ?? -1;
    if (!Number.isSafeInteger(chunk.start) || !Number.isSafeInteger(chunk.end) || chunk.start < 0 || chunk.end < chunk.start || chunk.end > length) return `chunk ${chunk.id} is not inside its document's text`;
  }
  return null;
}

/** The digest must describe the stored chunks: one entry per chunk and per sentence. */
function digestProblem(corpus: Pick<StoredCorpus, 'chunks' | 'digest'>): string | null {
  const digest: Partial<CorpusDigest> | undefined = corpus.digest;
  if (digest === undefined || !Array.isArray(digest.terms) || !Array.isArray(digest.chunks) || !Array.isArray(digest.sentences) || typeof digest.lexicon !== 'object') return 'no corpus digest';
  const sentences = corpus.chunks.reduce((sum, chunk) => sum + chunk.sentences.length, 0);
  if (digest.chunks.length !== corpus.chunks.length || digest.sentences.length !== sentences) return 'its digest does not describe its chunks';
  return null;
}

/** Word vectors as little-endian float32, row after row. */
function vocabularyBytes(vectors: readonly Float32Array[], dimensions: number): Buffer {
  const matrix = new Float32Array(vectors.length * dimensions);
  vectors.forEach((vector, i) => {
    if (vector.length !== dimensions) throw new Error(`word vector ${i} has ${vector.length} dimensions, expected ${dimensions}`);
    matrix.set(vector, i * dimensions);
  });
  return Buffer.from(matrix.buffer, matrix.byteOffset, matrix.byteLength);
}

/**
 * A file's bytes in one read: `readFile` reads in 512 KB pieces, each waiting for a
 * turn of this thread, so an 80 MB file read while the model opens took a second.
 */
async function readWhole(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === size ? bytes : bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * The checksum a manifest keeps of a file. It guards against damage (a bad disk, a
 * truncated copy, a hand edit), not against someone who can rewrite the manifest
 * too, so a fast hash serves: sha1 reads about 1.8 GB/s here against 0.55 for
 * sha256, and every start hashes the whole index (115 MB at 1,000 documents).
 */
function checksum(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

async function openVectors(file: string, dimensions: number): Promise<StoredVectors> {
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
    vectorAt: (label) => Float32Array.from(index.getPoint(label)),
  };
}

/** The native addon, loaded on first use (it is CommonJS: its exports arrive as `default`). */
async function hnswlib() {
  return (await import('hnswlib-node').catch(nativeModuleError)).default.HierarchicalNSW;
}

/** A leftover without a process id older than this belongs to a build that died. */
const ABANDONED_AFTER_MS = 10 * 60_000;

/** Builds this thread is writing; a leftover with this process's id and not in here was left by an earlier process with the same pid (a container restart). */
const inProgress = new Set<string>();

/** Whether a `.tmp-<id>` folder or `.CURRENT-<id>` file was left by a process that is gone. */
async function belongsToDeadBuild(full: string, entry: string): Promise<boolean> {
  const match = /^\.(?:tmp|CURRENT)-(.+-(\d+)-[0-9a-f]{6})$/.exec(entry);
  if (match?.[1] !== undefined && match[2] !== undefined) {
    const pid = Number(match[2]);
    return pid === process.pid ? !inProgress.has(match[1]) : !isRunning(pid);
  }
  const modified = (await stat(full).catch(() => null))?.mtimeMs ?? 0;
  return Date.now() - modified >= ABANDONED_AFTER_MS;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
