import {
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from '../bot-context.ts';
import { renderAbout } from '../render.ts';

export const definition = {
  name: 'about',
  description: 'The indexed articles, the index version and model, and what the last rebuild changed.',
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export async function handler(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const info = context.engine.info();
  context.indexHistory.observe(info);
  await interaction.reply({ ...renderAbout(info, context.indexHistory.lastChange()), flags: MessageFlags.Ephemeral });
}
