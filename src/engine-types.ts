import type { Decision } from './core/decide.ts';
import type { Evidence } from './core/evidence.ts';
import type { PreviousTurn } from './core/follow-up.ts';
import type { RankedCandidate } from './core/rank.ts';
import type { Answer, DocumentFormat } from './core/types.ts';
import type { BuildProgress } from './indexer.ts';

/** Milliseconds spent answering one question. */
export interface AskTimings {
  readonly embed: number;
  readonly search: number;
  readonly total: number;
}

/** One answered (or declined) question, with its timings and the index that answered it. */
export interface AskResult {
  readonly answer: Answer;
  readonly ms: AskTimings;
  /** The index the answer came from (a rebuild may swap in another right after). */
  readonly index: IndexInfo;
}

/** How to read a question. */
export interface AskOptions {
  /** The question follows up on this earlier question and answer (see `resolveFollowUp`). */
  readonly followUp?: PreviousTurn;
}

/** How an answer was reached: for calibration, `--explain` and moderators. */
export interface Inspection {
  readonly answer: Answer;
  /** Null for an invalid question. */
  readonly evidence: Evidence | null;
  /** The candidate sentences (see `selectCandidates`), best first. */
  readonly ranked: readonly RankedCandidate[];
  readonly decision: Decision | null;
  readonly index: IndexInfo;
}

/** A document as the index knows it. */
export interface IndexedDocument {
  readonly id: string;
  readonly title: string;
  readonly url: string | null;
  /** `markdown` when quotes from it are shown without inline markup; absent means `text`. */
  readonly format?: DocumentFormat;
  readonly paragraphs: number;
  /** Section headings in order of appearance. */
  readonly sections: readonly string[];
  /** A fingerprint of each paragraph's text (`paragraphHash`), in order: what tells two builds apart paragraph by paragraph. */
  readonly paragraphHashes: readonly string[];
}

/** What is being served: shown by `/about` and in reply footers. */
export interface IndexInfo {
  /** Short id of this build (corpus hash prefix), shown in reply footers. */
  readonly version: string;
  /** sha256 of the corpus files (names and bytes). */
  readonly corpusHash: string;
  readonly modelId: string;
  readonly dimensions: number;
  readonly chunkerVersion: number;
  /** ISO 8601 time of the build. */
  readonly builtAt: string;
  readonly documents: readonly IndexedDocument[];
  readonly chunks: number;
}

/** The outcome of a rebuild. */
export interface ReindexReport {
  readonly documents: number;
  readonly chunks: number;
  readonly ms: number;
  readonly corpusHash: string;
  readonly info: IndexInfo;
  /** False when another rebuild was already running and this call shared its result. */
  readonly startedByThisCall: boolean;
}

/**
 * The answer engine as the bot and the CLI see it. Created once by `app.ts`
 * with the model and index already loaded.
 */
export interface Engine {
  /** Answers from the index being served; never throws for an unanswerable or bad question. */
  ask(question: string, options?: AskOptions): Promise<AskResult>;
  /** Like `ask`, with the evidence, the ranking and the decision behind the answer. */
  inspect(question: string, options?: AskOptions): Promise<Inspection>;
  /** The index being served. */
  info(): IndexInfo;
  /**
   * Rebuilds the index from the corpus without downtime: questions are answered
   * from the old index until the new one is complete, then it is swapped in.
   * Concurrent calls share one rebuild. On failure the old index keeps serving
   * and the returned promise rejects with an AppError (`INDEX_BUILD_FAILED`).
   * `onProgress` hears the stages of a rebuild this call starts.
   */
  reindex(options?: { readonly onProgress?: (progress: BuildProgress) => void }): Promise<ReindexReport>;
}
