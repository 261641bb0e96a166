import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type MessageContextMenuCommandInteraction,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import { claimFromMessage } from '../../core/claim-text.ts';
import { MAX_QUESTION_CHARS } from '../../core/question.ts';
import { answerInteraction } from '../answer-question.ts';
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
  await answerInteraction(interaction, claim, context, { isPrivate: true, via: 'check', render: renderCheck });
}
