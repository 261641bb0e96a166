import { ApplicationCommandType, DiscordAPIError, REST, Routes, type APIApplication, type APIApplicationCommand } from 'discord.js';
import type { DiscordConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { commands, messageCommands } from './commands.ts';
import { tokenRejectedError } from './token-rejected-error.ts';

/** Where the commands were registered. */
export interface CommandRegistration {
  readonly applicationId: string;
  /** `guild`: visible at once in one server; `global`: in every server, after Discord propagates it. */
  readonly scope: 'guild' | 'global';
  readonly guildId: string | null;
  /** Names as members find them: `/ask` for a slash command, `“Check against the article”` for a message command. */
  readonly commands: readonly string[];
}

/**
 * Replaces the application's slash and message commands with the bot's lists: in `guildId` when it
 * is set, globally otherwise. The application id is learnt from the token when it is
 * not configured.
 */
export async function registerCommands(discord: DiscordConfig): Promise<CommandRegistration> {
  const rest = new REST(discord.apiUrl === null ? {} : { api: discord.apiUrl }).setToken(discord.token);
  try {
    const applicationId = discord.applicationId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
    const route =
      discord.guildId === null
        ? Routes.applicationCommands(applicationId)
        : Routes.applicationGuildCommands(applicationId, discord.guildId);
    const body = [...commands, ...messageCommands].map((command) => command.definition);
    const registered = (await rest.put(route, { body })) as APIApplicationCommand[];
    return {
      applicationId,
      scope: discord.guildId === null ? 'global' : 'guild',
      guildId: discord.guildId,
      commands: registered.map((command) => (command.type === ApplicationCommandType.Message ? `“${command.name}”` : `/${command.name}`)),
    };
  } catch (error) {
    throw registrationError(error, discord);
  }
}

function registrationError(error: unknown, discord: DiscordConfig): AppError {
  if (error instanceof DiscordAPIError && error.status === 401) return tokenRejectedError(error);
  if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 404) && discord.guildId !== null) {
    return new AppError(
      'CONFIG_INVALID',
      `Discord refused to register commands in server ${discord.guildId} (${error.status}): check DISCORD_GUILD_ID, ` +
        'and that the bot was invited there with the applications.commands scope.',
      { cause: error },
    );
  }
  const reason = error instanceof Error ? error.message.replaceAll(discord.token, '[token]') : String(error);
  return new AppError('DISCORD_LOGIN_FAILED', `Could not register the slash commands: ${reason}`, { cause: error });
}
