import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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

/** Feedback kept durably in one JSON file, rewritten atomically after each vote. */
export interface FeedbackStore {
  readonly file: string;
  record(record: FeedbackRecord): FeedbackChange;
  all(): FeedbackRecord[];
  /** Resolves once every vote so far is on disk. */
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
 * Opens the store at `file`, loading what is there. A file that cannot be parsed is
 * moved aside (never overwritten) and the store starts empty.
 */
export async function openFeedbackStore(file: string, logger: Logger): Promise<FeedbackStore> {
  const records = new Map<string, FeedbackRecord>();
  for (const record of await load(file, logger)) records.set(key(record), record);

  let writing: Promise<void> = Promise.resolve();
  let dirty = false;
  let writes = 0;
  const writeSoon = (): void => {
    dirty = true;
    writing = writing.then(async () => {
      if (!dirty) return;
      dirty = false;
      const body: FeedbackFile = { version: 1, records: [...records.values()] };
      const temp = `${file}.${process.pid}.${(writes += 1)}.tmp`;
      try {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(temp, `${JSON.stringify(body, null, 2)}\n`);
        await rename(temp, file);
      } catch (error) {
        dirty = true;
        logger.error('could not save feedback; will retry on the next vote or at shutdown', { file, error });
      }
    });
  };

  return {
    file,
    record(record) {
      const previous = records.get(key(record));
      records.set(key(record), record);
      writeSoon();
      if (previous === undefined) return 'recorded';
      return previous.vote === record.vote ? 'unchanged' : 'changed';
    },
    all() {
      return [...records.values()];
    },
    async flush() {
      if (dirty) writeSoon();
      await writing;
    },
  };
}

function key(record: Pick<FeedbackRecord, 'answerId' | 'userId'>): string {
  return `${record.answerId}\u0000${record.userId}`;
}

async function load(file: string, logger: Logger): Promise<FeedbackRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<FeedbackFile>;
    if (!Array.isArray(parsed.records)) throw new Error('no "records" array');
    return parsed.records;
  } catch (error) {
    const aside = `${file}.unreadable-${Date.now()}`;
    await rename(file, aside);
    logger.warn('feedback file was unreadable: moved it aside and started a new one', { file, aside, error });
    return [];
  }
}
