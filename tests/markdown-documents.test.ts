import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { App } from '../src/app.ts';
import { jsonReply } from '../src/json-reply.ts';
import { textReply } from '../src/text-reply.ts';
import { appFor, tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

const PARK = [
  '# The **Riverside** Park',
  '',
  'The city of Eastwick is building two new parks along the river, the council said on Monday.',
  '',
  '## Opening dates',
  '',
  '- The first park opens in `June` with a playground and a **boat ramp**.',
  '- The second park opens in `October`, after the [council vote](https://example.org/vote) on its budget.',
  '',
].join('\n');

let workspace: TempWorkspace;
let app: App;

beforeAll(async () => {
  workspace = await tempWorkspace();
  await writeFile(path.join(workspace.corpusDir, 'park.md'), PARK);
  await writeFile(path.join(workspace.corpusDir, 'park.meta.json'), JSON.stringify({ url: 'https://example.org/park' }));
  app = await appFor(workspace);
});
afterAll(async () => {
  await workspace.remove();
});

describe('a Markdown document', () => {
  it('takes its H1 as the title, read as text, and not as a section', () => {
    const park = app.engine.info().documents.find((document) => document.id === 'park');
    expect(park).toMatchObject({ title: 'The Riverside Park', url: 'https://example.org/park', format: 'markdown', sections: ['Opening dates'] });
  });

  it('is quoted as text in replies, while the JSON quote stays the exact source slice with its title and URL', async () => {
    const result = await app.engine.ask('When does the second park open?');
    expect(result.answer.kind).toBe('answered');
    const reply = jsonReply('When does the second park open?', result, { withDocument: true });
    const first = reply.citations[0]!;
    expect(first).toMatchObject({ doc: 'park', title: 'The Riverside Park', url: 'https://example.org/park' });
    expect(first.quote).toBe(PARK.slice(first.start, first.end));
    expect(first.quote).toContain('`October`');
    expect(reply.text).toContain('The second park opens in October, after the council vote on its budget.');
    expect(reply.text).not.toMatch(/[`*]|\]\(|^- /m);
    const article = app.engine.info().documents.find((document) => document.id === 'article')!;
    expect(await app.engine.ask('What did Danny Ayalon call the MoU?').then((other) => jsonReply('q', other).citations[0])).toMatchObject({
      doc: 'article',
      title: article.title,
      url: null,
    });
  });

  it('keeps markup-like text of a .txt document as written', async () => {
    const result = await app.engine.ask('When does the second park open?');
    const asText = textReply(result.answer, { documents: result.index.documents.map((document) => ({ ...document, format: 'text' as const })) });
    expect(asText).toContain('`October`');
  });
});
