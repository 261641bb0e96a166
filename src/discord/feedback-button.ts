import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { BotContext } from './bot-context.ts';
import { isOutdated } from './outdated-answer.ts';
import { renderFeedbackRecorded, withOutdatedNote, type Vote } from './render.ts';
import { ReplyableError } from './replyable-error.ts';

/**
 * Records a 👍 / 👎 (one per user per answer; a new vote replaces the old) and confirms it
 * ephemerally; for an answer whose document changed in a rebuild since, the confirmation
 * says so and offers **Ask again**.
 */
export async function handleFeedbackButton(
  interaction: ButtonInteraction,
  vote: Vote,
  answerId: string,
  context: BotContext,
): Promise<void> {
  const cached = context.answers.get(answerId);
  // Confirmed only once the vote is on disk: a confirmation must survive a crash right after it.
  const change = await context.feedback.record({
    answerId,
    userId: interaction.user.id,
    vote,
    at: new Date().toISOString(),
    guildId: interaction.guildId,
    messageId: interaction.message.id,
    question: cached?.answer.question ?? null,
    indexVersion: cached?.info.version ?? null,
    citations: cached === undefined || cached.answer.kind === 'declined' ? [] : cached.answer.citations.map(({ doc, start, end }) => ({ doc, start, end })),
  }).catch((error: unknown) => {
    throw new ReplyableError('Sorry, your vote could not be saved just now. Please try again in a moment.', { cause: error });
  });
  context.metrics.feedback(vote);
  context.logger.info('feedback', { event: 'feedback', vote, change, answerId, userId: interaction.user.id, guildId: interaction.guildId });
  const current = context.engine.info();
  const confirmation = renderFeedbackRecorded(vote, change);
  const reply = cached !== undefined && isOutdated(cached, current) ? withOutdatedNote(confirmation, cached.info, current, answerId) : confirmation;
  await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral });
}
