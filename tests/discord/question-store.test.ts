import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openQuestionStore, questionFile, QUESTION_RECORD_DAYS, type QuestionRecord } from '../../src/discord/question-store.ts';
import { silentLogger } from '../../src/logger.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00Z');
let dir: string | undefined;

afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function record(daysAgo: number, question: string): QuestionRecord {
  return { at: new Date(NOW - daysAgo * DAY).toISOString(), guildId: '1', answerId: `a${daysAgo}`, outcome: 'closest', reason: 'weak-match', question, quote: null };
}

async function stored(file: string): Promise<QuestionRecord[]> {
  return (JSON.parse(await readFile(file, 'utf8')) as { records: QuestionRecord[] }).records;
}

describe('question store', () => {
  test('without STORE_QUESTIONS keeps the outcome and never the text', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'questions-'));
    const store = await openQuestionStore(questionFile(dir), { storeText: false, retentionDays: 30, now: () => NOW }, silentLogger);
    store.add(record(0, 'a private question'));
    await store.flush();
    expect(await stored(store.file)).toEqual([expect.objectContaining({ outcome: 'closest', question: null })]);
    expect(await readFile(store.file, 'utf8')).not.toContain('private');
  });

  test.each([
    [29, 'kept'],
    [31, 'erased'],
  ])('text %i days old with a 30-day retention is %s on opening', async (daysAgo, fate) => {
    dir = await mkdtemp(path.join(tmpdir(), 'questions-'));
    const file = questionFile(dir);
    const first = await openQuestionStore(file, { storeText: true, retentionDays: 30, now: () => NOW - daysAgo * DAY }, silentLogger);
    first.add(record(daysAgo, 'how old is it?'));
    await first.flush();
    const reopened = await openQuestionStore(file, { storeText: true, retentionDays: 30, now: () => NOW }, silentLogger);
    expect(reopened.all()[0]?.question).toBe(fate === 'kept' ? 'how old is it?' : null);
    expect((await stored(file))[0]?.question).toBe(fate === 'kept' ? 'how old is it?' : null);
  });

  test('erases text that passes its retention while the bot runs, oldest first, keeping the rest', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'questions-'));
    let clock = NOW;
    const store = await openQuestionStore(questionFile(dir), { storeText: true, retentionDays: 30, now: () => clock }, silentLogger);
    store.add(record(20, 'twenty days old'));
    store.add(record(5, 'five days old'));
    clock = NOW + 15 * DAY;
    store.add(record(0, 'new'));
    await store.flush();
    expect(store.all().map((kept) => kept.question)).toEqual([null, 'five days old', 'new']);
    expect((await stored(store.file)).map((kept) => kept.question)).toEqual([null, 'five days old', 'new']);
  });

  test('a burst of questions all reach the file, in order', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'questions-'));
    const store = await openQuestionStore(questionFile(dir), { storeText: true, retentionDays: 30, now: () => NOW }, silentLogger);
    for (let i = 0; i < 200; i++) store.add({ ...record(0, `question ${i}`), answerId: `a${i}` });
    await store.flush();
    const onDisk = await stored(store.file);
    expect(onDisk).toHaveLength(200);
    expect(onDisk.at(-1)?.question).toBe('question 199');
  });

  test(`drops records older than ${QUESTION_RECORD_DAYS} days`, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'questions-'));
    const store = await openQuestionStore(questionFile(dir), { storeText: true, retentionDays: 30, now: () => NOW }, silentLogger);
    store.add(record(QUESTION_RECORD_DAYS + 1, 'too old'));
    store.add(record(1, 'recent'));
    expect(store.all().map((kept) => kept.question)).toEqual(['recent']);
  });
});
