import {
  ApplicationCommandOptionType,
  MessageFlags,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from '../bot-context.ts';
import { MODERATOR_COMMAND, requireModerator } from '../is-moderator.ts';
import { QUESTION_RECORD_DAYS } from '../question-store.ts';
import { summarizeQuestions } from '../question-report.ts';
import { renderReport } from '../render.ts';

/** The range a report covers unless `days` says otherwise. */
const DEFAULT_DAYS = 7;

export const definition = {
  name: 'report',
  description: 'Moderators: questions by outcome, feedback, and what the article fails to answer.',
  options: [
    {
      name: 'days',
      description: `How many days to look back (default ${DEFAULT_DAYS}).`,
      type: ApplicationCommandOptionType.Integer,
      required: false,
      min_value: 1,
      max_value: QUESTION_RECORD_DAYS,
    },
  ],
  ...MODERATOR_COMMAND,
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** An ephemeral summary of this server's questions and feedback over the last `days`. */
export async function handler(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  requireModerator(interaction, context.discord.moderatorRoleIds, 'see the report');
  const days = interaction.options.getInteger('days') ?? DEFAULT_DAYS;
  const report = summarizeQuestions(context.questions.all(), context.feedback.all(), {
    days,
    now: Date.now(),
    textStored: context.config.questions.storeText,
    guildId: interaction.guildId,
  });
  await interaction.reply({ ...renderReport(report), flags: MessageFlags.Ephemeral });
}
