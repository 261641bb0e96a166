import { MessageFlags, type AutocompleteInteraction, type Interaction } from 'discord.js';
import type { BotContext } from './bot-context.ts';
import { handleAskAgainButton } from './ask-again-button.ts';
import { parseButtonId } from './button-id.ts';
import { commands, messageCommands } from './commands.ts';
import { handleFeedbackButton } from './feedback-button.ts';
import { handleFollowUpButton, handleFollowUpSubmit, parseFollowUpModalId } from './follow-up.ts';
import { handleMoreButton } from './more-button.ts';
import { replyForError, ReplyableError } from './replyable-error.ts';
import { handleShareButton } from './share-button.ts';

/**
 * Runs the command or button behind an interaction. The one place where an interaction's
 * errors are caught: the user gets a reply through whichever of `editReply` (deferred),
 * `followUp` (already answered) or `reply` (not yet acknowledged) Discord still accepts.
 * Never rejects.
 */
export async function handleInteraction(interaction: Interaction, context: BotContext): Promise<void> {
  if (interaction.isAutocomplete()) return suggest(interaction, context);
  if (!interaction.isRepliable()) return;
  try {
    if (context.isClosing()) throw new ReplyableError('I am restarting: please ask again in a minute.');
    if (interaction.isChatInputCommand()) {
      const command = commands.find((candidate) => candidate.definition.name === interaction.commandName);
      if (command === undefined) throw new ReplyableError('I no longer have this command: its list may be out of date.');
      await command.handler(interaction, context);
    } else if (interaction.isMessageContextMenuCommand()) {
      const command = messageCommands.find((candidate) => candidate.definition.name === interaction.commandName);
      if (command === undefined) throw new ReplyableError('I no longer have this command: its list may be out of date.');
      await command.handler(interaction, context);
    } else if (interaction.isButton()) {
      const target = parseButtonId(interaction.customId);
      if (target === null) throw new ReplyableError('I do not know this button.');
      if (target.action === 'more') await handleMoreButton(interaction, target.answerId, context);
      else if (target.action === 'share') await handleShareButton(interaction, target.answerId, context);
      else if (target.action === 'again') await handleAskAgainButton(interaction, target.answerId, context);
      else if (target.action === 'follow') await handleFollowUpButton(interaction, target.answerId, context);
      else await handleFeedbackButton(interaction, target.action, target.answerId, context);
    } else if (interaction.isModalSubmit()) {
      const answerId = parseFollowUpModalId(interaction.customId);
      if (answerId === null) throw new ReplyableError('I do not know this form.');
      await handleFollowUpSubmit(interaction, answerId, context);
    }
  } catch (error) {
    const reply = replyForError(error, context.logger, {
      event: 'interaction',
      command: interaction.isCommand() ? interaction.commandName : null,
      userId: interaction.user.id,
      guildId: interaction.guildId,
    });
    try {
      if (interaction.deferred && !interaction.replied) await interaction.editReply(reply);
      else if (interaction.replied) await interaction.followUp({ ...reply, flags: MessageFlags.Ephemeral });
      else await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral });
    } catch (replyError) {
      context.logger.warn('could not tell the user about an error', { userId: interaction.user.id, error: replyError });
    }
  }
}

/** Autocomplete has no reply to fall back on: a failure answers with no suggestions and is logged. Never rejects. */
async function suggest(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  try {
    const command = commands.find((candidate) => candidate.definition.name === interaction.commandName);
    if (command === undefined || !('autocomplete' in command) || context.isClosing()) return await interaction.respond([]);
    await command.autocomplete(interaction, context);
  } catch (error) {
    context.logger.warn('could not suggest questions', { command: interaction.commandName, userId: interaction.user.id, error });
    await interaction.respond([]).catch(() => undefined);
  }
}
