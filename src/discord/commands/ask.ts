import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { answerInteraction } from '../answer-question.ts';
import type { BotContext } from '../bot-context.ts';

export const definition = {
  name: 'ask',
  description: 'Ask a question about the article; the answer quotes it word for word.',
  options: [
    {
      name: 'question',
      description: 'Your question about the article, in your own words.',
      type: ApplicationCommandOptionType.String,
      required: true,
      max_length: 1000,
      autocomplete: true,
    },
    {
      name: 'private',
      description: 'Show the answer to you only (default: everyone in the channel sees it).',
      type: ApplicationCommandOptionType.Boolean,
      required: false,
    },
  ],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Defers at once (Discord allows 3 s for the first response), then edits the answer in. */
export async function handler(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await answerInteraction(interaction, interaction.options.getString('question', true), context, { isPrivate: interaction.options.getBoolean('private') ?? false, via: 'slash' });
}

/** Suggests questions for what the member has typed so far (see `Suggestions`); no engine work, well within Discord's 3 s. */
export async function autocomplete(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const typed = interaction.options.getFocused();
  await interaction.respond(context.suggestions.forTyped(typed, interaction.guildId).map((question) => ({ name: question, value: question })));
}
