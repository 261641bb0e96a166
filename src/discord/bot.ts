import { once } from 'node:events';
import { Client, DiscordAPIError, Events, GatewayCloseCodes, GatewayIntentBits, Partials, Status } from 'discord.js';
import type { Config, DiscordConfig } from '../config.ts';
import type { Engine } from '../engine-types.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { createAnswerCache } from './answer-cache.ts';
import type { BotContext } from './bot-context.ts';
import { noMetrics, type BotMetrics } from './bot-metrics.ts';
import { createConcurrencyLimit } from './concurrency-limit.ts';
import { createCooldown } from './cooldown.ts';
import { feedbackFile, openFeedbackStore, type FeedbackStore } from './feedback-store.ts';
import { createInFlight } from './in-flight.ts';
import { createIndexHistory } from './index-history.ts';
import { createProvenanceStore } from './provenance-store.ts';
import { handleInteraction } from './interaction-handler.ts';
import { handleMessage } from './message-handler.ts';
import { openQuestionStore, questionFile } from './question-store.ts';
import { createSuggestions } from './suggestions.ts';
import { tokenRejectedError } from './token-rejected-error.ts';

/** What `startBot` needs. */
export interface BotOptions {
  readonly config: Config;
  readonly discord: DiscordConfig;
  readonly engine: Engine;
  readonly logger: Logger;
  /** Where questions, rebuilds, votes and reconnects are counted; none by default. */
  readonly metrics?: BotMetrics;
}

/** A logged-in bot. */
export interface Bot {
  /** The discord.js client, logged in and ready. */
  readonly client: Client<true>;
  readonly feedback: FeedbackStore;
  /**
   * Settles with a `DISCORD_GATEWAY_CLOSED` error if Discord closes the gateway for good
   * after login (a reset token, intents no longer allowed, …): the bot can no longer
   * answer and should stop with a non-zero exit. Never settles otherwise.
   */
  readonly lost: Promise<AppError>;
  /** Whether the gateway session is up (false while reconnecting, after a fatal close and once stopped). */
  isConnected(): boolean;
  /**
   * Stops taking questions, waits for those in flight (at most `shutdownTimeoutSeconds`),
   * saves feedback and disconnects. Safe to call more than once.
   */
  stop(): Promise<void>;
}

/** Answers kept for the buttons under them. */
const ANSWER_CACHE_SIZE = 1000;

/** Intents the bot needs; not the privileged MessageContent, since Discord sends the content of messages that mention the bot. */
const BOT_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

/**
 * Logs in to Discord and starts answering `/ask`, mentions and DMs. Resolves once the
 * client is ready. A rejected token fails at once with `DISCORD_LOGIN_FAILED`; the
 * token itself never appears in an error or a log line.
 */
export async function startBot({ config, discord, engine, logger, metrics = noMetrics }: BotOptions): Promise<Bot> {
  const feedback = await openFeedbackStore(feedbackFile(config.dataDir), logger);
  const questions = await openQuestionStore(questionFile(config.dataDir), config.questions, logger);
  const client = new Client({
    intents: BOT_INTENTS,
    // DM channels are not cached before their first message: without this partial, DMs are dropped.
    partials: [Partials.Channel],
    // Every rendered message says so itself; this default guards any message that would not.
    allowedMentions: { parse: [], repliedUser: false },
    ...(discord.apiUrl === null ? {} : { rest: { api: discord.apiUrl } }),
  });
  let closing = false;
  const inFlight = createInFlight();
  const context: BotContext = {
    config,
    discord,
    engine,
    logger,
    cooldown: createCooldown(discord.cooldownSeconds),
    answering: createConcurrencyLimit(discord.maxConcurrentAnswers),
    answers: createAnswerCache(ANSWER_CACHE_SIZE),
    feedback,
    questions,
    suggestions: createSuggestions({ info: () => engine.info(), questions, feedback, suggestAsked: config.questions.suggestAsked && config.questions.storeText }),
    metrics,
    provenance: createProvenanceStore({ maxReplies: discord.provenance.maxReplies, maxAgeMs: discord.provenance.maxAgeHours * 3_600_000 }),
    indexHistory: createIndexHistory(),
    isClosing: () => closing,
  };

  client.on(Events.InteractionCreate, (interaction) => inFlight.track(handleInteraction(interaction, context)));
  client.on(Events.MessageCreate, (message) => inFlight.track(handleMessage(message, context)));
  client.on(Events.Error, (error) => logger.error('discord client error', { error }));
  client.on(Events.ShardError, (error) => logger.warn('gateway connection error', { error }));
  let gatewayCloseCode: number | null = null;
  let loggedIn = false;
  let onLost: (error: AppError) => void = () => {};
  const lost = new Promise<AppError>((resolve) => (onLost = resolve));
  client.on(Events.ShardDisconnect, (event) => {
    gatewayCloseCode = event.code;
    // During login the failure is reported by startBot's rejection instead.
    if (!loggedIn) return;
    const error = gatewayClosedError(event.code);
    logger.error('gateway closed for good', { code: event.code, reason: error.message });
    onLost(error);
  });
  client.on(Events.ShardReconnecting, () => {
    if (closing) return;
    metrics.gatewayReconnect();
    logger.info('gateway reconnecting');
  });
  client.on(Events.ShardResume, (_shard, replayed) => logger.info('gateway resumed', { replayed }));

  const ready = once(client, Events.ClientReady);
  ready.catch(() => undefined); // awaited below; only a failed login leaves it pending
  try {
    await client.login(discord.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw loginError(error, discord, gatewayCloseCode);
  }
  loggedIn = true;
  context.indexHistory.observe(engine.info());
  const readyClient = client as Client<true>;
  logger.info('discord bot ready', {
    user: readyClient.user.tag,
    applicationId: readyClient.application.id,
    guilds: readyClient.guilds.cache.size,
  });

  let stopping: Promise<void> | undefined;
  return {
    client: readyClient,
    feedback,
    lost,
    isConnected: () => !closing && client.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready),
    stop() {
      stopping ??= (async () => {
        closing = true;
        logger.info('discord bot stopping', { inFlight: inFlight.size });
        const drained = await inFlight.drain(discord.shutdownTimeoutSeconds * 1000);
        if (!drained) logger.warn('gave up waiting for questions in flight', { left: inFlight.size });
        await feedback.flush();
        await questions.flush();
        await client.destroy();
        logger.info('discord bot stopped');
      })();
      return stopping;
    },
  };
}

/** What to do about each close code after which discord.js does not reconnect. */
const FATAL_CLOSE_ADVICE: Readonly<Record<number, string>> = {
  [GatewayCloseCodes.AuthenticationFailed]:
    'Discord no longer accepts the bot token (it was reset or the application deleted): put a new token from the Developer Portal (your application → Bot → Reset Token) in DISCORD_TOKEN',
  [GatewayCloseCodes.DisallowedIntents]:
    'the bot asked for a privileged intent the application may not use: switch it on in the Developer Portal (your application → Bot → Privileged Gateway Intents)',
  [GatewayCloseCodes.InvalidIntents]: 'Discord refused the intents the bot asked for: update the bot',
  [GatewayCloseCodes.InvalidShard]: 'Discord refused the shard the bot asked for',
  [GatewayCloseCodes.ShardingRequired]: 'the bot is in too many servers to run as one shard',
  [GatewayCloseCodes.InvalidAPIVersion]: 'Discord no longer supports the gateway version the bot uses: update the bot',
};

/** The error for a gateway session Discord closed for good after login. Never contains the token. */
export function gatewayClosedError(code: number): AppError {
  const name = GatewayCloseCodes[code] ?? 'unknown';
  const advice = FATAL_CLOSE_ADVICE[code] ?? 'discord.js will not reconnect';
  return new AppError('DISCORD_GATEWAY_CLOSED', `Discord closed the gateway for good (close code ${code}, ${name}): ${advice}.`);
}

/** `gatewayCloseCode`: how the gateway closed the connection for good during login, if it did. */
function loginError(error: unknown, discord: DiscordConfig, gatewayCloseCode: number | null): AppError {
  const rejected =
    (error instanceof Error && 'code' in error && error.code === 'TokenInvalid') ||
    (error instanceof DiscordAPIError && error.status === 401) ||
    gatewayCloseCode === GatewayCloseCodes.AuthenticationFailed;
  if (rejected) return tokenRejectedError(error);
  const where = discord.apiUrl ?? 'Discord';
  const closed = gatewayCloseCode === null ? '' : ` (gateway closed with ${gatewayCloseCode} ${GatewayCloseCodes[gatewayCloseCode] ?? ''})`;
  const reason = `${error instanceof Error ? error.message.replaceAll(discord.token, '[token]') : 'unknown error'}${closed}`;
  return new AppError('DISCORD_LOGIN_FAILED', `Could not log in to ${where}: ${reason}`, { cause: error });
}
