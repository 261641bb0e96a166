/**
 * npm start: runs the Discord bot when DISCORD_TOKEN is set, otherwise the local
 * chat over the same engine.
 */
import 'dotenv/config';
import { createApp } from './app.ts';
import { runChat } from './chat.ts';
import { loadConfig } from './config.ts';
import { startBot } from './discord/bot.ts';
import { isAppError } from './errors.ts';
import { createLogger } from './logger.ts';
import { showProgress } from './progress-line.ts';

try {
  const config = loadConfig(process.env);
  if (config.discord === null) {
    console.log('No DISCORD_TOKEN set, so this is the local chat. To run the Discord bot, put DISCORD_TOKEN in .env (see README).');
    // In the chat, only warnings reach the terminal unless LOG_LEVEL asks for more.
    const app = await createApp(config, {
      logger: createLogger(config.logLevel ?? 'warn'),
      onProgress: showProgress,
    });
    await runChat(app, { input: process.stdin, output: process.stdout });
  } else {
    const discord = config.discord;
    const app = await createApp(config);
    const bot = await startBot({ config, discord, engine: app.engine, logger: app.logger });
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      app.logger.info('shutting down', { signal });
      bot.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          app.logger.error('shutdown failed', { error });
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
} catch (error) {
  console.error(isAppError(error) ? `error: ${error.message}` : error);
  process.exit(1);
}
