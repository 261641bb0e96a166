import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BotMetrics, QuestionOutcome } from './discord/bot-metrics.ts';
import type { IndexInfo } from './engine-types.ts';

/** Prometheus metrics of the bot, in their own registry. */
export interface Metrics extends BotMetrics {
  readonly registry: Registry;
}

const PREFIX = 'ask_the_article_';
const OUTCOMES: readonly QuestionOutcome[] = ['answered', 'closest', 'declined', 'invalid', 'failed'];
const PATHS = ['slash', 'mention', 'dm'] as const;

/**
 * The bot's metrics for `/metrics`: questions by outcome and path, answer and engine
 * latency, rebuilds, the index served (as labels), feedback votes, gateway reconnects,
 * and Node's process metrics. No label ever holds question text or a user id.
 * `index` is read at each scrape, so a rebuild shows at once.
 */
export function createMetrics({ index }: { index: () => IndexInfo | null }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const questions = new Counter({
    name: `${PREFIX}questions_total`,
    help: 'Questions answered, declined, refused as invalid, or failed, by how they were asked (slash, mention, dm).',
    labelNames: ['outcome', 'path'] as const,
    registers: [registry],
  });
  for (const outcome of OUTCOMES) for (const path of PATHS) questions.inc({ outcome, path }, 0);
  const answerLatency = new Histogram({
    name: `${PREFIX}answer_latency_seconds`,
    help: "From the member's action (interaction or message created) to the reply sent.",
    labelNames: ['path'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10],
    registers: [registry],
  });
  const engineLatency = new Histogram({
    name: `${PREFIX}engine_latency_seconds`,
    help: "The engine's own time per question: embedding, retrieval and answer.",
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const reindexes = new Counter({
    name: `${PREFIX}reindexes_total`,
    help: 'Index rebuilds asked for with /reindex, by result (ok, failed).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  reindexes.inc({ result: 'ok' }, 0);
  reindexes.inc({ result: 'failed' }, 0);
  const reindexDuration = new Histogram({
    name: `${PREFIX}reindex_duration_seconds`,
    help: 'How long a /reindex took, successful or not.',
    buckets: [1, 2, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  new Gauge({
    name: `${PREFIX}index_info`,
    help: 'The index being served: 1, with its version, model and build time as labels.',
    labelNames: ['version', 'model', 'built_at'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const info = index();
      if (info !== null) this.set({ version: info.version, model: info.modelId, built_at: info.builtAt }, 1);
    },
  });
  const votes = new Counter({
    name: `${PREFIX}feedback_votes_total`,
    help: 'Feedback votes recorded, by kind (up, down).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  votes.inc({ kind: 'up' }, 0);
  votes.inc({ kind: 'down' }, 0);
  const reconnects = new Counter({
    name: `${PREFIX}gateway_reconnects_total`,
    help: 'Times the gateway connection dropped and discord.js reconnected (resumed or identified again).',
    registers: [registry],
  });

  return {
    registry,
    question({ outcome, via, latencyMs, engineMs }) {
      questions.inc({ outcome, path: via });
      answerLatency.observe({ path: via }, latencyMs / 1000);
      if (engineMs !== null) engineLatency.observe(engineMs / 1000);
    },
    reindex({ ok, ms }) {
      reindexes.inc({ result: ok ? 'ok' : 'failed' });
      reindexDuration.observe(ms / 1000);
    },
    feedback: (vote) => votes.inc({ kind: vote }),
    gatewayReconnect: () => reconnects.inc(),
  };
}
