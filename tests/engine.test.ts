import { appendFile, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_FORMAT } from '../src/adapters/index-store.ts';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
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

/** The first quote of an answered or closest reply (both show it first), checked verbatim. */
function firstQuote(answer: Answer): string {
  if (answer.kind !== 'answered' && answer.kind !== 'closest') throw new Error(`expected a quote, got ${JSON.stringify(answer)}`);
  expectVerbatim([...answer.citations, ...answer.more]);
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
    if (answer.kind !== 'answered' && answer.kind !== 'closest') throw new Error(`expected a quote, got ${answer.kind}`);
    const [first] = answer.citations;
    expect(first).toMatchObject({ n: 1, paragraph: 7, section: 'How this deal alters the U.S.-Israel strategic bond' });
    expect(first?.quote.length).toBeLessThanOrEqual(320);
    expect(first?.quote.split(/(?<=[.!?][”"]?)\s+(?=[A-Z“])/).length).toBeLessThanOrEqual(2);
    expect(answer.citations.length).toBeLessThanOrEqual(3);
    expect(answer.citations.map((citation) => citation.n)).toEqual(answer.citations.map((_, i) => i + 1));
    expectVerbatim(answer.more);
  });

  it('quotes faithfully for every question of its suite file, unanswerable ones included', async () => {
    const lines = (await readFile(path.join(ROOT, 'eval', 'suite', 'bundled', 'questions.jsonl'), 'utf8')).split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(150);
    for (const line of lines) {
      const answer = await ask((JSON.parse(line) as { question: string }).question);
      if (answer.kind === 'answered' || answer.kind === 'closest') expectVerbatim([...answer.citations, ...answer.more]);
      if (answer.kind === 'answered' || answer.kind === 'closest') expect(answer.citations[0]?.quote.length).toBeLessThanOrEqual(320);
    }
  });

  it('answers a question worded like the article confidently, with the calibrated confidence', async () => {
    const answer = await ask('What did the former Israeli ambassador Danny Ayalon call the new Memorandum of Understanding?');
    expect(answer.kind).toBe('answered');
    if (answer.kind === 'answered') {
      expect(answer.citations[0]?.quote).toContain('massive surrender');
      expect(answer.confidence).toBeGreaterThan(0.5);
      expect(answer.confidence).toBeLessThanOrEqual(1);
    }
  });
});

describe('not answering confidently what the article does not say', () => {
  it.each([
    'How many centrifuges may Iran keep under the MoU?',
    'What is the population of Tel Aviv?',
    'When was the MoU signed?',
    'Who is the current president of Iran?',
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
    expect(answer.kind).not.toBe('answered');
    if (answer.kind === 'closest' || answer.kind === 'declined') expect(answer.reason.detail).not.toBe('');
    if (answer.kind === 'closest') firstQuote(answer);
  });

  it('declines a question about something else entirely, with no passage', async () => {
    for (const question of ['Write me a poem about cats.', 'Which team won the NBA finals last year?', "what's the best gaming mouse under $50?"]) {
      expect(await ask(question), question).toMatchObject({ kind: 'declined', reason: { code: 'off-topic' } });
    }
  });

  it('names what the article never mentions as the reason', async () => {
    const answer = await ask('What did Benjamin Netanyahu say about the deal?');
    expect(answer).toMatchObject({ kind: 'closest', reason: { code: 'unknown-name', detail: expect.stringContaining('benjamin') } });
  });
});

describe('questions about a section', () => {
  it('gives for every example question /help offers a first quote from the section it is about', async () => {
    const examples = exampleQuestions(app.engine.info(), 10);
    expect(examples).toHaveLength(4);
    for (const [i, question] of examples.entries()) {
      const answer = await ask(question);
      expect(['answered', 'closest'], question).toContain(answer.kind);
      if (answer.kind === 'answered' || answer.kind === 'closest') expect(answer.citations[0]?.section).toBe(app.engine.info().documents[0]?.sections[i]);
    }
  });
});

describe('the closest passage', () => {
  it('is shown first, marked closest, when the question shares something telling with the article but asks what it does not say', async () => {
    const answer = await ask('How many people did Danny Ayalon tell about the massive surrender?');
    expect(answer.kind).toBe('closest');
    expect(firstQuote(answer)).toContain('massive surrender');
  });
});

describe('questions with nothing to look for', () => {
  it.each(['What is it?', 'Tell me more.'])('%s is declined with a suggestion of what to ask instead', async (question) => {
    const answer = await ask(question);
    expect(answer).toMatchObject({ kind: 'declined', reason: { code: 'no-content-words' }, suggestion: expect.stringMatching(/specific/) });
  });
});

describe('chat noise in a question', () => {
  it('answers the same with Discord mentions, custom emoji and ANSI codes around it', async () => {
    const plain = firstQuote(await ask('What did Ayalon call the MoU?'));
    const noisy = await ask('<@123456789012345678> asked: What did Ayalon call the MoU? @everyone <:pepe:123456789012345678> \u001b[31m');
    expect(firstQuote(noisy)).toBe(plain);
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
    expect(answer).toMatchObject({ kind: 'invalid', reason: { code: reason } });
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
    expect(answer.kind === 'answered' || answer.kind === 'closest' ? answer.citations[0]?.quote : null).toContain('every ninety days');

    await writeFile(path.join(workspace.corpusDir, 'article.txt'), article);
  }, 60_000);

  it('embeds only the new text when the corpus grows, reusing the stale build\'s vectors', async () => {
    /** Starts the app, keeping how many texts each embedding stage of its build had to embed. */
    const startCountingEmbeddings = async () => {
      const totals: number[] = [];
      const started = await createApp(loadConfig(workspace.env), { logger: createLogger('error'), onProgress: (progress) => progress.stage === 'embedding' && totals.push(progress.total) });
      return { totals, started };
    };
    await appendFile(path.join(workspace.corpusDir, 'article.txt'), '\nA harbour ferry will cross every twenty minutes.\n');
    const grown = await startCountingEmbeddings();
    expect(grown.started.engine.builtAtStart).toBe('the corpus changed');
    // The new sentence (alone, and as the paragraph it makes) and its words the article lacked.
    expect(grown.totals.length).toBeGreaterThan(0);
    expect(Math.max(...grown.totals)).toBeLessThan(10);
    const answer = (await grown.started.engine.ask('How often will the harbour ferry cross?')).answer;
    expect(answer.kind === 'answered' || answer.kind === 'closest' ? answer.citations[0]?.quote : null).toContain('every twenty minutes');
    await writeFile(path.join(workspace.corpusDir, 'article.txt'), article);
  }, 60_000);

  it('is opened without reading the corpus when no corpus file was touched since the build; a touched file is read, and only changed text rebuilds', async () => {
    const file = path.join(workspace.corpusDir, 'article.txt');
    // A time that utimes can set exactly (stat reports nanoseconds, utimes takes seconds).
    const time = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const touch = (at: Date) => utimes(file, at, at);
    const extended = `${article}\nA line of this test.\n`;
    await writeFile(file, extended);
    await touch(time);
    expect((await appFor(workspace)).engine.builtAtStart).toBe('the corpus changed');
    // Bytes that are not UTF-8, of the same size and with the same time: the stamp cannot tell, so they are not read.
    await writeFile(file, Buffer.alloc(Buffer.byteLength(extended), 0xff));
    await touch(time);
    const untouched = await appFor(workspace);
    expect(untouched.engine.builtAtStart).toBeNull();
    // Touched, the file is read, and refused.
    await touch(new Date(time.getTime() + 5000));
    await expect(appFor(workspace)).rejects.toMatchObject({ code: 'CORPUS_INVALID', message: expect.stringContaining('article.txt is not valid UTF-8') });
    // The article as it was: read, changed, rebuilt. Touched again without a change: read, and not rebuilt.
    await writeFile(file, article);
    expect((await appFor(workspace)).engine.builtAtStart).toBe('the corpus changed');
    await touch(new Date(Date.now() + 10_000));
    const rewritten = await appFor(workspace);
    expect(rewritten.engine.builtAtStart).toBeNull();
    expect(rewritten.engine.info().corpusHash).toBe(app.engine.info().corpusHash);
  }, 120_000);

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

  it('is rebuilt, without a damage warning, when an older version of the program wrote it', async () => {
    await appFor(workspace);
    const id = (await readFile(path.join(workspace.indexDir, 'CURRENT'), 'utf8')).trim();
    const file = path.join(workspace.indexDir, 'builds', id, 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...manifest, format: INDEX_FORMAT - 1 }));
    const warnings: string[] = [];
    const rebuilt = await createApp(loadConfig(workspace.env), { logger: createLogger('warn', (line) => warnings.push(line)) });
    expect(rebuilt.engine.builtAtStart).toBe(`index format ${INDEX_FORMAT - 1} is not ${INDEX_FORMAT}`);
    expect(warnings).toEqual([]);
    expect(rebuilt.engine.info().corpusHash).toBe(app.engine.info().corpusHash);
  }, 60_000);
});

describe('reindex without downtime', () => {
  it('keeps answering during a rebuild, shares one rebuild between callers, then serves the new index', async () => {
    const before = app.engine.info();
    const first = app.engine.reindex();
    const second = app.engine.reindex();
    const during = await ask('What did Danny Ayalon call the agreement?');
    expect(['answered', 'closest']).toContain(during.kind);
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
