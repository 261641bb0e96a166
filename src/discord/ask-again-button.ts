import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { answerQuestion, enforceCooldown } from './answer-question.ts';
import type { BotContext } from './bot-context.ts';
import { ReplyableError } from './replyable-error.ts';

/** Puts an outdated answer's question to the current index, and shows the new answer to the clicker. */
export async function handleAskAgainButton(interaction: ButtonInteraction, answerId: string, context: BotContext): Promise<void> {
  const cached = context.answers.get(answerId);
  if (cached === undefined) {
    throw new ReplyableError('I no longer remember that answer (the bot restarted or it is old): please ask again with `/ask`.');
  }
  enforceCooldown(context, interaction.user.id);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await answerQuestion(
    cached.answer.question,
    { userId: interaction.user.id, guildId: interaction.guildId, via: 'again', createdAt: interaction.createdTimestamp },
    context,
    (reply) => interaction.editReply(reply),
  );
}
