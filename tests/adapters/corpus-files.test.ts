import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corpusStamp, decodeText, loadCorpus } from '../../src/adapters/corpus-files.ts';
import { ROOT } from '../helpers/temp-app.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'corpus-'));
  await cp(path.join(ROOT, 'corpus'), dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('each corpus file must be UTF-8 text within the size limit', () => {
  it.each([
    ['a Windows-1252 file', Buffer.from('Caf\xe9 owners said the r\xe9gime had changed.\n', 'latin1'), /cp1252\.txt is not valid UTF-8: save it as UTF-8/],
    ['random binary', randomBytes(100_000), /binary\.txt is not (a text file \(a NUL byte|valid UTF-8)/],
    ['NUL bytes only', Buffer.alloc(1000), /nul\.txt is not a text file \(a NUL byte at byte 0\)/],
    ['text with one NUL inside', Buffer.from('A fine sentence.\0 Another one.\n'), /inner\.txt is not a text file \(a NUL byte at byte 16\)/],
  ])('%s is refused with an error naming it', async (_, bytes, message) => {
    const name = { 'a Windows-1252 file': 'cp1252.txt', 'random binary': 'binary.txt', 'NUL bytes only': 'nul.txt', 'text with one NUL inside': 'inner.txt' }[_]!;
    await writeFile(path.join(dir, name), bytes);
    await expect(loadCorpus(dir)).rejects.toMatchObject({ code: 'CORPUS_INVALID', message: expect.stringMatching(message) });
  });

  it('a corpus over the limit names the file that crosses it and the limit', async () => {
    const article = (await loadCorpus(dir)).documents.map((document) => Buffer.byteLength(document.text)).reduce((a, b) => a + b, 0);
    await writeFile(path.join(dir, 'zz-big.txt'), 'Words upon words. '.repeat(6000));
    await expect(loadCorpus(dir, { maxBytes: article + 50_000 })).rejects.toMatchObject({
      code: 'CORPUS_INVALID',
      message: expect.stringMatching(new RegExp(`zz-big\\.txt \\(108\\.0 KB\\) takes the corpus to .* over the limit of ${((article + 50_000) / 1000).toFixed(1)} KB: .*CORPUS_MAX_BYTES`)),
    });
    expect((await loadCorpus(dir, { maxBytes: article + 200_000 })).documents).toHaveLength(2);
  });

  it('valid UTF-8 reads as before, a byte-order mark included', () => {
    expect(decodeText(Buffer.from('\ufeffNaïve “quotes” — and 🤔.', 'utf8'), 'x.txt')).toBe('\ufeffNaïve “quotes” — and 🤔.');
  });
});

describe('the corpus stamp: whether the files were touched since they were read', () => {
  const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

  it('is the stamp loadCorpus recorded while nothing was touched', async () => {
    expect(await corpusStamp(dir)).toBe((await loadCorpus(dir)).stamp);
    expect(await corpusStamp(dir)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('changes when a document or its metadata is touched, added or removed, even with the same bytes', async () => {
    const first = await corpusStamp(dir);
    const seen = new Set([first]);
    const expectNew = async () => {
      const stamp = await corpusStamp(dir);
      expect(seen.has(stamp)).toBe(false);
      seen.add(stamp);
      expect((await loadCorpus(dir)).stamp).toBe(stamp);
    };
    await utimes(path.join(dir, 'article.txt'), later(5), later(5));
    await expectNew();
    await writeFile(path.join(dir, 'article.meta.json'), JSON.stringify({ title: 'Another title' }));
    await expectNew();
    await writeFile(path.join(dir, 'second.md'), '# Second\n\nA second document.\n');
    await expectNew();
    await rm(path.join(dir, 'second.md'));
    await rm(path.join(dir, 'article.meta.json'));
    await expectNew();
    // Files the corpus does not read are not part of it.
    await writeFile(path.join(dir, 'notes.json'), '{}');
    expect(await corpusStamp(dir)).toBe([...seen].at(-1));
  });

  it('is null for a folder that cannot be listed', async () => {
    expect(await corpusStamp(path.join(dir, 'missing'))).toBeNull();
  });
});
