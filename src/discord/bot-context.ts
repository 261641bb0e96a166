import type { Config, DiscordConfig } from '../config.ts';
import type { Engine } from '../engine-types.ts';
import type { Logger } from '../logger.ts';
import type { AnswerCache } from './answer-cache.ts';
import type { BotMetrics } from './bot-metrics.ts';
import type { ConcurrencyLimit } from './concurrency-limit.ts';
import type { Cooldown } from './cooldown.ts';
import type { FeedbackStore } from './feedback-store.ts';
import type { IndexHistory } from './index-history.ts';
import type { ProvenanceStore } from './provenance-store.ts';
import type { QuestionStore } from './question-store.ts';
import type { Suggestions } from './suggestions.ts';

/** What every command, button and message handler is given. Built once by `startBot`. */
export interface BotContext {
  readonly config: Config;
  readonly discord: DiscordConfig;
  readonly engine: Engine;
  readonly logger: Logger;
  readonly cooldown: Cooldown;
  /** Caps how many questions the engine answers at once. */
  readonly answering: ConcurrencyLimit;
  readonly answers: AnswerCache;
  readonly feedback: FeedbackStore;
  /** Every question's outcome (and its text with `STORE_QUESTIONS`), for `/report` and suggestions. */
  readonly questions: QuestionStore;
  /** Suggestions for `/ask` as the member types. */
  readonly suggestions: Suggestions;
  readonly metrics: BotMetrics;
  /** How recent replies were reached, by message id, for "Why this answer?". */
  readonly provenance: ProvenanceStore;
  /** The builds the bot has served, for what the last rebuild changed. */
  readonly indexHistory: IndexHistory;
  /** True once shutdown began: no new questions are taken. */
  isClosing(): boolean;
}
