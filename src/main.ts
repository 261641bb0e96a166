/**
 * npm start: runs the Discord bot when DISCORD_TOKEN is set, otherwise the local
 * chat over the same engine, in a terminal. Without a token and without a terminal
 * (a service, a container) it stops with one line saying what to do, rather than
 * "succeeding" at nothing.
 *
 *   node dist/src/main.js [--chat] [--help] [--version]
 */
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { createApp } from './app.ts';
import { runChat } from './chat.ts';
import { loadConfig } from './config.ts';
import { startBot } from './discord/bot.ts';
import { AppError, isAppError } from './errors.ts';
import { createLogger } from './logger.ts';
import { watchParent } from './parent-watch.ts';
import { clearProgress, showProgress } from './progress-line.ts';
import { packageVersion } from './version.ts';

const USAGE = `usage: npm start       the Discord bot when DISCORD_TOKEN is set, otherwise the local chat (in a terminal)
       npm run chat    the local chat, also with a token set or with input piped in
options: --chat  --help  --version`;

let args: { chat?: boolean; help?: boolean; version?: boolean };
try {
  args = parseArgs({ options: { chat: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } }, strict: true }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (args.help === true) {
  console.log(USAGE);
  process.exit(0);
}
if (args.version === true) {
  console.log(packageVersion());
  process.exit(0);
}

try {
  const config = loadConfig(process.env);
  if (config.discord === null || args.chat === true) {
    if (args.chat !== true && process.stdin.isTTY !== true) {
      throw new AppError(
        'NO_TOKEN_NO_TERMINAL',
        'DISCORD_TOKEN is not set and there is no terminal for the chat: set DISCORD_TOKEN (in .env or the environment) to run the bot, or run `npm run chat` for the local chat.',
      );
    }
    if (config.discord === null) console.log('No DISCORD_TOKEN set, so this is the local chat. To run the Discord bot, put DISCORD_TOKEN in .env (see README).');
    // In the chat, only warnings reach the terminal unless LOG_LEVEL asks for more.
    const app = await createApp(config, {
      logger: createLogger(config.logLevel ?? 'warn'),
      onProgress: showProgress,
    });
    clearProgress();
    // Nothing to save: an orphaned chat just ends.
    watchParent(() => process.exit(0));
    const terminal = process.stdout.isTTY === true;
    await runChat(app, {
      input: process.stdin,
      output: process.stdout,
      width: () => (terminal ? process.stdout.columns : null),
      color: terminal && !config.noColor,
      afterRebuild: clearProgress,
    });
  } else {
    const discord = config.discord;
    const app = await createApp(config);
    const bot = await startBot({ config, discord, engine: app.engine, logger: app.logger });
    let stopping = false;
    const stop = (reason: Record<string, unknown>, exitCode: number) => {
      if (stopping) return;
      stopping = true;
      app.logger.info('shutting down', reason);
      bot.stop().then(
        () => process.exit(exitCode),
        (error: unknown) => {
          app.logger.error('shutdown failed', { error });
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', (signal) => stop({ signal }, 0));
    process.once('SIGTERM', (signal) => stop({ signal }, 0));
    // npm does not pass SIGTERM on: stop when the npm that started us is gone.
    watchParent((reason) => stop({ reason }, 0));
    // A session Discord closed for good (bot.ts logs why) must not look like a clean exit.
    void bot.lost.then((error) => stop({ reason: error.code }, 1));
  }
} catch (error) {
  clearProgress();
  console.error(isAppError(error) ? `error: ${error.message}` : error);
  process.exit(1);
}
