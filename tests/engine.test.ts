import { readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { exampleQuestions } from '../src/discord/example-questions.ts';
import type { Answer, Citation } from '../src/core/types.ts';
import { appFor, ROOT, tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let workspace: TempWorkspace;
let app: App;
let article: string;

beforeAll(async () => {
  workspace = await tempWorkspace();
  app = await appFor(workspace);
  article = await readFile(path.join(ROOT, '..', 'shared', 'corpus', 'article.txt'), 'utf8').catch(() => readFile(path.join(ROOT, 'corpus', 'article.txt'), 'utf8'));
}, 60_000);
afterAll(async () => {
  await workspace.remove();
});

const ask = async (question: string): Promise<Answer> => (await app.engine.ask(question)).answer;

function expectVerbatim(citations: readonly Citation[]): void {
  for (const citation of citations) {
    expect(citation.doc).toBe('article');
    expect(article.slice(citation.start, citation.end)).toBe(citation.quote);
    expect(citation.score).toBeGreaterThanOrEqual(0);
    expect(citation.score).toBeLessThanOrEqual(1);
  }
}

function firstQuote(answer: Answer): string {
  if (answer.kind !== 'answered') throw new Error(`expected an answer, got ${JSON.stringify(answer)}`);
  expectVerbatim(answer.citations);
  return answer.citations[0]?.quote ?? '';
}

describe('answering from the article', () => {
  it('the corpus copy is the shared article, byte for byte', async () => {
    expect(await readFile(path.join(ROOT, 'corpus', 'article.txt'), 'utf8')).toBe(article);
  });

  it.each([
    ['What did Danny Ayalon call the agreement?', 'massive surrender'],
    ['Which newspaper did Kenneth Roth write in?', 'The Guardian'],
    ['What approach do analysts in Foreign Affairs suggest?', 'symmetric'],
    ['What has happened to the window for diplomatic solutions?', 'narrowed'],
    ['Which proxy networks could Iran fund?', 'Hezbollah'],
    ['What does the IAEA report?', 'gaps in Iranian cooperation'],
    ['What did Ayalon say about the deal?', 'undermines Israeli security'],
    ['What does the Christian Science Monitor report?', 'soured'],
    ['Who wrote for The Guardian?', 'Kenneth Roth'],
    ['Why are Israelis worried about the MoU?', 'existential risk'],
  ])('%s -> a verbatim quote containing "%s"', async (question, fact) => {
    expect(firstQuote(await ask(question))).toContain(fact);
  });

  it('cites paragraph and section, and keeps the answer to two sentences and 320 characters', async () => {
    const answer = await ask('Why has trust in American reliability soured among Israelis?');
    expect(answer.kind).toBe('answered');
    if (answer.kind !== 'answered') return;
    const [first] = answer.citations;
    expect(first).toMatchObject({ n: 1, paragraph: 7, section: 'How this deal alters the U.S.-Israel strategic bond' });
    expect(first?.quote.length).toBeLessThanOrEqual(320);
    expect(first?.quote.split(/(?<=[.!?][”"]?)\s+(?=[A-Z“])/).length).toBeLessThanOrEqual(2);
    expect(answer.citations.length).toBeLessThanOrEqual(3);
    expect(answer.citations.map((citation) => citation.n)).toEqual(answer.citations.map((_, i) => i + 1));
    expectVerbatim(answer.more);
  });

  it('quotes faithfully for every evaluation question, declines included', async () => {
    const files = ['eval/extra-questions.jsonl', 'eval/heldout-questions.jsonl', 'eval/blind-questions.jsonl'].map((file) => path.join(ROOT, file));
    const shared = path.join(ROOT, '..', 'shared', 'eval', 'dev-questions.jsonl');
    const texts = await Promise.all([...files.map((file) => readFile(file, 'utf8')), readFile(shared, 'utf8').catch(() => '')]);
    const lines = texts.join('\n').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(117);
    for (const line of lines) {
      const answer = await ask((JSON.parse(line) as { question: string }).question);
      if (answer.kind === 'answered') expectVerbatim([...answer.citations, ...answer.more]);
      if (answer.kind === 'not-in-article' && answer.closest !== null) expectVerbatim([answer.closest]);
    }
  });
});

describe('saying plainly that the article does not say', () => {
  it.each([
    'How many centrifuges may Iran keep under the MoU?',
    'What is the population of Tel Aviv?',
    'When was the MoU signed?',
    'Who is the current president of Iran?',
    'Write me a poem about cats.',
    'What did Benjamin Netanyahu say about the deal?',
    'What did the Iranian foreign minister say about the MoU?',
    'Who signed the MoU for Iran?',
    'Which U.S. official signed the memorandum?',
    'Where was the MoU negotiated?',
    'What did Hezbollah say about the MoU?',
    'What is Kenneth Roth’s nationality?',
    'Did the JCPOA collapse in 2018?',
  ])('%s', async (question) => {
    const answer = await ask(question);
    expect(answer.kind).toBe('not-in-article');
    if (answer.kind === 'not-in-article') {
      expect(answer.reason).not.toBe('');
      if (answer.closest !== null) expectVerbatim([answer.closest]);
    }
  });
});

describe('questions about a section', () => {
  it('answers every example question /help offers, from the section it is about', async () => {
    const examples = exampleQuestions(app.engine.info(), 10);
    expect(examples).toHaveLength(4);
    for (const [i, question] of examples.entries()) {
      const answer = await ask(question);
      expect(answer.kind, question).toBe('answered');
      if (answer.kind === 'answered') expect(answer.citations[0]?.section).toBe(app.engine.info().documents[0]?.sections[i]);
    }
  });
});

describe('the closest passage of a decline', () => {
  it('is offered when it shares something telling with the question, and not otherwise', async () => {
    const telling = await ask('How many people did Danny Ayalon tell about the massive surrender?');
    expect(telling.kind).toBe('not-in-article');
    if (telling.kind === 'not-in-article') expect(telling.closest?.quote).toContain('massive surrender');
    const common = await ask('How many centrifuges may Iran keep?');
    expect(common).toMatchObject({ kind: 'not-in-article', closest: null });
  });
});

describe('questions too general to answer with one quote', () => {
  it.each(['What about Iran?', 'Tell me about the deal.'])('%s gets a decline that says what to ask instead', async (question) => {
    const answer = await ask(question);
    expect(answer).toMatchObject({ kind: 'not-in-article', suggestion: expect.stringMatching(/specific/) });
  });
});

describe('bad input', () => {
  it.each([
    ['', 'empty'],
    ['    ', 'empty'],
    ['x'.repeat(1001), 'too-long'],
    ['🤔🤔🤔', 'no-words'],
    ['???', 'no-words'],
    ['¿Qué dijo Ayalon sobre el acuerdo?', 'not-english'],
  ])('%j gets a clear reply, not a crash', async (question, reason) => {
    const answer = await ask(question);
    expect(answer).toMatchObject({ kind: 'invalid-question', reason });
  });

  it('answers despite control characters in the question', async () => {
    expect(firstQuote(await ask('What did\u0000 Ayalon\u0007 call the MoU?\u001b'))).toContain('massive surrender');
  });
});

describe('the index on disk', () => {
  it('is reused when nothing changed, and rebuilt when the corpus changes', async () => {
    const again = await appFor(workspace);
    expect(again.engine.builtAtStart).toBeNull();
    expect(again.engine.info().corpusHash).toBe(app.engine.info().corpusHash);

    await appendFile(path.join(workspace.corpusDir, 'article.txt'), '\nThe MoU will be reviewed by a joint commission every ninety days.\n');
    const changed = await appFor(workspace);
    expect(changed.engine.builtAtStart).toBe('the corpus changed');
    expect(changed.engine.info().corpusHash).not.toBe(app.engine.info().corpusHash);
    const answer = (await changed.engine.ask('How often will the joint commission review the MoU?')).answer;
    expect(answer.kind === 'answered' && answer.citations[0]?.quote).toContain('every ninety days');

    await writeFile(path.join(workspace.corpusDir, 'article.txt'), article);
  }, 60_000);

  it('is rebuilt when it was made by another model', async () => {
    const manifestPath = async () => {
      const id = (await readFile(path.join(workspace.indexDir, 'CURRENT'), 'utf8')).trim();
      return path.join(workspace.indexDir, 'builds', id, 'manifest.json');
    };
    await appFor(workspace);
    const file = await manifestPath();
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...manifest, modelId: 'some-other-model' }));
    const rebuilt = await appFor(workspace);
    expect(rebuilt.engine.builtAtStart).toBe('model changed from some-other-model to all-MiniLM-L6-v2');
    expect(rebuilt.engine.info().modelId).toBe('all-MiniLM-L6-v2');
  }, 60_000);
});

describe('reindex without downtime', () => {
  it('keeps answering during a rebuild, shares one rebuild between callers, then serves the new index', async () => {
    const before = app.engine.info();
    const first = app.engine.reindex();
    const second = app.engine.reindex();
    const during = await ask('What did Danny Ayalon call the agreement?');
    expect(during.kind).toBe('answered');
    const [a, b] = await Promise.all([first, second]);
    expect(a.startedByThisCall).toBe(true);
    expect(b.startedByThisCall).toBe(false);
    expect(b.info.builtAt).toBe(a.info.builtAt);
    expect(a).toMatchObject({ documents: 1, chunks: 14, corpusHash: before.corpusHash });
    expect(app.engine.info().builtAt).toBe(a.info.builtAt);
  }, 60_000);

  it('leaves the old index serving when a rebuild fails', async () => {
    const before = app.engine.info();
    await rm(path.join(workspace.corpusDir, 'article.txt'));
    await rm(path.join(workspace.corpusDir, 'article.meta.json'));
    try {
      await expect(app.engine.reindex()).rejects.toMatchObject({ code: 'INDEX_BUILD_FAILED', message: expect.stringContaining('no .md or .txt files') });
      expect(app.engine.info()).toEqual(before);
      expect(firstQuote(await ask('What did Danny Ayalon call the agreement?'))).toContain('massive surrender');
    } finally {
      await writeFile(path.join(workspace.corpusDir, 'article.txt'), article);
    }
  }, 60_000);
});
