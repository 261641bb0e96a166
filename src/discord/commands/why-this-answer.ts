import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type MessageContextMenuCommandInteraction,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from '../bot-context.ts';
import { isModerator } from '../is-moderator.ts';
import { renderProvenance } from '../render.ts';
import { ReplyableError } from '../replyable-error.ts';

export const definition = {
  name: 'Why this answer?',
  type: ApplicationCommandType.Message,
  // Hidden from members without Manage Server unless a server opens it; the handler checks again.
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

/** Shows a moderator, alone, how one of the bot's replies was reached. */
export async function handler(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void> {
  if (!isModerator(interaction, context.discord.moderatorRoleIds)) {
    throw new ReplyableError('Sorry, only moderators can see why I replied as I did: members with Manage Server or a moderator role.');
  }
  const target = interaction.targetMessage;
  if (target.author.id !== interaction.client.user.id) {
    throw new ReplyableError('That message is not one of my replies: use **Why this answer?** on an answer of mine.');
  }
  const record = context.provenance.get(target.id);
  if (record === undefined) {
    const { maxReplies, maxAgeHours } = context.discord.provenance;
    throw new ReplyableError(
      `I no longer remember how I made that reply. I keep the evidence of my last ${maxReplies} replies for ${maxAgeHours} hours, ` +
        'forget it when I restart, and keep none for notices such as this one.',
    );
  }
  context.logger.info('provenance shown', { event: 'provenance', userId: interaction.user.id, guildId: interaction.guildId, messageId: target.id });
  await interaction.reply({ ...renderProvenance(record, context.engine.info()), flags: MessageFlags.Ephemeral });
}
