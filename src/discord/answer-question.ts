import { Message, MessageFlags, type RepliableInteraction } from 'discord.js';
import { understoodQuestion, type PreviousTurn } from '../core/follow-up.ts';
import type { Answer, Reason } from '../core/types.ts';
import type { IndexInfo } from '../engine-types.ts';
import type { BotContext } from './bot-context.ts';
import type { QuestionOutcome } from './bot-metrics.ts';
import { provenanceOf } from './provenance.ts';
import { renderAnswer, type RenderedMessage } from './render.ts';
import { ReplyableError } from './replyable-error.ts';

/** Who asked, where and how; for the log line and the cooldown. */
export interface Asker {
  readonly userId: string;
  readonly guildId: string | null;
  readonly via: 'slash' | 'mention' | 'dm' | 'check' | 'again';
  /** When Discord created the interaction or message (ms since epoch), for the latency in the log. */
  readonly createdAt: number;
}

/**
 * Refuses with "try again in N s" while the user's cooldown runs. Call it before
 * acknowledging anything, so that the refusal can be ephemeral.
 */
export function enforceCooldown(context: BotContext, userId: string): void {
  const wait = context.cooldown.take(userId);
  if (wait > 0) {
    throw new ReplyableError(`You are asking a little fast: please try again in ${wait} s.`);
  }
}

/**
 * Answers a question put by an interaction (`/ask`, a follow-up form, a check, Ask
 * again): refuses during the cooldown, defers at once (Discord allows 3 s for the
 * first response; ephemeral when `isPrivate`), then edits the answer in.
 */
export async function answerInteraction(
  interaction: RepliableInteraction,
  question: string,
  context: BotContext,
  how: {
    readonly isPrivate: boolean;
    readonly via: Asker['via'];
    readonly render?: (answer: Answer, info: IndexInfo, answerId: string) => RenderedMessage;
    readonly followUp?: PreviousTurn;
  },
): Promise<void> {
  enforceCooldown(context, interaction.user.id);
  await interaction.deferReply(how.isPrivate ? { flags: MessageFlags.Ephemeral } : {});
  await answerQuestion(
    question,
    { userId: interaction.user.id, guildId: interaction.guildId, via: how.via, createdAt: interaction.createdTimestamp },
    context,
    (reply) => interaction.editReply(reply),
    how.render,
    how.followUp === undefined ? {} : { followUp: how.followUp },
  );
}

/**
 * Puts a question to the engine (waiting for a free slot under the concurrency cap),
 * sends the answer rendered by `render` (an /ask answer by default) with `send`,
 * records it in the question store (not a check or an "Ask again"), and writes the
 * one log line of the question. When `send` resolves with the sent Message, how the
 * answer was reached is kept under its id for "Why this answer?". With `followUp`,
 * the question is read in the context of that earlier question and answer.
 */
export async function answerQuestion(
  question: string,
  asker: Asker,
  context: BotContext,
  send: (reply: RenderedMessage) => Promise<unknown>,
  render: (answer: Answer, info: IndexInfo, answerId: string) => RenderedMessage = renderAnswer,
  options: { readonly followUp?: PreviousTurn } = {},
): Promise<void> {
  let outcome: QuestionOutcome = 'failed';
  let reason: Reason | null = null;
  let engineMs: number | null = null;
  const { followUp } = options;
  try {
    // inspect, not ask: the same work, and it also returns the evidence behind the decision.
    const { inspection, ms } = await context.answering.run(async () => {
      const started = performance.now();
      return { inspection: await context.engine.inspect(question, followUp === undefined ? {} : { followUp }), ms: performance.now() - started };
    });
    const { answer, index: info } = inspection;
    engineMs = Math.round(ms);
    // A follow-up of this follow-up needs the subject this one took from its own earlier turn.
    const answerId = answer.kind === 'invalid' ? 'none' : context.answers.add({ answer, info, understood: understoodQuestion(question, answer, followUp) });
    const sent = await send(render(answer, info, answerId));
    if (sent instanceof Message) context.provenance.add(sent.id, provenanceOf(inspection, new Date()));
    outcome = answer.kind;
    reason = answer.kind === 'answered' ? null : answer.reason;
    if (asker.via !== 'check' && asker.via !== 'again') {
      const first = answer.kind === 'answered' || answer.kind === 'closest' ? answer.citations[0] : undefined;
      context.questions.add({
        at: new Date().toISOString(),
        guildId: asker.guildId,
        answerId: answer.kind === 'invalid' ? null : answerId,
        outcome: answer.kind,
        reason: reason?.code ?? null,
        question: answer.question,
        quote: first === undefined ? null : { doc: first.doc, paragraph: first.paragraph, section: first.section, quote: first.quote },
      });
    }
  } finally {
    const latencyMs = Date.now() - asker.createdAt;
    context.metrics.question({ outcome, via: asker.via, latencyMs, engineMs });
    context.logger.info(`question ${outcome}`, {
      event: 'question',
      outcome,
      reason,
      via: asker.via,
      followUp: followUp !== undefined,
      userId: asker.userId,
      guildId: asker.guildId,
      latencyMs,
      engineMs,
      ...(context.config.logContent ? { question } : {}),
    });
  }
}
