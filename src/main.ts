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
import { createApp, type App } from './app.ts';
import { runChat } from './chat.ts';
import { loadConfig, type Config, type DiscordConfig } from './config.ts';
import { startBot, type Bot } from './discord/bot.ts';
import { AppError, isAppError } from './errors.ts';
import { createLogger } from './logger.ts';
import { startMetricsServer, type Health } from './metrics-server.ts';
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
    await runBot(config, config.discord);
  }
} catch (error) {
  clearProgress();
  console.error(isAppError(error) ? `error: ${error.message}` : error);
  process.exit(1);
}

/**
 * The bot, with the health and metrics endpoint when METRICS_PORT is set (up before
 * the model loads, so a probe sees 503 until the bot can answer). Stops gracefully on
 * SIGINT, SIGTERM or when the parent process goes; exits 1 when Discord closes the
 * gateway for good.
 */
async function runBot(config: Config, discord: DiscordConfig): Promise<void> {
  const logger = createLogger(config.logLevel ?? 'info');
  let app: App | null = null;
  let bot: Bot | null = null;
  let stopping = false;
  const health = (): Health => {
    if (stopping) return { ready: false, reason: 'shutting down' };
    if (app === null) return { ready: false, reason: 'loading the model and the index' };
    if (bot === null) return { ready: false, reason: 'logging in to Discord' };
    return bot.isConnected() ? { ready: true } : { ready: false, reason: 'the Discord gateway is not connected' };
  };
  // prom-client is loaded only when asked for: it adds ~40 ms to every start.
  const metrics = config.metrics === null ? null : (await import('./metrics.ts')).createMetrics({ index: () => app?.engine.info() ?? null });
  const server =
    config.metrics === null || metrics === null ? null : await startMetricsServer({ ...config.metrics, registry: metrics.registry, health });
  if (server !== null) logger.info('metrics listening', { url: server.url, paths: ['/healthz', '/metrics'] });

  app = await createApp(config, { logger });
  const started = await startBot({ config, discord, engine: app.engine, logger, ...(metrics === null ? {} : { metrics }) });
  bot = started;
  const stop = (reason: Record<string, unknown>, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', reason);
    started
      .stop()
      .then(() => server?.close())
      .then(
        () => {
          logger.info('exiting', { exitCode });
          process.exit(exitCode);
        },
        (error: unknown) => {
          logger.error('shutdown failed', { error });
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', (signal) => stop({ signal }, 0));
  process.once('SIGTERM', (signal) => stop({ signal }, 0));
  // npm does not pass SIGTERM on: stop when the npm that started us is gone.
  watchParent((reason) => stop({ reason }, 0));
  // A session Discord closed for good (bot.ts logs why) must not look like a clean exit.
  void started.lost.then((error) => stop({ reason: error.code }, 1));
}
