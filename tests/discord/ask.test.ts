import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../../src/engine-types.ts';
import type { FakeMessage } from '../fake-discord/fake-discord.ts';
import { ARTICLE_PATH, startHarness, type Harness } from './harness.ts';
import { useHarness } from './use-harness.ts';

/** A second document whose text is full of things that must not ping or format. */
const NOTES = [
  'Moderator notes',
  'The moderators told @everyone and <@&123456789012345678> that the **ceasefire memo** was leaked by _anonymous_ sources in Vienna.',
  '',
].join('\n');

const h = useHarness({ corpus: { 'notes.txt': NOTES }, env: { MAX_CONCURRENT_ANSWERS: '2' }, wrapEngine: countConcurrency });
let article: string;
let peakAsks = 0;

/** Counts how many questions the engine answers at the same time. */
function countConcurrency(engine: Engine): Engine {
  let asking = 0;
  return {
    ask: (question) => engine.ask(question),
    // The bot answers with `inspect`, which also returns the evidence for "Why this answer?".
    async inspect(question) {
      asking += 1;
      peakAsks = Math.max(peakAsks, asking);
      try {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return await engine.inspect(question);
      } finally {
        asking -= 1;
      }
    },
    info: () => engine.info(),
    reindex: () => engine.reindex(),
  };
}

beforeAll(async () => {
  article = await readFile(ARTICLE_PATH, 'utf8');
});

/** The block quotes of an answer embed, unescaped, in order. */
function quotesOf(reply: FakeMessage): string[] {
  const description = reply.embeds[0]?.description ?? '';
  return [...description.matchAll(/^> (.*)$/gm)].map((match) => match[1]!.replace(/\\(.)/g, '$1'));
}

describe('/ask', () => {
  test('defers within the deadline, then edits in a verbatim quote with its citation, footer and buttons', async () => {
    const { interaction, reply } = await h.ask('What did Ayalon call the MoU?', h.member());
    const ack = interaction.acknowledgement!;
    expect(ack.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(ack.at - interaction.dispatchedAt).toBeLessThan(3000);
    expect(interaction.edits).toHaveLength(1);
    expect(interaction.edits[0]!.at).toBeGreaterThanOrEqual(ack.at);

    const [quote] = quotesOf(reply);
    expect(quote).toContain('“massive surrender,”');
    expect(article).toContain(quote);
    const embed = reply.embeds[0]!;
    expect(embed.description).toMatch(/\n\*\*\[1\]\*\* ¶\d+/);
    const info = h.engine.info();
    const title = info.documents.find((doc) => doc.id === 'article')!.title;
    expect(embed.footer?.text).toBe(`${title} · index ${info.version}`);
    expect(reply.components[0]?.components?.map((button) => button.label ?? (button.emoji as { name: string }).name)).toEqual([
      '👍',
      '👎',
      'More from the article',
      'Ask a follow-up',
    ]);
    expect(reply.flags & 64).toBe(0);
  });

  test('cites paragraph and section as "¶N · Section"', async () => {
    const { reply } = await h.ask('Who is Kenneth Roth writing for?', h.member());
    const [quote] = quotesOf(reply);
    expect(quote).toMatch(/^Kenneth Roth, writing for The Guardian/);
    const start = article.indexOf(quote!);
    const paragraph = article.slice(0, start).split('\n').filter((line) => line.length > 90).length + 1;
    expect(reply.embeds[0]!.description).toContain(`**[1]** ¶${paragraph} · How this deal alters the U.S.-Israel strategic bond`);
  });

  test('private:true makes both the deferral and the answer ephemeral', async () => {
    const { interaction, reply } = await h.ask('What does Foreign Affairs suggest?', h.member(), { private: true });
    expect(interaction.acknowledgement!.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(reply.flags & 64).toBe(64);
    expect(quotesOf(reply)[0]).toMatch(/Foreign Affairs suggest a “symmetric” approach/);
  });

  test('works in a DM with the bot too', async () => {
    const { interaction, reply } = await h.ask('What does the IAEA report?', { ...h.member(), dm: true });
    expect(interaction.guildId).toBeUndefined();
    expect(quotesOf(reply)[0]).toContain('International Atomic Energy Agency');
  });

  test('a question about something else entirely gets one plain line, not a guess, with feedback buttons', async () => {
    const { reply } = await h.ask('What is the weather like in Paris today?', h.member());
    expect(reply.embeds).toEqual([]);
    expect(reply.content).toMatch(/^The article does not say\./);
    expect(reply.content).not.toContain('\n');
    expect(reply.components[0]?.components?.map((button) => button.custom_id?.split(':')[1])).toEqual(['up', 'down', 'more', 'follow']);
  });

  test('a related question the article may not answer shows the closest passage, marked as such, with the buttons', async () => {
    const { reply } = await h.ask('How many people did Danny Ayalon tell about the massive surrender?', h.member());
    const embed = reply.embeds[0];
    expect(embed?.description?.split('\n')[0]).toMatch(/may not answer this directly/);
    const [quote] = quotesOf(reply);
    expect(quote).toContain('massive surrender');
    expect(article).toContain(quote);
    expect(reply.components[0]?.components?.map((button) => button.custom_id?.split(':')[1])).toEqual(['up', 'down', 'more', 'follow']);
  });

  test('an unusable question gets the engine’s sentence', async () => {
    const { reply } = await h.ask('???', h.member());
    expect(reply.embeds).toEqual([]);
    expect(reply.content.length).toBeGreaterThan(0);
    expect(reply.content).not.toContain('\n');
  });

  test('@everyone and role mentions in a question or a quote ping nobody and show as text', async () => {
    const { reply } = await h.ask('@everyone <@&123456789012345678> who leaked the ceasefire memo in Vienna?', h.member());
    const description = reply.embeds[0]?.description ?? '';
    expect(description).toContain('\\@everyone');
    expect(description).toContain('\\<@&123456789012345678>');
    expect(description).toContain('\\*\\*ceasefire memo\\*\\*');
    expect(quotesOf(reply)[0]).toBe(NOTES.split('\n')[1]);
    expect(reply.embeds[0]?.title).toContain('\\@everyone');
    const bodies = h.messageBodies();
    expect(bodies.length).toBeGreaterThan(0);
    for (const { body } of bodies) expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  test('answers at most MAX_CONCURRENT_ANSWERS questions at once; the others wait their turn', async () => {
    peakAsks = 0;
    const questions = ['Who is Kenneth Roth?', 'What does the IAEA report?', 'What did Ayalon call the MoU?', 'What is the Axis of Resistance?', 'What does Foreign Affairs suggest?', 'What did the JCPOA do?'];
    const interactions = questions.map((question) => h.fake.slash('ask', { question }, h.member()));
    const replies = await Promise.all(interactions.map((interaction) => h.fake.waitForReply(interaction)));
    expect(replies).toHaveLength(6);
    expect(peakAsks).toBe(2);
  });

  test('writes one log line per question, without its text at info level', async () => {
    const asker = h.member('logged');
    await h.ask('Who is Kenneth Roth?', asker);
    await expect.poll(() => h.logs.filter((line) => line.includes(asker.user.id) && line.includes('"event":"question"')).length).toBe(1);
    const line = JSON.parse(h.logs.find((candidate) => candidate.includes(asker.user.id) && candidate.includes('"event":"question"'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', msg: 'question answered', outcome: 'answered', via: 'slash', guildId: h.fake.guild.id });
    expect(typeof line.latencyMs).toBe('number');
    expect(JSON.stringify(line)).not.toContain('Kenneth');
  });
});

describe('/help and /about', () => {
  test('/help explains how to ask, with examples from the article’s sections', async () => {
    const interaction = h.fake.slash('help', {}, h.member());
    const reply = await h.fake.waitForReply(interaction);
    expect(interaction.acknowledgement!.body.type).toBe(4);
    expect(reply.flags & 64).toBe(64);
    const description = reply.embeds[0]?.description ?? '';
    expect(description).toContain('/ask');
    for (const section of h.engine.info().documents[0]!.sections.slice(0, 2)) expect(description).toContain(section.slice(1));
  });

  test('/about lists the documents, sections, chunk count, model and build time', async () => {
    const reply = await h.fake.waitForReply(h.fake.slash('about', {}, h.member()));
    const description = reply.embeds[0]?.description ?? '';
    const info = h.engine.info();
    for (const doc of info.documents) expect(description).toContain(doc.title.split(' ').slice(0, 3).join(' '));
    expect(description).toContain('How this deal alters the U.S.-Israel strategic bond');
    expect(description).toContain(`${info.chunks} chunks`);
    expect(description).toContain(info.modelId);
    expect(description).toContain(`<t:${Math.floor(Date.parse(info.builtAt) / 1000)}:f>`);
    expect(path.basename(h.config.corpusDir)).toBe('corpus');
  });
});

describe('cooldown', () => {
  let slow: Harness;
  beforeAll(async () => {
    slow = await startHarness({ env: { ASK_COOLDOWN_SECONDS: '30' } });
  });
  afterAll(async () => {
    expect(slow.fake.problems()).toEqual([]);
    await slow?.close();
  });

  test('a second question within the cooldown gets an ephemeral "try again in N s", without deferring', async () => {
    const asker = slow.member();
    await slow.ask('What did Ayalon call the MoU?', asker);
    const again = slow.fake.slash('ask', { question: 'Who is Kenneth Roth?' }, asker);
    const reply = await slow.fake.waitForReply(again);
    expect(again.acknowledgement!.body.type).toBe(4);
    expect(reply.flags & 64).toBe(64);
    expect(reply.content).toMatch(/try again in (29|30) s/);

    const mention = slow.fake.say(`<@${slow.fake.bot.id}> and now?`, asker);
    expect((await slow.fake.waitForReplyTo(mention)).content).toMatch(/try again in \d+ s/);

    const other = await slow.ask('Who is Kenneth Roth?', slow.member());
    expect(other.reply.embeds).toHaveLength(1);
  });
});
