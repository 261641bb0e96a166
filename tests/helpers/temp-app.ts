import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';

/** The repo's root, where the built model lives (`npm install` builds it). */
export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A temp folder holding a copy of the corpus and an empty index folder. */
export interface TempWorkspace {
  readonly dir: string;
  readonly corpusDir: string;
  readonly indexDir: string;
  readonly env: Record<string, string>;
  remove(): Promise<void>;
}

export async function tempWorkspace(): Promise<TempWorkspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ask-the-article-'));
  const corpusDir = path.join(dir, 'corpus');
  const indexDir = path.join(dir, 'index');
  await cp(path.join(ROOT, 'corpus'), corpusDir, { recursive: true });
  return {
    dir,
    corpusDir,
    indexDir,
    env: { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, DATA_DIR: path.join(dir, 'data'), MODELS_DIR: path.join(ROOT, 'models') },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The real app (real model, real hnswlib index) over a workspace. */
export function appFor(workspace: TempWorkspace, env: Record<string, string> = {}): Promise<App> {
  return createApp(loadConfig({ ...workspace.env, ...env }), { logger: silentLogger });
}
