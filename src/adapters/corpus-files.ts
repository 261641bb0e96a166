import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { titleLine } from '../core/chunk.ts';
import { plainText } from '../core/plain-text.ts';
import type { ArticleDocument } from '../core/types.ts';
import { AppError } from '../errors.ts';

/** The documents of a corpus folder and a hash of everything they were read from. */
export interface LoadedCorpus {
  readonly documents: ArticleDocument[];
  /** sha256 over file names, texts and metadata; changes whenever the index must. */
  readonly hash: string;
  /** The files' names, sizes and modification times as they were read (see `corpusStamp`). */
  readonly stamp: string;
}

/**
 * Optional metadata beside a document: `article.txt` may have `article.meta.json`
 * with `{ "title": "…", "url": "https://…" }`. Without a title there, the title is the
 * document's own title line (a Markdown H1, or a first line that reads like a title),
 * else the file name.
 */
export interface DocumentMetadata {
  readonly title?: string;
  readonly url?: string | null;
}

const DOCUMENT_FILE = /\.(md|txt)$/i;
const META_SUFFIX = '.meta.json';

/** Limits on what a corpus may hold. */
export interface CorpusLimits {
  /** Most bytes all documents together may have (`CORPUS_MAX_BYTES`): building takes about a minute per MB on two cores (5.1 MB: 287 s). */
  readonly maxBytes: number;
}

/**
 * Reads every `.md` / `.txt` file of `dir` (not recursive), in name order. Each
 * must be UTF-8 text without NUL bytes, and together within `limits.maxBytes`.
 * @throws AppError `CORPUS_INVALID` naming the first file that is not, `CORPUS_EMPTY`, `CORPUS_UNREADABLE`.
 */
export async function loadCorpus(dir: string, limits: CorpusLimits = { maxBytes: Number.POSITIVE_INFINITY }): Promise<LoadedCorpus> {
  let names: readonly string[];
  let files: ReadonlySet<string>;
  try {
    ({ documents: names, names: files } = await listing(dir));
  } catch (error) {
    throw new AppError('CORPUS_UNREADABLE', `cannot read the corpus folder ${dir}: check CORPUS_DIR`, { cause: error });
  }
  if (names.length === 0) {
    throw new AppError('CORPUS_EMPTY', `the corpus folder ${dir} has no .md or .txt files: put the article there`);
  }
  const hash = createHash('sha256');
  const documents: ArticleDocument[] = [];
  const stamps: FileStamp[] = [];
  let total = 0;
  for (const name of names) {
    const id = name.replace(DOCUMENT_FILE, '');
    const file = path.join(dir, name);
    // The size is checked before the file is read, so an oversized one is never loaded.
    const stats = await stat(file).catch(() => null);
    stamps.push(stampOf(name, stats));
    const size = stats?.size ?? 0;
    total += size;
    if (total > limits.maxBytes) {
      throw new AppError(
        'CORPUS_INVALID',
        `${file} (${formatBytes(size)}) takes the corpus to ${formatBytes(total)}, over the limit of ${formatBytes(limits.maxBytes)}: ` +
          'split or shorten it, or raise CORPUS_MAX_BYTES',
      );
    }
    const text = decodeText(await readBytes(file), file);
    const metaName = metadataFileOf(name);
    const metaPath = path.join(dir, metaName);
    if (files.has(metaName)) stamps.push(stampOf(metaName, await stat(metaPath).catch(() => null)));
    const metaText = files.has(metaName) ? await readText(metaPath).catch(() => null) : null;
    const meta = metaText === null ? {} : parseMetadata(metaText, metaPath);
    if (text.trim() === '') throw new AppError('CORPUS_EMPTY', `${path.join(dir, name)} is empty: remove it or put the article's text in it`);
    const format = /\.md$/i.test(name) ? 'markdown' : 'text';
    // The title: the metadata's, else the document's own title line (an H1, or a first line that reads like one), else the file name.
    const titled = titleLine({ id, title: id, url: null, text });
    const title = meta.title ?? (titled === null ? id : plainText(titled.text));
    documents.push({ id, title, url: meta.url ?? null, text, format });
    hash.update(`${name}\0${text}\0${metaText ?? ''}\0`);
  }
  return { documents, hash: hash.digest('hex'), stamp: stampText(stamps) };
}

/**
 * A fingerprint of the corpus folder from its listing alone: every document's and
 * metadata file's name, size and modification time, as `loadCorpus` records them in
 * `LoadedCorpus.stamp`. When it equals the stamp of the corpus an index was built
 * from, the files were not touched since, and a start need not read them (1,000
 * documents take half a second to read and hash); when it differs, the corpus is read
 * and its hash decides. Null when the folder cannot be listed (reading it says why).
 */
export async function corpusStamp(dir: string): Promise<string | null> {
  let names: readonly string[];
  let files: ReadonlySet<string>;
  try {
    ({ documents: names, names: files } = await listing(dir));
  } catch {
    return null;
  }
  const listed = names.flatMap((name) => {
    const metaName = metadataFileOf(name);
    return files.has(metaName) ? [name, metaName] : [name];
  });
  const stamps = await Promise.all(listed.map(async (name) => stampOf(name, await stat(path.join(dir, name)).catch(() => null))));
  return stampText(stamps);
}

/** The name of a document file's metadata file: `article.txt` -> `article.meta.json`. */
function metadataFileOf(documentName: string): string {
  return `${documentName.replace(DOCUMENT_FILE, '')}${META_SUFFIX}`;
}

/** One file's part of a corpus stamp. */
type FileStamp = string;

function stampOf(name: string, stats: { size: number; mtimeMs: number } | null): FileStamp {
  return stats === null ? `${name}\0missing` : `${name}\0${stats.size}\0${stats.mtimeMs}`;
}

function stampText(stamps: readonly FileStamp[]): string {
  return createHash('sha1').update(stamps.join('\0\0')).digest('hex');
}

/** The document files of `dir` (plain `.md` and `.txt` files, in name order), and the names of all its entries. */
async function listing(dir: string): Promise<{ documents: string[]; names: Set<string> }> {
  const entries = await readdir(dir, { withFileTypes: true });
  return {
    documents: entries.filter((entry) => entry.isFile() && DOCUMENT_FILE.test(entry.name)).map((entry) => entry.name).sort(),
    names: new Set(entries.map((entry) => entry.name)),
  };
}

/**
 * The text of a document file. A file that is not UTF-8 (say cp1252) would be
 * quoted with U+FFFD in place of its accents, and a binary one indexed as words.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new AppError('CORPUS_INVALID', `${file} is not a text file (a NUL byte at byte ${nul}): remove it from the corpus folder`);
  try {
    // ignoreBOM keeps a byte-order mark in the text, as reading with 'utf8' did, so offsets and hashes stay the same.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw new AppError('CORPUS_INVALID', `${file} is not valid UTF-8: save it as UTF-8 (it may be Windows-1252 or Latin-1)`, { cause: error });
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : bytes >= 1_000 ? `${(bytes / 1_000).toFixed(1)} KB` : `${bytes} bytes`;
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new AppError('CORPUS_UNREADABLE', `cannot read ${file}`, { cause: error });
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && file.endsWith('.meta.json')) throw error;
    throw new AppError('CORPUS_UNREADABLE', `cannot read ${file}`, { cause: error });
  }
}

function parseMetadata(text: string, file: string): DocumentMetadata {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('CORPUS_UNREADABLE', `${file} is not valid JSON`, { cause: error });
  }
  const record = (value ?? {}) as Record<string, unknown>;
  const title = record['title'];
  const url = record['url'];
  const problems: string[] = [];
  if (title !== undefined && (typeof title !== 'string' || title.trim() === '')) problems.push('"title" must be a non-empty string');
  if (url !== undefined && url !== null && (typeof url !== 'string' || !/^https?:\/\//.test(url))) problems.push('"url" must be an http(s) URL or null');
  if (problems.length > 0) throw new AppError('CORPUS_UNREADABLE', `${file}: ${problems.join('; ')}`);
  return { ...(typeof title === 'string' ? { title: title.trim() } : {}), url: typeof url === 'string' ? url : null };
}
