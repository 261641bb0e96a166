import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Outcome, ReasonCode } from '../core/types.ts';
import type { Logger } from '../logger.ts';
import { writeDurably } from './feedback-store.ts';

/** The first quote of a reply, as the report shows it beside its 👎. Article text, never the member's. */
export interface StoredQuote {
  readonly doc: string;
  readonly paragraph: number;
  readonly section: string | null;
  readonly quote: string;
}

/**
 * One question the bot answered (or not). Without `STORE_QUESTIONS` there is no
 * text in it: `question` is null and only the outcome is counted.
 */
export interface QuestionRecord {
  /** ISO 8601 time of the reply. */
  readonly at: string;
  readonly guildId: string | null;
  /** The id of the answer's buttons (for joining 👍/👎), null for an invalid question. */
  readonly answerId: string | null;
  readonly outcome: Outcome;
  readonly reason: ReasonCode | null;
  /** The question as asked: only with `STORE_QUESTIONS=true`, and erased after `QUESTION_RETENTION_DAYS`. */
  readonly question: string | null;
  /** The first quote of an answered or closest reply. */
  readonly quote: StoredQuote | null;
}

/** Questions the bot answered, kept in one JSON file in the data folder, bounded in count and age. */
export interface QuestionStore {
  readonly file: string;
  /** Keeps a record (its text dropped unless text is stored) and saves in the background; never rejects. */
  add(record: QuestionRecord): void;
  /** Every record kept, oldest first. */
  all(): QuestionRecord[];
  /** Resolves once every record so far is on disk, or the attempt failed (and was logged). */
  flush(): Promise<void>;
}

/** How the store is bounded. */
export interface QuestionStoreOptions {
  /** Keep question text (`STORE_QUESTIONS`). */
  readonly storeText: boolean;
  /** Days after which question text is erased (`QUESTION_RETENTION_DAYS`). */
  readonly retentionDays: number;
  /** The current time, for tests. */
  readonly now?: () => number;
}

/** Records older than this are dropped, text or not: the report looks back at most this far. Days. */
export const QUESTION_RECORD_DAYS = 90;
/** Most records kept; the oldest go first. */
export const MAX_QUESTION_RECORDS = 20_000;

/** The question file under the data folder. */
export function questionFile(dataDir: string): string {
  return path.join(dataDir, 'questions.json');
}

/**
 * Opens the store at `file`. Loading applies the bounds at once: with text storage
 * off, any text found is erased; text older than the retention is erased; records
 * older than `QUESTION_RECORD_DAYS` are dropped. A file that cannot be read is moved
 * aside and the store starts empty.
 */
export async function openQuestionStore(file: string, options: QuestionStoreOptions, logger: Logger): Promise<QuestionStore> {
  const now = options.now ?? Date.now;
  // Oldest first, so that the bounds below only ever look at the old end.
  let records = (await load(file, logger)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  // Records before this position hold no text: erasing resumes here rather than rereading them all.
  let textFreeUpTo = 0;
  /**
   * Applies the bounds; true when a record was dropped or its text erased. Records
   * arrive in time order, so a question costs a look at the few records that just
   * expired, not a pass over all of them.
   */
  const bound = (): boolean => {
    const textUntil = now() - options.retentionDays * DAY_MS;
    const keepUntil = now() - QUESTION_RECORD_DAYS * DAY_MS;
    let drop = 0;
    while (drop < records.length && Date.parse(records[drop]!.at) < keepUntil) drop += 1;
    drop = Math.max(drop, records.length - MAX_QUESTION_RECORDS);
    if (drop > 0) {
      records = records.slice(drop);
      textFreeUpTo = Math.max(0, textFreeUpTo - drop);
    }
    let erased = false;
    for (; textFreeUpTo < records.length; textFreeUpTo += 1) {
      const record = records[textFreeUpTo]!;
      if (options.storeText && record.question !== null && Date.parse(record.at) >= textUntil) break;
      if (record.question !== null) {
        records[textFreeUpTo] = { ...record, question: null };
        erased = true;
      }
    }
    return erased || drop > 0;
  };
  let writes = 0;
  let writing: Promise<void> = Promise.resolve();
  // A save queued behind the one in flight: it writes the records as they are when it starts, so one is enough.
  let queued: Promise<void> | null = null;
  const save = (): Promise<void> => {
    if (queued !== null) return queued;
    const next = writing.then(async () => {
      queued = null;
      const text = `${JSON.stringify({ version: 1, records }, null, 1)}\n`;
      await writeDurably(file, text, `${file}.${process.pid}.${(writes += 1)}.tmp`).catch((error: unknown) => {
        logger.error('could not save the question store; will retry with the next question', { file, error });
      });
    });
    queued = next;
    writing = next;
    return next;
  };
  if (bound()) await save();
  return {
    file,
    add(record) {
      records.push(options.storeText ? record : { ...record, question: null });
      bound();
      void save();
    },
    all: () => [...records],
    flush: () => save(),
  };
}

const DAY_MS = 86_400_000;

async function load(file: string, logger: Logger): Promise<QuestionRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    return moveAside(file, logger, error);
  }
  try {
    const parsed = JSON.parse(text) as { records?: unknown };
    if (!Array.isArray(parsed.records)) throw new Error('no "records" array');
    return (parsed.records as unknown[]).filter(isRecord);
  } catch (error) {
    return moveAside(file, logger, error);
  }
}

function isRecord(value: unknown): value is QuestionRecord {
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return typeof record['at'] === 'string' && !Number.isNaN(Date.parse(record['at'])) && typeof record['outcome'] === 'string' && (record['question'] === null || typeof record['question'] === 'string');
}

async function moveAside(file: string, logger: Logger, error: unknown): Promise<QuestionRecord[]> {
  const aside = `${file}.unreadable-${Date.now()}`;
  await rename(file, aside).catch(() => undefined);
  logger.warn('question file was unreadable: moved it aside and started a new one', { file, aside, error });
  return [];
}
