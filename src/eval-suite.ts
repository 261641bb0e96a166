import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCorpus } from './adapters/corpus-files.ts';
import { createApp, type App } from './app.ts';
import { loadConfig } from './config.ts';
import { assignSplits, parseEvalFile, type EvalItem } from './evaluation.ts';
import { parseFollowUpFile, type FollowUpPair } from './follow-up-evaluation.ts';
import { silentLogger } from './logger.ts';

/** One article of the development suite and its questions. */
export interface SuiteArticle {
  /** The folder's name, e.g. `port-strike`. */
  readonly name: string;
  /** Folder holding the article's `.md`/`.txt` file(s). */
  readonly corpusDir: string;
  /** Every question, each with its split. */
  readonly items: readonly EvalItem[];
  /** Follow-up pairs from the folder's `followups.jsonl`; empty without one. */
  readonly followUps: readonly FollowUpPair[];
}

/**
 * Reads the suite: every folder of `dir` with a `questions.jsonl`. The article is
 * the folder's own `.md`/`.txt` file, or the folder `suite.json` names as
 * `corpusDir` (relative to it), as for the bundled article.
 */
export async function loadSuite(dir: string): Promise<SuiteArticle[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const articles: SuiteArticle[] = [];
  for (const name of entries) {
    const folder = path.join(dir, name);
    const questionsFile = path.join(folder, 'questions.jsonl');
    const text = await readFile(questionsFile, 'utf8').catch(() => null);
    if (text === null) continue;
    const manifestText = await readFile(path.join(folder, 'suite.json'), 'utf8').catch(() => '{}');
    const manifest = JSON.parse(manifestText) as { corpusDir?: string };
    const corpusDir = manifest.corpusDir === undefined ? folder : path.resolve(folder, manifest.corpusDir);
    const followUpsFile = path.join(folder, 'followups.jsonl');
    const followUps = await readFile(followUpsFile, 'utf8').then((pairs) => parseFollowUpFile(pairs, followUpsFile), () => []);
    articles.push({ name, corpusDir, items: assignSplits(parseEvalFile(text, questionsFile)), followUps });
  }
  return articles;
}

/** The real app over one suite article, with its index in a temp folder; `close` removes the folder. */
export async function appForArticle(article: SuiteArticle, env: Readonly<Record<string, string | undefined>>): Promise<{ app: App; documentText: (doc: string) => string | undefined; close: () => Promise<void> }> {
  const indexDir = await mkdtemp(path.join(tmpdir(), `ask-the-article-${article.name}-`));
  const config = loadConfig({ ...env, CORPUS_DIR: article.corpusDir, INDEX_DIR: indexDir, DATA_DIR: indexDir });
  const app = await createApp(config, { logger: silentLogger });
  const { documents } = await loadCorpus(article.corpusDir);
  return {
    app,
    documentText: (doc) => documents.find((document) => document.id === doc)?.text,
    close: () => rm(indexDir, { recursive: true, force: true }),
  };
}
