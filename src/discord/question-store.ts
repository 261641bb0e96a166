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
  let records = await load(file, logger);
  /** Applies the bounds; true when a record was dropped or its text erased. */
  const bound = (): boolean => {
    const textUntil = now() - options.retentionDays * DAY_MS;
    const keepUntil = now() - QUESTION_RECORD_DAYS * DAY_MS;
    const before = records.length;
    let erased = false;
    records = records
      .filter((record) => Date.parse(record.at) >= keepUntil)
      .slice(-MAX_QUESTION_RECORDS)
      .map((record) => {
        if (record.question === null || (options.storeText && Date.parse(record.at) >= textUntil)) return record;
        erased = true;
        return { ...record, question: null };
      });
    return erased || records.length !== before;
  };
  let writes = 0;
  let writing: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    writing = writing.then(async () => {
      const text = `${JSON.stringify({ version: 1, records }, null, 1)}\n`;
      await writeDurably(file, text, `${file}.${process.pid}.${(writes += 1)}.tmp`).catch((error: unknown) => {
        logger.error('could not save the question store; will retry with the next question', { file, error });
      });
    });
    return writing;
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
