/**
 * Registers the bot's slash commands with Discord: in one server when DISCORD_GUILD_ID
 * is set (instant, for development), globally otherwise (every server, may take a
 * while to show). Run it again whenever a command definition changes.
 *
 *   npm run register
 */
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../src/config.ts';
import { registerCommands } from '../src/discord/register-commands.ts';
import { isAppError } from '../src/errors.ts';

loadDotenv({ quiet: true });

try {
  const { discord } = loadConfig(process.env);
  if (discord === null) {
    console.error('DISCORD_TOKEN is not set: put the bot token in .env (see .env.example).');
    process.exit(1);
  }
  const result = await registerCommands(discord);
  const where = result.scope === 'guild' ? `in server ${result.guildId} (available now)` : 'globally (may take up to an hour to appear)';
  console.log(`Registered ${result.commands.join(', ')} for application ${result.applicationId} ${where}.`);
} catch (error) {
  console.error(isAppError(error) ? error.message : error);
  process.exit(1);
}
