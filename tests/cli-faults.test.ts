import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';
import { tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let workspace: TempWorkspace;

beforeAll(async () => {
  workspace = await tempWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

/** Runs the compiled CLI over this file's workspace. */
const ask = (args: string[], input?: string, env: Record<string, string> = {}, entry?: string) => runCli(workspace, args, input, env, entry);

/** The exit code and the error lines of a run that must fail. */
async function failure(args: string[], env: Record<string, string>) {
  const error = (await ask(args, undefined, env).then(() => new Error('expected a failure'), (error: unknown) => error)) as { code: number; stderr: string };
  return { code: error.code, lines: error.stderr.split('\n').filter((line) => line.startsWith('error:')) };
}

describe('batch mode', () => {
  // readline ended a line at a lone CR, so `printf 'a\rb\n'` printed two objects.
  it('a lone CR stays in its question: one JSON object per \\n or \\r\\n line', async () => {
    const { stdout } = await ask(['--json'], 'What did Ayalon call\rthe MoU?\nWho wrote for The Guardian?\r\na\rb\nlast line without an end');
    const replies = stdout.trim().split('\n').map((line) => JSON.parse(line) as { question: string; answered: boolean; text: string });
    expect(replies.map((reply) => reply.question)).toEqual(['What did Ayalon call\rthe MoU?', 'Who wrote for The Guardian?', 'a\rb', 'last line without an end']);
    expect(replies[0]?.text).toContain('massive surrender');
    expect(replies[1]?.text).toContain('Kenneth Roth');
  }, 60_000);
});

describe('fatal conditions exit non-zero with one clear line', () => {
  it.each([
    ['a corpus that cannot be read', { CORPUS_DIR: '/nonexistent/corpus' }, /^error: cannot read the corpus folder \/nonexistent\/corpus: check CORPUS_DIR$/],
    ['a model that cannot be loaded', { EMBEDDING_MODEL: 'Xenova/not-here' }, /^error: embedding model "Xenova\/not-here" is not in .* remote models are disabled/],
    ['an index folder that cannot be written', { INDEX_DIR: '/dev/null/index' }, /^error: could not write the index to \/dev\/null\/index: /],
  ])('%s', async (_, env, line) => {
    const { code, lines } = await failure(['--json', 'What did Ayalon call the MoU?'], env);
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  }, 60_000);

  it('a corpus file that is not UTF-8: the line names it', async () => {
    const bad = path.join(workspace.corpusDir, 'scan.txt');
    await writeFile(bad, Buffer.from('Caf\xe9 owners\n', 'latin1'));
    const { code, lines } = await failure(['--json', 'anything'], {});
    expect(code).toBe(1);
    expect(lines).toEqual([`error: ${bad} is not valid UTF-8: save it as UTF-8 (it may be Windows-1252 or Latin-1)`]);
    await writeFile(bad, 'A valid note, in UTF-8: café.\n');
  }, 60_000);
});

describe('a damaged index', () => {
  it('header bytes at 40 set to ff ff ff 7f: a warning naming the file, a rebuild, and the right answer (it was a segfault)', async () => {
    await ask(['--json', 'warm up']);
    const id = (await readFile(path.join(workspace.indexDir, 'CURRENT'), 'utf8')).trim();
    const file = path.join(workspace.indexDir, 'builds', id, 'vectors.hnsw');
    const bytes = await readFile(file);
    Buffer.from([0xff, 0xff, 0xff, 0x7f]).copy(bytes, 40);
    await writeFile(file, bytes);
    const { stdout, stderr } = await ask(['--json', 'What did Ayalon call the MoU?']);
    expect(stderr).toContain(`${id}/vectors.hnsw is damaged`);
    expect((JSON.parse(stdout) as { text: string }).text).toContain('massive surrender');
  }, 60_000);
});
