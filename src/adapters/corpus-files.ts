import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
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

/** Reads every `.md` / `.txt` file of `dir` (not recursive), in name order. */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && DOCUMENT_FILE.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new AppError('CORPUS_UNREADABLE', `cannot read the corpus folder ${dir}: check CORPUS_DIR`, { cause: error });
  }
  if (names.length === 0) {
    throw new AppError('CORPUS_EMPTY', `the corpus folder ${dir} has no .md or .txt files: put the article there`);
  }
  const hash = createHash('sha256');
  const documents: ArticleDocument[] = [];
  for (const name of names) {
    const id = name.replace(DOCUMENT_FILE, '');
    const text = await readText(path.join(dir, name));
    const metaPath = path.join(dir, `${id}.meta.json`);
    const metaText = await readText(metaPath).catch(() => null);
    const meta = metaText === null ? {} : parseMetadata(metaText, metaPath);
    if (text.trim() === '') throw new AppError('CORPUS_EMPTY', `${path.join(dir, name)} is empty: remove it or put the article's text in it`);
    const format = /\.md$/i.test(name) ? 'markdown' : 'text';
    // The title: the metadata's, else the document's own title line (an H1, or a first line that reads like one), else the file name.
    const titled = titleLine({ id, title: id, url: null, text });
    const title = meta.title ?? (titled === null ? id : plainText(titled.text));
    documents.push({ id, title, url: meta.url ?? null, text, format });
    hash.update(`${name}\0${text}\0${metaText ?? ''}\0`);
  }
  return { documents, hash: hash.digest('hex') };
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
