import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { BotContext } from './bot-context.ts';
import { renderMore } from './render.ts';
import { ReplyableError } from './replyable-error.ts';

/** Shows the passages that followed an answer, to the clicker only. */
export async function handleMoreButton(interaction: ButtonInteraction, answerId: string, context: BotContext): Promise<void> {
  const cached = context.answers.get(answerId);
  if (cached === undefined) {
    throw new ReplyableError('I no longer remember that answer (the bot restarted or it is old): please ask again.');
  }
  await interaction.reply({ ...renderMore(cached.answer, cached.info), flags: MessageFlags.Ephemeral });
}
