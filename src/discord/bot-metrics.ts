import type { Asker } from './answer-question.ts';
import type { Vote } from './render.ts';

/** How a question ended, as logged and counted. */
export type QuestionOutcome = 'answered' | 'closest' | 'declined' | 'invalid' | 'failed';

/**
 * What the bot reports for monitoring. Never given question text. `app`-level wiring
 * passes a Prometheus implementation (`createMetrics`) when METRICS_PORT is set, and
 * `noMetrics` otherwise.
 */
export interface BotMetrics {
  /** One question answered (or not): `latencyMs` from the member's action to the reply, `engineMs` the engine's own time. */
  question(event: { readonly outcome: QuestionOutcome; readonly via: Asker['via']; readonly latencyMs: number; readonly engineMs: number | null }): void;
  /** A /reindex that ended, well or not. */
  reindex(event: { readonly ok: boolean; readonly ms: number }): void;
  /** A 👍 / 👎 recorded. */
  feedback(vote: Vote): void;
  /** The gateway connection dropped and discord.js is reconnecting. */
  gatewayReconnect(): void;
}

/** Metrics switched off. */
export const noMetrics: BotMetrics = {
  question: () => {},
  reindex: () => {},
  feedback: () => {},
  gatewayReconnect: () => {},
};
