import type { ButtonInteraction } from 'discord.js';
import type { BotContext } from './bot-context.ts';
import { renderCheck } from './render.ts';
import { ReplyableError } from './replyable-error.ts';

/**
 * Posts a check (shown to one member) in the channel for everyone, the same reply without
 * its Share button. The public copy keeps the check's provenance for "Why this answer?".
 */
export async function handleShareButton(interaction: ButtonInteraction, answerId: string, context: BotContext): Promise<void> {
  const cached = context.answers.get(answerId);
  if (cached === undefined) {
    throw new ReplyableError('I no longer remember that check (the bot restarted or it is old): please use **Check against the article** again.');
  }
  const response = await interaction.reply({ ...renderCheck(cached.answer, cached.info, null), withResponse: true });
  const shared = response.resource?.message;
  const record = context.provenance.get(interaction.message.id);
  if (shared != null && record !== undefined) context.provenance.add(shared.id, record);
  context.logger.info('check shared', { event: 'share', answerId, userId: interaction.user.id, guildId: interaction.guildId });
}
