import {
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from '../bot-context.ts';
import { renderHelp } from '../render.ts';

export const definition = {
  name: 'help',
  description: 'What this bot can answer and how to ask it.',
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export async function handler(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.reply({ ...renderHelp(context.engine.info()), flags: MessageFlags.Ephemeral });
}
