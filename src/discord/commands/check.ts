import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  type MessageContextMenuCommandInteraction,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import { claimFromMessage } from '../../core/claim-text.ts';
import { MAX_QUESTION_CHARS } from '../../core/question.ts';
import { answerQuestion, enforceCooldown } from '../answer-question.ts';
import type { BotContext } from '../bot-context.ts';
import { CHECK_NO_TEXT, renderCheck } from '../render.ts';
import { ReplyableError } from '../replyable-error.ts';

export const definition = {
  name: 'Check against the article',
  type: ApplicationCommandType.Message,
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

/**
 * Puts the text of the message a member right-clicked to the engine as a claim, and
 * shows them alone what the article says on it. Discord sends the target message's
 * content with the interaction, so no Message Content intent is needed.
 */
export async function handler(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void> {
  const claim = claimFromMessage(interaction.targetMessage.content, MAX_QUESTION_CHARS);
  if (claim === null) throw new ReplyableError(CHECK_NO_TEXT);
  enforceCooldown(context, interaction.user.id);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await answerQuestion(
    claim,
    { userId: interaction.user.id, guildId: interaction.guildId, via: 'check', createdAt: interaction.createdTimestamp },
    context,
    (reply) => interaction.editReply(reply),
    renderCheck,
  );
}
