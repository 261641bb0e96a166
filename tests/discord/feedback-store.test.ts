import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFeedbackStore, type FeedbackRecord } from '../../src/discord/feedback-store.ts';
import { createLogger } from '../../src/logger.ts';

let dir: string;
let file: string;
let warnings: string[];
const logger = createLogger('warn', (line) => warnings.push(line));

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'feedback-'));
  file = path.join(dir, 'data', 'feedback.json');
  warnings = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const vote = (userId: string, value: 'up' | 'down' = 'up'): FeedbackRecord => ({
  answerId: 'a1',
  userId,
  vote: value,
  at: '2026-01-01T00:00:00.000Z',
  guildId: null,
  messageId: null,
  question: 'What?',
  indexVersion: 'abc',
  citations: [{ doc: 'article', start: 0, end: 10 }],
});

const onDisk = (): FeedbackRecord[] => (JSON.parse(readFileSync(file, 'utf8')) as { records: FeedbackRecord[] }).records;

describe('votes are durable before they are confirmed', () => {
  it('record() resolves only once the vote is in the file, with no temp file left', async () => {
    const store = await openFeedbackStore(file, logger);
    const order: string[] = [];
    const recorded = store.record(vote('u1')).then((change) => {
      // Read synchronously the moment the confirmation may be sent.
      order.push(`confirmed ${change}; on disk: ${onDisk().map((record) => record.userId).join(',')}`);
    });
    order.push(`returned; file exists: ${existsSync(file)}`);
    await recorded;
    expect(order).toEqual(['returned; file exists: false', 'confirmed recorded; on disk: u1']);
    expect((await readdir(path.dirname(file))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('votes arriving together are all on disk when each resolves, and a change replaces the old vote', async () => {
    const store = await openFeedbackStore(file, logger);
    const users = Array.from({ length: 20 }, (_, i) => `u${i}`);
    await Promise.all(users.map(async (user) => {
      expect(await store.record(vote(user))).toBe('recorded');
      expect(onDisk().map((record) => record.userId)).toContain(user);
    }));
    expect(await store.record(vote('u3', 'down'))).toBe('changed');
    expect(onDisk().find((record) => record.userId === 'u3')?.vote).toBe('down');
    expect(onDisk()).toHaveLength(20);
  });

  it('a vote that cannot be written is not confirmed', async () => {
    const store = await openFeedbackStore(file, logger);
    await writeFile(path.join(dir, 'data'), 'a file where the data folder should be');
    await expect(store.record(vote('u1'))).rejects.toThrow();
    expect(warnings.join('')).toContain('could not save feedback');
    // Once the folder is back, the next vote carries the earlier one with it.
    await rm(path.join(dir, 'data'));
    await store.record(vote('u2'));
    expect(onDisk().map((record) => record.userId)).toEqual(['u1', 'u2']);
  });
});

describe('a damaged feedback file never stops the bot', () => {
  it('{"version":1,"records":[null]}: the null is moved aside with a warning', async () => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{"version":1,"records":[null]}');
    const store = await openFeedbackStore(file, logger);
    expect(store.all()).toEqual([]);
    expect(warnings.join('')).toContain('invalid feedback record moved aside');
    const aside = (await readdir(path.dirname(file))).filter((name) => name.startsWith('feedback.json.invalid-'));
    expect(aside).toHaveLength(1);
    expect(JSON.parse(await readFile(path.join(path.dirname(file), aside[0]!), 'utf8'))).toMatchObject({ invalid: [{ index: 0, record: null, problem: 'not an object' }] });
    expect(onDisk()).toEqual([]);
  });

  it('keeps the valid records and moves each invalid one aside, never silently dropped', async () => {
    await mkdir(path.dirname(file), { recursive: true });
    const bad = [{ ...vote('x'), vote: 'maybe' }, { ...vote('y'), citations: [null] }, 'text', [1], { ...vote('z'), at: 'yesterday' }];
    await writeFile(file, JSON.stringify({ version: 1, records: [vote('u1'), ...bad, vote('u2', 'down')] }));
    const store = await openFeedbackStore(file, logger);
    expect(store.all().map((record) => record.userId)).toEqual(['u1', 'u2']);
    expect(warnings.filter((line) => line.includes('invalid feedback record'))).toHaveLength(5);
    const [aside] = (await readdir(path.dirname(file))).filter((name) => name.startsWith('feedback.json.invalid-'));
    const moved = JSON.parse(await readFile(path.join(path.dirname(file), aside!), 'utf8')) as { invalid: { record: unknown }[] };
    expect(moved.invalid.map((entry) => entry.record)).toEqual(bad);
    expect(onDisk().map((record) => record.userId)).toEqual(['u1', 'u2']);
    // Opening again finds nothing more to move.
    await openFeedbackStore(file, logger);
    expect((await readdir(path.dirname(file))).filter((name) => name.startsWith('feedback.json.invalid-'))).toHaveLength(1);
  });

  it('a folder at the path is moved aside and votes go to a new file', async () => {
    await mkdir(file, { recursive: true });
    const store = await openFeedbackStore(file, logger);
    expect(warnings.join('')).toContain('moved it aside');
    await store.record(vote('u1'));
    expect(onDisk().map((record) => record.userId)).toEqual(['u1']);
  });

  it.each(['', 'garbage', '{"version":1,"records":[{"answerId":', 'null', '{"version":1}'])('%j is moved aside', async (text) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    const store = await openFeedbackStore(file, logger);
    expect(store.all()).toEqual([]);
    expect((await readdir(path.dirname(file))).some((name) => name.startsWith('feedback.json.unreadable-'))).toBe(true);
  });
});
