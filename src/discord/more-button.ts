import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { BotContext } from './bot-context.ts';
import { isOutdated } from './outdated-answer.ts';
import { renderMore, renderOutdated } from './render.ts';
import { ReplyableError } from './replyable-error.ts';

/**
 * Shows the passages that followed an answer, to the clicker only; when the index was
 * rebuilt since and the answer's document changed, says so and offers **Ask again** instead.
 */
export async function handleMoreButton(interaction: ButtonInteraction, answerId: string, context: BotContext): Promise<void> {
  const cached = context.answers.get(answerId);
  if (cached === undefined) {
    throw new ReplyableError('I no longer remember that answer (the bot restarted or it is old): please ask again.');
  }
  const current = context.engine.info();
  const reply = isOutdated(cached, current) ? renderOutdated(cached.info, current, answerId) : renderMore(cached.answer, cached.info);
  await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral });
}
