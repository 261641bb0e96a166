import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/adapters/corpus-files.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function corpus(files: Record<string, string>) {
  dir = await mkdtemp(path.join(tmpdir(), 'ask-the-article-corpus-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return loadCorpus(dir);
}

describe('document titles', () => {
  it("come from a Markdown H1 (read as text), a .txt's title-like first line, or else the file name", async () => {
    const { documents } = await corpus({
      'park.md': '# The **New** Park\n\nThe city opened a second park on Monday, its mayor said.\n',
      'council.txt': 'Council Budget Notes\nThe council met on Monday to discuss the budget for next year.\n',
      'plain.txt': 'The council met on Monday.\nIt discussed the budget for next year at length.\n',
    });
    expect(documents.map(({ id, title, format }) => ({ id, title, format }))).toEqual([
      { id: 'council', title: 'Council Budget Notes', format: 'text' },
      { id: 'park', title: 'The New Park', format: 'markdown' },
      { id: 'plain', title: 'plain', format: 'text' },
    ]);
  });

  it('.meta.json wins over the title line', async () => {
    const { documents } = await corpus({
      'park.md': '# The New Park\n\nThe city opened a second park on Monday, its mayor said.\n',
      'park.meta.json': JSON.stringify({ title: 'A park for the east side', url: 'https://example.org/park' }),
    });
    expect(documents[0]).toMatchObject({ title: 'A park for the east side', url: 'https://example.org/park' });
  });
});
