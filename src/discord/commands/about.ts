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
  description: 'The indexed article: title, sections, chunk count, model and when the index was built.',
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export async function handler(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.reply({ ...renderAbout(context.engine.info()), flags: MessageFlags.Ephemeral });
}
