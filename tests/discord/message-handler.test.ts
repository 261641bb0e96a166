import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { questionIn } from '../../src/discord/message-handler.ts';
import { ARTICLE_PATH } from './harness.ts';
import { useHarness } from './use-harness.ts';

const h = useHarness();
let article: string;

beforeAll(async () => {
  article = await readFile(ARTICLE_PATH, 'utf8');
});

/** Bot messages posted to channels so far (replies to mentions and DMs). */
function channelPosts(): number {
  return h.fake.requests.filter((request) => request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path)).length;
}

describe('mentions and DMs', () => {
  test('replies to a message that mentions it, quoting the article, and pings nobody', async () => {
    const asked = h.fake.say(`<@${h.fake.bot.id}> What did Ayalon call the MoU?`, h.member());
    const reply = await h.fake.waitForReplyTo(asked);
    expect(reply.channel_id).toBe(h.fake.guild.channelId);
    const quote = /^> (.*)$/m.exec(reply.embeds[0]?.description ?? '')?.[1]?.replace(/\\(.)/g, '$1');
    expect(quote).toContain('massive surrender');
    expect(article).toContain(quote);
    expect(reply.lastBody?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply.lastBody?.message_reference).toMatchObject({ message_id: asked.id });
  });

  test('replies to a direct message', async () => {
    const asked = h.fake.say('Who is Kenneth Roth writing for?', { ...h.member(), dm: true });
    const reply = await h.fake.waitForReplyTo(asked);
    expect(reply.guild_id).toBeUndefined();
    expect(reply.embeds[0]?.description).toContain('The Guardian');
  });

  test('ignores messages without a mention, and messages from bots, including its own echoed replies', async () => {
    const before = channelPosts();
    const quiet = h.fake.say('What did Ayalon call the MoU?', h.member());
    const otherBot = h.fake.say(`<@${h.fake.bot.id}> What did Ayalon call the MoU?`, { user: h.fake.user('other-bot', { bot: true }) });
    const botDm = h.fake.say('What did Ayalon call the MoU?', { user: h.fake.user('dm-bot', { bot: true }), dm: true });
    // Events are handled in order: once this one is answered, the ones before had their chance.
    const marker = h.fake.say(`<@${h.fake.bot.id}> Who is Kenneth Roth?`, h.member());
    await h.fake.waitForReplyTo(marker);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(channelPosts()).toBe(before + 1);
    for (const ignored of [quiet, otherBot, botDm]) {
      expect([...h.fake.messages.values()].some((message) => message.message_reference?.message_id === ignored.id)).toBe(false);
    }
  });

  test('an @everyone in a mentioned question pings nobody', async () => {
    const asked = h.fake.say(`<@${h.fake.bot.id}> @everyone what does the IAEA report?`, h.member());
    const reply = await h.fake.waitForReplyTo(asked);
    expect(reply.lastBody?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply.embeds[0]?.title).toBe('\\@everyone what does the IAEA report?');
  });

  test('a mention with no question gets the engine’s one-line request for one', async () => {
    const asked = h.fake.say(`<@${h.fake.bot.id}>`, h.member());
    const reply = await h.fake.waitForReplyTo(asked);
    expect(reply.embeds).toEqual([]);
    expect(reply.content.length).toBeGreaterThan(0);
  });
});

test('questionIn strips the bot’s mentions and spacing', () => {
  expect(questionIn('<@123> what  now?', '123')).toBe('what now?');
  expect(questionIn('so <@!123>, why?', '123')).toBe('so , why?');
  expect(questionIn('<@456> hi', '123')).toBe('<@456> hi');
});
