import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { appFor, tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let workspace: TempWorkspace;
let app: App;

beforeAll(async () => {
  workspace = await tempWorkspace();
  app = await appFor(workspace, { REINDEX_TIMEOUT_SECONDS: '5' });
}, 60_000);
afterAll(async () => {
  await workspace.remove();
});

const dotEntries = async () => [...(await readdir(workspace.indexDir)), ...(await readdir(path.join(workspace.indexDir, 'builds')))].filter((entry) => entry.startsWith('.'));

describe('bounded rebuilds', () => {
  it('a rebuild over REINDEX_TIMEOUT_SECONDS is stopped and the old index keeps serving; its leftovers go with the next build', async () => {
    const before = app.engine.info();
    const big = path.join(workspace.corpusDir, 'long.txt');
    // About four times what builds in 5 s on this machine (1,500 such paragraphs once took 4.6 s), so the timeout, not the build, ends it.
    await writeFile(big, Array.from({ length: 6000 }, (_, i) => `Paragraph ${i} says that item ${i} was counted ${i % 7} times by the clerk.`).join('\n\n'));
    const started = performance.now();
    await expect(app.engine.reindex()).rejects.toMatchObject({
      code: 'INDEX_BUILD_FAILED',
      message: expect.stringContaining('the rebuild took longer than 5 s (REINDEX_TIMEOUT_SECONDS) and was stopped'),
    });
    expect(performance.now() - started).toBeLessThan(8000);
    expect(app.engine.info()).toEqual(before);
    const { answer } = await app.engine.ask('What did Danny Ayalon call the agreement?');
    expect(answer.kind === 'answered' || answer.kind === 'closest' ? answer.citations[0]?.quote : null).toContain('massive surrender');
    // Nothing of the stopped build is left once the next one (by an app with the default timeout) is done.
    await rm(big);
    await (await appFor(workspace)).engine.reindex();
    expect(await dotEntries()).toEqual([]);
  }, 60_000);
});

describe('leftovers of a killed build', () => {
  it('a temp folder and a pointer file of a process that is gone are removed at start', async () => {
    const id = '2026-01-01T00-00-00-000Z-999999999-abcdef';
    await mkdir(path.join(workspace.indexDir, 'builds', `.tmp-${id}`), { recursive: true });
    await writeFile(path.join(workspace.indexDir, 'builds', `.tmp-${id}`, 'vectors.hnsw'), 'partial');
    await writeFile(path.join(workspace.indexDir, `.CURRENT-${id}`), `${id}\n`);
    const current = await readFile(path.join(workspace.indexDir, 'CURRENT'), 'utf8');
    const again = await appFor(workspace);
    expect(again.engine.builtAtStart).toBeNull();
    expect(await dotEntries()).toEqual([]);
    expect(await readFile(path.join(workspace.indexDir, 'CURRENT'), 'utf8')).toBe(current);
  }, 60_000);
});
