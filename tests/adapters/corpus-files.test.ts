import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeText, loadCorpus } from '../../src/adapters/corpus-files.ts';
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
