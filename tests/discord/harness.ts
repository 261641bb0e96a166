import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../src/config.ts';
import { startBot, type Bot } from '../../src/discord/bot.ts';
import { registerCommands } from '../../src/discord/register-commands.ts';
import type { Engine } from '../../src/engine-types.ts';
import { createLogger } from '../../src/logger.ts';
import { startFakeDiscord, type Actor, type FakeDiscord, type FakeInteraction, type FakeMessage, type FakeDiscordOptions } from '../fake-discord/fake-discord.ts';
import { MANAGER_PERMISSIONS } from '../fake-discord/payloads.ts';
import { appFor, ROOT, tempWorkspace } from '../helpers/temp-app.ts';

/** The article the corpus starts with, for checking quotes against. */
export const ARTICLE_PATH = path.join(ROOT, 'corpus', 'article.txt');

/** How a test wants its bot. */
export interface HarnessOptions {
  /** Extra or overriding environment for `loadConfig` (cooldown 0 unless set). */
  readonly env?: Readonly<Record<string, string>>;
  /** Files to add to the temp copy of `corpus/` before the engine starts. */
  readonly corpus?: Readonly<Record<string, string>>;
  readonly fake?: FakeDiscordOptions;
  /** Wraps the engine before the bot gets it, e.g. to slow it down or count calls. */
  readonly wrapEngine?: (engine: Engine) => Engine;
}

/** A bot running against a fake Discord, with its engine, config and logs. */
export interface Harness {
  readonly fake: FakeDiscord;
  readonly bot: Bot;
  readonly engine: Engine;
  readonly config: Config;
  /** Every log line the bot wrote (JSON). */
  readonly logs: string[];
  /** A new guild member with ordinary permissions. */
  member(name?: string): Actor;
  /** A new guild member with Manage Server. */
  manager(name?: string): Actor;
  /** Asks with `/ask` and waits for the edited reply. */
  ask(question: string, actor: Actor, options?: { private?: boolean }): Promise<{ interaction: FakeInteraction; reply: FakeMessage }>;
  /** Every request by which the bot sent or edited a message, with its body. */
  messageBodies(): { path: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

/**
 * Starts a fake Discord and the real app (model and index) over a temp copy of the
 * corpus, registers the commands (guild-scoped) and starts the bot with the real
 * discord.js client.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const workspace = await tempWorkspace();
  for (const [name, text] of Object.entries(options.corpus ?? {})) await writeFile(path.join(workspace.corpusDir, name), text);
  const fake = await startFakeDiscord(options.fake);
  const app = await appFor(workspace, {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_GUILD_ID: fake.guild.id,
    MODERATOR_ROLE_IDS: fake.guild.moderatorRoleId,
    ASK_COOLDOWN_SECONDS: '0',
    SHUTDOWN_TIMEOUT_SECONDS: '5',
    ...options.env,
  }).catch(async (error: unknown) => {
    await Promise.all([fake.close(), workspace.remove()]);
    throw error;
  });
  const { config } = app;
  const discord = config.discord!;
  const logs: string[] = [];
  const logger = createLogger('debug', (line) => logs.push(line));
  let bot: Bot;
  try {
    await registerCommands(discord);
    bot = await startBot({ config, discord, engine: options.wrapEngine?.(app.engine) ?? app.engine, logger });
  } catch (error) {
    await Promise.all([fake.close(), workspace.remove()]);
    throw error;
  }

  let users = 0;
  const newUser = (name: string) => fake.user(`${name}-${(users += 1)}`);
  return {
    fake,
    bot,
    engine: app.engine,
    config,
    logs,
    member: (name = 'member') => ({ user: newUser(name) }),
    manager: (name = 'manager') => ({ user: newUser(name), permissions: MANAGER_PERMISSIONS }),
    async ask(question, actor, askOptions = {}) {
      const interaction = fake.slash('ask', { question, ...(askOptions.private === undefined ? {} : { private: askOptions.private }) }, actor);
      const reply = await fake.waitForReply(interaction);
      return { interaction, reply };
    },
    messageBodies() {
      return fake.requests.flatMap((request) => {
        if (request.status >= 300) return [];
        if (request.path.endsWith('/callback') && [4, 7].includes(request.body?.type)) return [{ path: request.path, body: request.body.data }];
        if (request.path.startsWith('/webhooks/') && ['PATCH', 'POST'].includes(request.method)) return [{ path: request.path, body: request.body }];
        if (/^\/channels\/\d+\/messages$/.test(request.path) && request.method === 'POST') return [{ path: request.path, body: request.body }];
        return [];
      });
    },
    async close() {
      try {
        await bot.stop();
      } finally {
        await fake.close();
        await workspace.remove();
      }
    },
  };
}
