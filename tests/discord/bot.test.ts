import { readFile } from 'node:fs/promises';
import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startBot } from '../../src/discord/bot.ts';
import { commands, messageCommands } from '../../src/discord/commands.ts';
import { registerCommands } from '../../src/discord/register-commands.ts';
import type { Engine } from '../../src/engine-types.ts';
import { AppError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { fakeToken, startFakeDiscord, type FakeDiscord } from '../fake-discord/fake-discord.ts';
import { startHarness, type Harness } from './harness.ts';

let harness: Harness | undefined;
let fake: FakeDiscord | undefined;

afterEach(async () => {
  if (harness !== undefined) {
    expect(harness.fake.problems()).toEqual([]);
    expect(harness.logs.join('')).not.toContain(harness.fake.token);
  }
  await harness?.close();
  await fake?.close();
  harness = undefined;
  fake = undefined;
});

/** An engine wrapper whose `inspect` (how the bot answers) waits until `release()` is called. */
function gatedAsks(engine: Engine): { engine: Engine; release(): void; waiting(): number } {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  let waiting = 0;
  return {
    engine: {
      ask: (question) => engine.ask(question),
      async inspect(question) {
        waiting += 1;
        await gate;
        return engine.inspect(question);
      },
      info: () => engine.info(),
      reindex: () => engine.reindex(),
    },
    release: () => open(),
    waiting: () => waiting,
  };
}

describe('logging in', () => {
  test('identifies with Guilds, GuildMessages and DirectMessages only: no privileged MessageContent', async () => {
    harness = await startHarness();
    const { identifies, connections } = harness.fake.gatewayState;
    expect(identifies).toHaveLength(1);
    expect(identifies[0]!.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages);
    expect(connections).toEqual(['v=10&encoding=json']);
    expect(harness.bot.client.isReady()).toBe(true);
    expect(harness.bot.client.guilds.cache.has(harness.fake.guild.id)).toBe(true);
    expect(harness.logs.some((line) => line.includes('"discord bot ready"'))).toBe(true);
  });

  test('a rejected token fails fast with DISCORD_LOGIN_FAILED and a message that says what to do, without the token', async () => {
    fake = await startFakeDiscord();
    const badToken = fakeToken();
    const config = loadConfig({ DISCORD_TOKEN: badToken, DISCORD_API_URL: fake.apiUrl, DATA_DIR: '/tmp/ask-the-article-unused' });
    const logs: string[] = [];
    const engine = { ask: () => Promise.reject(new Error('unused')), inspect: () => Promise.reject(new Error('unused')), info: () => { throw new Error('unused'); }, reindex: () => Promise.reject(new Error('unused')) } as Engine;
    const started = performance.now();
    const error = await startBot({ config, discord: config.discord!, engine, logger: createLogger('debug', (line) => logs.push(line)) }).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DISCORD_LOGIN_FAILED');
    expect((error as AppError).message).toMatch(/^Discord rejected the bot token in DISCORD_TOKEN: .*Reset Token/);
    expect(JSON.stringify({ message: (error as Error).message, cause: String((error as Error).cause), logs })).not.toContain(badToken);
    expect(fake.refusals.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual(['GET /gateway/bot 401']);

    const registration = await registerCommands(config.discord!).catch((caught: unknown) => caught);
    expect((registration as AppError).code).toBe('DISCORD_LOGIN_FAILED');
    expect((registration as AppError).message).not.toContain(badToken);
  });

  test('a token the gateway rejects (close code 4004) fails fast with the same clear message', async () => {
    fake = await startFakeDiscord({ closeIdentifyWith: 4004 });
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: '/tmp/ask-the-article-unused' });
    const engine = { ask: () => Promise.reject(new Error('unused')), inspect: () => Promise.reject(new Error('unused')), info: () => { throw new Error('unused'); }, reindex: () => Promise.reject(new Error('unused')) } as Engine;
    const started = performance.now();
    const error = await startBot({ config, discord: config.discord!, engine, logger: createLogger('error', () => {}) }).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(2000);
    expect((error as AppError).code).toBe('DISCORD_LOGIN_FAILED');
    expect((error as AppError).message).toMatch(/^Discord rejected the bot token/);
  });
});

describe('losing the gateway for good', () => {
  test.each([
    [4014, /DisallowedIntents\): .*Privileged Gateway Intents/],
    [4004, /AuthenticationFailed\): .*DISCORD_TOKEN/],
  ])('a session Discord closes with %i settles bot.lost with DISCORD_GATEWAY_CLOSED and logs it once at error', async (code, advice) => {
    harness = await startHarness();
    let settled = false;
    void harness.bot.lost.then(() => (settled = true));
    await harness.fake.waitForSession();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    harness.fake.closeSession(code);
    const error = await harness.bot.lost;
    expect(error).toMatchObject({ name: 'AppError', code: 'DISCORD_GATEWAY_CLOSED' });
    expect(error.message).toMatch(advice);
    const lines = harness.logs.filter((line) => line.includes('gateway closed for good')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ level: 'error', code, reason: error.message })]);
  });
});

describe('registering commands', () => {
  test('registers the explicit command list in the guild, learning the application id from the token', async () => {
    harness = await startHarness();
    const { fake: discord, config } = harness;
    expect(config.discord?.applicationId).toBeNull();
    expect(discord.requests.some((request) => request.method === 'GET' && request.path === '/applications/@me')).toBe(true);
    const put = await discord.waitForRequest((request) => request.method === 'PUT');
    expect(put.path).toBe(`/applications/${discord.applicationId}/guilds/${discord.guild.id}/commands`);
    expect(put.authorization).toBe(`Bot ${discord.token}`);
    expect(put.body).toEqual([...commands, ...messageCommands].map((command) => command.definition));
    expect(discord.commands.get(discord.guild.id)?.map((command) => command.name)).toEqual(['ask', 'help', 'about', 'reindex', 'report', 'Check against the article', 'Why this answer?']);
  });

  test('registers globally when no guild is configured', async () => {
    fake = await startFakeDiscord();
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: fake.applicationId });
    const result = await registerCommands(config.discord!);
    expect(result).toEqual({ applicationId: fake.applicationId, scope: 'global', guildId: null, commands: ['/ask', '/help', '/about', '/reindex', '/report', '“Check against the article”', '“Why this answer?”'] });
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`PUT /applications/${fake.applicationId}/commands`]);
  });

  test('members do not see /reindex and /report; members with Manage Server do; nobody sees them in DMs', async () => {
    harness = await startHarness();
    expect(harness.fake.visibleCommands(harness.member())).toEqual(['ask', 'help', 'about', 'Check against the article']);
    expect(harness.fake.visibleCommands(harness.manager())).toEqual(['ask', 'help', 'about', 'reindex', 'report', 'Check against the article', 'Why this answer?']);
    expect(harness.fake.visibleCommands({ ...harness.manager(), dm: true })).toEqual(['ask', 'help', 'about', 'Check against the article']);
  });
});

describe('stopping', () => {
  test('stops taking questions, finishes the one in flight, then disconnects', async () => {
    let gate: ReturnType<typeof gatedAsks> | undefined;
    harness = await startHarness({ wrapEngine: (engine) => (gate = gatedAsks(engine)).engine });
    const { fake: discord } = harness;
    const inFlight = discord.slash('ask', { question: 'What did Ayalon call the MoU?' }, harness.member());
    await expect.poll(() => gate!.waiting()).toBe(1);
    const stopped = harness.bot.stop();

    const late = discord.slash('ask', { question: 'Who is Kenneth Roth?' }, harness.member());
    const refusal = await discord.waitForReply(late);
    expect(refusal.content).toMatch(/restarting/);
    expect(refusal.flags & 64).toBe(64);
    expect(gate!.waiting()).toBe(1);

    gate!.release();
    await stopped;
    const answer = await discord.waitForReply(inFlight);
    expect(answer.embeds[0]?.description).toContain('massive surrender');
    expect(harness.bot.client.isReady()).toBe(false);
    await expect.poll(() => discord.gatewayState.live).toBe(false);
  });

  test('gives up on questions in flight after SHUTDOWN_TIMEOUT_SECONDS', async () => {
    harness = await startHarness({
      env: { SHUTDOWN_TIMEOUT_SECONDS: '1' },
      wrapEngine: (engine) => gatedAsks(engine).engine, // never released
    });
    const stuck = harness.fake.slash('ask', { question: 'What did Ayalon call the MoU?' }, harness.member());
    await harness.fake.waitForAcknowledgement(stuck);
    const started = performance.now();
    await harness.bot.stop();
    expect(performance.now() - started).toBeGreaterThan(900);
    expect(performance.now() - started).toBeLessThan(2500);
    expect(harness.logs.some((line) => line.includes('gave up waiting for questions in flight'))).toBe(true);
  });

  test('saves feedback on the way out', async () => {
    harness = await startHarness();
    const { reply } = await harness.ask('What did Ayalon call the MoU?', harness.member());
    const voter = harness.member('voter');
    harness.fake.click(reply, reply.components[0]!.components![0]!.custom_id!, voter);
    await expect.poll(() => harness!.bot.feedback.all().length).toBe(1);
    await harness.bot.stop();
    const saved = JSON.parse(await readFile(harness.bot.feedback.file, 'utf8')) as { records: { userId: string; vote: string }[] };
    expect(saved.records).toMatchObject([{ userId: voter.user.id, vote: 'up' }]);
  });
});
