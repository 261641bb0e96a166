import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from './bot-context.ts';
import * as about from './commands/about.ts';
import * as ask from './commands/ask.ts';
import * as check from './commands/check.ts';
import * as help from './commands/help.ts';
import * as reindex from './commands/reindex.ts';
import * as report from './commands/report.ts';
import * as whyThisAnswer from './commands/why-this-answer.ts';

/** A slash command: what Discord is told about it, and what runs when it is used. */
export interface SlashCommand {
  readonly definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  handler(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  /** Answers an option marked `autocomplete` as the member types; must respond within 3 s. */
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}

/** Every slash command of the bot, in the order Discord lists them. Registered as is. */
export const commands = [ask, help, about, reindex, report] as const satisfies readonly SlashCommand[];

/** A message command (right-click a message → Apps): what Discord is told about it, and what runs. */
export interface MessageCommand {
  readonly definition: RESTPostAPIContextMenuApplicationCommandsJSONBody;
  handler(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void>;
}

/** Every message command of the bot, in the order Discord lists them. Registered with the slash commands. */
export const messageCommands = [check, whyThisAnswer] as const satisfies readonly MessageCommand[];
