import { once } from 'node:events';
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  Partials,
  PermissionFlagsBits,
  Routes,
  type ChatInputCommandInteraction,
  type Message,
} from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import { fakeToken, startFakeDiscord, type FakeDiscord } from '../fake-discord/fake-discord.ts';
import { MANAGER_PERMISSIONS } from '../fake-discord/payloads.ts';

// These tests check the fake itself: that it refuses what Discord refuses, so that a
// bot test passing against it means something. They drive a bare discord.js client.

let fake: FakeDiscord;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake?.close();
});

async function connect(intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds]): Promise<Client> {
  client = new Client({ intents, partials: [Partials.Channel], rest: { api: fake.apiUrl } });
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  await client.rest.put(Routes.applicationGuildCommands(fake.applicationId, fake.guild.id), {
    body: [
      { name: 'ping', description: 'Ping' },
      { name: 'admin', description: 'For managers', default_member_permissions: PermissionFlagsBits.ManageGuild.toString() },
    ],
  });
  return client;
}

function nextInteraction(bot: Client): Promise<ChatInputCommandInteraction> {
  return new Promise((resolve) => bot.once(Events.InteractionCreate, (interaction) => resolve(interaction as ChatInputCommandInteraction)));
}

describe('the fake Discord', () => {
  test('answers 401 without the bot token on bot routes, and authorises webhook routes by their token', async () => {
    fake = await startFakeDiscord();
    const get = (authorization?: string) =>
      fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: authorization === undefined ? {} : { authorization } });
    expect((await get()).status).toBe(401);
    expect((await get(`Bot ${fakeToken()}`)).status).toBe(401);
    const good = await get(`Bot ${fake.token}`);
    expect(good.status).toBe(200);
    expect(good.headers.get('content-type')).toBe('application/json');
    expect(await good.json()).toMatchObject({ url: fake.gatewayUrl, shards: 1 });
    // No Authorization needed on a webhook route: an unknown token is a 404, not a 401.
    expect((await fetch(`${fake.apiUrl}/v10/webhooks/${fake.applicationId}/nope/messages/%40original`, { method: 'PATCH', body: '{}' })).status).toBe(404);
  });

  test('refuses a first response after the deadline', async () => {
    fake = await startFakeDiscord({ interactionDeadlineMs: 150 });
    const bot = await connect();
    const arrived = nextInteraction(bot);
    fake.slash('ping', {}, { user: fake.user('late') });
    const interaction = await arrived;
    await new Promise((resolve) => setTimeout(resolve, 250));
    const error = await interaction.deferReply().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(10062);
    expect(fake.problems().join('\n')).toMatch(/first response \d+ ms after the interaction \(limit 150 ms\)/);
  });

  test('accepts one acknowledgement per interaction', async () => {
    fake = await startFakeDiscord();
    const bot = await connect();
    const arrived = nextInteraction(bot);
    fake.slash('ping', {}, { user: fake.user('twice') });
    const interaction = await arrived;
    const callback = () => bot.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 5 }, auth: false });
    await callback();
    const error = await callback().catch((caught: unknown) => caught);
    expect((error as DiscordAPIError).code).toBe(40060);
    expect(fake.refusals).toHaveLength(1);
  });

  test('refuses messages over Discord’s limits, and an edit before any acknowledgement', async () => {
    fake = await startFakeDiscord();
    const bot = await connect();
    const arrived = nextInteraction(bot);
    const sent = fake.slash('ping', {}, { user: fake.user('wordy') });
    const interaction = await arrived;
    const status = (promise: Promise<unknown>) => promise.then(() => 200, (error: DiscordAPIError) => error.status);
    const edit = (body: unknown) =>
      bot.rest.patch(Routes.webhookMessage(fake.applicationId, interaction.token, '@original'), { body, auth: false });
    expect(await status(edit({ content: 'too early' }))).toBe(404);
    await interaction.deferReply();
    expect(await status(edit({ content: 'x'.repeat(2001) }))).toBe(400);
    expect(await status(edit({ embeds: [{ description: 'x'.repeat(4097) }] }))).toBe(400);
    expect(await status(edit({ embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }] }))).toBe(400);
    expect(await status(edit({ embeds: [{ title: 't'.repeat(257), description: 'ok' }] }))).toBe(400);
    expect(await status(edit({ content: 'x'.repeat(2000) }))).toBe(200);
    expect(fake.refusals.map((request) => request.refusal)).toEqual([
      'the interaction has not been acknowledged yet',
      'content: must be 2000 or fewer in length (got 2001)',
      'embeds.0.description: must be 4096 or fewer in length (got 4097)',
      'embeds: 6001 characters in total, more than 6000',
      'embeds.0.title: must be 256 or fewer in length (got 257)',
    ]);
    expect((await fake.waitForReply(sent)).content).toHaveLength(2000);
  });

  test('hides a command with default_member_permissions from members without them', async () => {
    fake = await startFakeDiscord();
    await connect();
    const member = { user: fake.user('member') };
    const manager = { user: fake.user('manager'), permissions: MANAGER_PERMISSIONS };
    expect(fake.visibleCommands(member)).toEqual(['ping']);
    expect(fake.visibleCommands(manager)).toEqual(['ping', 'admin']);
    expect(() => fake.slash('admin', {}, member)).toThrow(/hidden/);
    fake.allowCommand('admin', member.user.id);
    expect(fake.visibleCommands(member)).toEqual(['ping', 'admin']);
  });

  test('withholds message content from a bot without MessageContent unless it is mentioned or in a DM', async () => {
    fake = await startFakeDiscord();
    const bot = await connect([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages]);
    const seen: Message[] = [];
    bot.on(Events.MessageCreate, (message) => seen.push(message));
    const user = { user: fake.user('chatty') };
    fake.say('hello channel', user);
    fake.say(`<@${fake.bot.id}> hello bot`, user);
    fake.say('hello in private', { ...user, dm: true });
    await expect.poll(() => seen.length).toBe(3);
    expect(seen.map((message) => message.content)).toEqual(['', `<@${fake.bot.id}> hello bot`, 'hello in private']);
  });

  test('refuses privileged intents the application has not been granted', async () => {
    fake = await startFakeDiscord();
    client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent], rest: { api: fake.apiUrl } });
    const closed = once(client, Events.ShardDisconnect);
    void client.login(fake.token).catch(() => undefined);
    const [event] = (await closed) as [{ code: number }];
    expect(event.code).toBe(4014);
  });
});
