import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let workspace: TempWorkspace;

beforeAll(async () => {
  workspace = await tempWorkspace();
  await start();
}, 60_000);
afterAll(async () => {
  await workspace.remove();
});

/** Starts the real app over the workspace, keeping its warnings. */
async function start(repairInBackground = false): Promise<{ app: App; warnings: string[] }> {
  const warnings: string[] = [];
  const logger = createLogger('warn', (line) => warnings.push(line));
  const app = await createApp(loadConfig(workspace.env), { logger, repairInBackground });
  return { app, warnings };
}

const current = async () => (await readFile(path.join(workspace.indexDir, 'CURRENT'), 'utf8')).trim();
const buildFile = async (file: string) => path.join(workspace.indexDir, 'builds', await current(), file);

async function quote(app: App, question: string): Promise<string> {
  const { answer } = await app.engine.ask(question);
  return answer.kind === 'answered' || answer.kind === 'closest' ? (answer.citations[0]?.quote ?? '') : '';
}

async function overwrite(file: string, offset: number, bytes: number[]): Promise<void> {
  const data = await readFile(file);
  Buffer.from(bytes).copy(data, offset);
  await writeFile(file, data);
}

describe('a damaged index at start-up', () => {
  // Each of these killed `ask` and `npm start` with a segfault and no log line.
  it.each([0, 32, 40, 96, 5000])('vectors.hnsw with ff ff ff 7f at byte %i: a warning naming the file, a rebuild, the right answer', async (offset) => {
    const damaged = await current();
    await overwrite(await buildFile('vectors.hnsw'), offset, [0xff, 0xff, 0xff, 0x7f]);
    const { app, warnings } = await start();
    expect(warnings.join('')).toContain(`${damaged}/vectors.hnsw is damaged`);
    expect(app.engine.builtAtStart).toBe('the stored index is damaged');
    expect(await current()).not.toBe(damaged);
    expect(await quote(app, 'What did Danny Ayalon call the agreement?')).toContain('massive surrender');
  }, 60_000);

  it('an edited corpus copy is detected and rebuilt, never quoted', async () => {
    const corpusCopy = await buildFile('corpus.json');
    await writeFile(corpusCopy, (await readFile(corpusCopy, 'utf8')).replaceAll('massive surrender', 'passive surrender'));
    const { app, warnings } = await start();
    expect(warnings.join('')).toContain('corpus.json is damaged (its sha1 does not match the manifest)');
    const answer = await quote(app, 'What did Danny Ayalon call the agreement?');
    expect(answer).toContain('massive surrender');
    expect(answer).not.toContain('passive');
  }, 60_000);

  it('the bot serves the previous valid build at once and swaps in the rebuilt one', async () => {
    await (await start()).app.engine.reindex(); // the build before it is valid and kept as the fallback
    const damaged = await current();
    await overwrite(await buildFile('vectors.hnsw'), 40, [0xff, 0xff, 0xff, 0x7f]);
    const { app, warnings } = await start(true);
    expect(app.engine.builtAtStart).toBeNull();
    expect(warnings.join('')).toContain('serving the previous valid build');
    const served = app.engine.info().builtAt;
    expect(await quote(app, 'What did Danny Ayalon call the agreement?')).toContain('massive surrender');
    const deadline = Date.now() + 30_000;
    while (app.engine.info().builtAt === served && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.engine.info().builtAt).not.toBe(served);
    expect(await current()).not.toBe(damaged);
    expect(await quote(app, 'What did Danny Ayalon call the agreement?')).toContain('massive surrender');
  }, 60_000);

  it('a previous build of another model is not served: the rebuild comes first', async () => {
    await (await start()).app.engine.reindex();
    const builds = path.join(workspace.indexDir, 'builds');
    const damaged = await current();
    const [previous] = (await readdir(builds)).filter((entry) => !entry.startsWith('.') && entry !== damaged);
    const manifestPath = path.join(builds, previous!, 'manifest.json');
    await writeFile(manifestPath, JSON.stringify({ ...(JSON.parse(await readFile(manifestPath, 'utf8')) as object), modelId: 'another-model' }));
    await overwrite(await buildFile('vectors.hnsw'), 0, [0xff, 0xff, 0xff, 0x7f]);
    const { app, warnings } = await start(true);
    expect(warnings.join('')).not.toContain('serving the previous valid build');
    expect(app.engine.builtAtStart).toBe('the stored index is damaged');
    expect(await current()).not.toBe(damaged);
    expect(await quote(app, 'What did Danny Ayalon call the agreement?')).toContain('massive surrender');
  }, 60_000);
});
