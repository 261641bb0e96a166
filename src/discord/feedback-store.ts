import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import type { Vote } from './render.ts';

/** One person's 👍 / 👎 on one answer. There is at most one per user per answer; a new vote replaces it. */
export interface FeedbackRecord {
  readonly answerId: string;
  readonly userId: string;
  readonly vote: Vote;
  /** ISO 8601 time of the latest vote. */
  readonly at: string;
  readonly guildId: string | null;
  /** The message the buttons were under. */
  readonly messageId: string | null;
  /** What was asked and what was quoted, when the bot still remembered the answer. */
  readonly question: string | null;
  readonly indexVersion: string | null;
  readonly citations: readonly { readonly doc: string; readonly start: number; readonly end: number }[];
}

/** What a vote did to the store. */
export type FeedbackChange = 'recorded' | 'changed' | 'unchanged';

/** Feedback kept durably in one JSON file, replaced atomically and synced to disk after each batch of votes. */
export interface FeedbackStore {
  readonly file: string;
  /**
   * Records a vote and resolves once it is on disk (temp file written and synced,
   * renamed over the file, folder synced): only then may it be confirmed. Votes
   * arriving while a write runs share the next write.
   * @throws when the file cannot be written; the vote stays in memory and goes with the next write.
   */
  record(record: FeedbackRecord): Promise<FeedbackChange>;
  all(): FeedbackRecord[];
  /** Resolves once every vote so far is on disk, or the attempt failed (and was logged). */
  flush(): Promise<void>;
}

interface FeedbackFile {
  readonly version: 1;
  readonly records: FeedbackRecord[];
}

/** The feedback file under the data folder. */
export function feedbackFile(dataDir: string): string {
  return path.join(dataDir, 'feedback.json');
}

/**
 * Opens the store at `file`, loading what is there. Nothing found there stops the
 * bot: a file that cannot be parsed (or a folder in its place) is moved aside,
 * never overwritten, and the store starts empty; records that are not valid votes
 * are moved to a file of their own beside it, each with a warning.
 */
export async function openFeedbackStore(file: string, logger: Logger): Promise<FeedbackStore> {
  const records = new Map<string, FeedbackRecord>();
  const loaded = await load(file, logger);
  for (const record of loaded.records) records.set(key(record), record);

  let changes = 0; // votes recorded so far
  let saved = 0; // votes on disk
  let writes = 0;
  let writing: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    writing = writing.catch(() => undefined).then(async () => {
      if (saved >= changes) return;
      const upTo = changes;
      const body: FeedbackFile = { version: 1, records: [...records.values()] };
      try {
        await writeDurably(file, `${JSON.stringify(body, null, 2)}\n`, `${file}.${process.pid}.${(writes += 1)}.tmp`);
        saved = upTo;
      } catch (error) {
        logger.error('could not save feedback; will retry on the next vote or at shutdown', { file, error });
        throw error;
      }
    });
    return writing;
  };
  // Invalid records were copied aside: the file itself now holds only valid ones.
  if (loaded.rewrite) {
    changes += 1;
    await save();
  }

  return {
    file,
    async record(record) {
      const previous = records.get(key(record));
      records.set(key(record), record);
      changes += 1;
      const mine = changes;
      while (saved < mine) await save();
      if (previous === undefined) return 'recorded';
      return previous.vote === record.vote ? 'unchanged' : 'changed';
    },
    all() {
      return [...records.values()];
    },
    async flush() {
      // Never rejects: a failed write is logged, and every confirmed vote is on disk already.
      await save().catch(() => undefined);
    },
  };
}

function key(record: Pick<FeedbackRecord, 'answerId' | 'userId'>): string {
  return `${record.answerId}\u0000${record.userId}`;
}

/** Writes `text` to a temp file, syncs it, renames it over `file`, then syncs the folder so the rename survives a crash. */
export async function writeDurably(file: string, text: string, temp: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const folder = await open(path.dirname(file), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

async function load(file: string, logger: Logger): Promise<{ records: FeedbackRecord[]; rewrite: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { records: [], rewrite: false };
    if (code !== 'EISDIR') throw error;
    return { records: await moveAside(file, 'unreadable', logger, error), rewrite: false };
  }
  let parsed: Partial<FeedbackFile>;
  try {
    parsed = JSON.parse(text) as Partial<FeedbackFile>;
    if (parsed === null || typeof parsed !== 'object' || !Array.isArray(parsed.records)) throw new Error('no "records" array');
  } catch (error) {
    return { records: await moveAside(file, 'unreadable', logger, error), rewrite: false };
  }
  const valid: FeedbackRecord[] = [];
  const invalid: { index: number; problem: string; record: unknown }[] = [];
  (parsed.records as unknown[]).forEach((record, index) => {
    const problem = recordProblem(record);
    if (problem === null) valid.push(record as FeedbackRecord);
    else invalid.push({ index, problem, record });
  });
  if (invalid.length === 0) return { records: valid, rewrite: false };
  const aside = `${file}.invalid-${Date.now()}`;
  await writeDurably(aside, `${JSON.stringify({ from: file, invalid }, null, 2)}\n`, `${aside}.tmp`);
  for (const { index, problem } of invalid) logger.warn('invalid feedback record moved aside', { file, aside, index, problem });
  return { records: valid, rewrite: true };
}

/** Renames what is at `file` aside and starts with no records. */
async function moveAside(file: string, why: string, logger: Logger, error: unknown): Promise<FeedbackRecord[]> {
  const aside = `${file}.${why}-${Date.now()}`;
  await rename(file, aside);
  logger.warn(`feedback file was ${why}: moved it aside and started a new one`, { file, aside, error });
  return [];
}

/** Why a value is not a FeedbackRecord, or null when it is one. */
export function recordProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not an object';
  const record = value as Record<string, unknown>;
  const text = (field: string) => typeof record[field] === 'string' && record[field] !== '';
  const textOrNull = (field: string) => record[field] === null || typeof record[field] === 'string';
  if (!text('answerId')) return '"answerId" is not a non-empty string';
  if (!text('userId')) return '"userId" is not a non-empty string';
  if (record['vote'] !== 'up' && record['vote'] !== 'down') return '"vote" is not "up" or "down"';
  if (!text('at') || Number.isNaN(Date.parse(record['at'] as string))) return '"at" is not a time';
  for (const field of ['guildId', 'messageId', 'question', 'indexVersion']) if (!textOrNull(field)) return `"${field}" is not a string or null`;
  const citations = record['citations'];
  if (!Array.isArray(citations)) return '"citations" is not an array';
  for (const citation of citations as unknown[]) {
    const c = citation as Record<string, unknown> | null;
    if (c === null || typeof c !== 'object' || typeof c['doc'] !== 'string' || !Number.isSafeInteger(c['start']) || !Number.isSafeInteger(c['end'])) {
      return '"citations" holds something that is not { doc, start, end }';
    }
  }
  return null;
}
