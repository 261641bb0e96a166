import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { BotContext } from './bot-context.ts';
import { renderFeedbackRecorded, type Vote } from './render.ts';

/** Records a 👍 / 👎 (one per user per answer; a new vote replaces the old) and confirms it ephemerally. */
export async function handleFeedbackButton(
  interaction: ButtonInteraction,
  vote: Vote,
  answerId: string,
  context: BotContext,
): Promise<void> {
  const cached = context.answers.get(answerId);
  const change = context.feedback.record({
    answerId,
    userId: interaction.user.id,
    vote,
    at: new Date().toISOString(),
    guildId: interaction.guildId,
    messageId: interaction.message.id,
    question: cached?.answer.question ?? null,
    indexVersion: cached?.info.version ?? null,
    citations: cached === undefined || cached.answer.kind === 'declined' ? [] : cached.answer.citations.map(({ doc, start, end }) => ({ doc, start, end })),
  });
  context.metrics.feedback(vote);
  context.logger.info('feedback', { event: 'feedback', vote, change, answerId, userId: interaction.user.id, guildId: interaction.guildId });
  await interaction.reply({ ...renderFeedbackRecorded(vote, change), flags: MessageFlags.Ephemeral });
}
