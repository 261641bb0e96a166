import { MessageFlags, type ButtonInteraction, type Message, type ModalSubmitInteraction } from 'discord.js';
import { previousTurn, type PreviousTurn } from '../core/follow-up.ts';
import { MAX_QUESTION_CHARS } from '../core/question.ts';
import type { CachedAnswer } from './answer-cache.ts';
import { answerInteraction } from './answer-question.ts';
import type { BotContext } from './bot-context.ts';
import { parseButtonId } from './button-id.ts';
import { renderFollowUpModal } from './render.ts';
import { ReplyableError } from './replyable-error.ts';

/** The custom id of the follow-up form of an answer, e.g. `followup:k3j9x2a0`. */
export function followUpModalId(answerId: string): string {
  return `followup:${answerId}`;
}

/** The answer a follow-up form's custom id names, or null for an id this bot did not make. */
export function parseFollowUpModalId(customId: string): string | null {
  return /^followup:([\w-]{1,64})$/.exec(customId)?.[1] ?? null;
}

/** **Ask a follow-up**: opens the form (the interaction's one response, within 3 s). */
export async function handleFollowUpButton(interaction: ButtonInteraction, answerId: string, context: BotContext): Promise<void> {
  rememberedAnswer(answerId, context);
  await interaction.showModal(renderFollowUpModal(followUpModalId(answerId), INPUT_ID, MAX_QUESTION_CHARS));
}

/**
 * The submitted form: answers the follow-up in the context of the answer whose
 * button opened it, publicly, or privately when that answer was private.
 */
export async function handleFollowUpSubmit(interaction: ModalSubmitInteraction, answerId: string, context: BotContext): Promise<void> {
  const cached = rememberedAnswer(answerId, context);
  const isPrivate = interaction.message?.flags.has(MessageFlags.Ephemeral) ?? false;
  await answerInteraction(interaction, interaction.fields.getTextInputValue(INPUT_ID), context, { isPrivate, via: 'slash', followUp: turnOf(cached) });
}

/**
 * The earlier turn a message follows up on: the bot's answer it replies to (Discord's
 * reply feature), when the bot still remembers that answer; null for any other message.
 */
export async function repliedTurn(message: Message, context: BotContext): Promise<PreviousTurn | null> {
  if (message.reference?.messageId === undefined) return null;
  const replied = await message.fetchReference().catch(() => null);
  if (replied === null || replied.author.id !== message.client.user.id) return null;
  for (const row of replied.components) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      const target = 'customId' in component && typeof component.customId === 'string' ? parseButtonId(component.customId) : null;
      const cached = target === null ? undefined : context.answers.get(target.answerId);
      if (cached !== undefined) return turnOf(cached);
    }
  }
  return null;
}

/** The id of the form's one field. */
const INPUT_ID = 'question';

function rememberedAnswer(answerId: string, context: BotContext): CachedAnswer {
  const cached = context.answers.get(answerId);
  if (cached === undefined) throw new ReplyableError('I no longer remember that answer (the bot restarted or it is old): please ask your question in full with /ask.');
  return cached;
}

function turnOf(cached: CachedAnswer): PreviousTurn {
  return previousTurn(cached.answer, cached.understood);
}
