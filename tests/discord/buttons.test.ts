import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { FeedbackRecord } from '../../src/discord/feedback-store.ts';
import type { FakeMessage } from '../fake-discord/fake-discord.ts';
import { ARTICLE_PATH } from './harness.ts';
import { useHarness } from './use-harness.ts';

const h = useHarness();

function button(message: FakeMessage, action: 'up' | 'down' | 'more'): string {
  const id = message.components[0]?.components?.find((candidate) => candidate.custom_id?.startsWith(`answer:${action}:`))?.custom_id;
  if (id === undefined) throw new Error(`no ${action} button`);
  return id;
}

async function savedFeedback(): Promise<FeedbackRecord[]> {
  await h.bot.feedback.flush();
  return (JSON.parse(await readFile(h.bot.feedback.file, 'utf8')) as { records: FeedbackRecord[] }).records;
}

describe('feedback buttons', () => {
  test('keep one vote per user per answer, changeable, on disk', async () => {
    const { reply } = await h.ask('What did Ayalon call the MoU?', h.member());
    const alice = h.member('alice');
    const bob = h.member('bob');

    const first = await h.fake.waitForReply(h.fake.click(reply, button(reply, 'up'), alice));
    expect(first.flags & 64).toBe(64);
    expect(first.content).toMatch(/your 👍 is recorded/);
    const changed = await h.fake.waitForReply(h.fake.click(reply, button(reply, 'down'), alice));
    expect(changed.content).toMatch(/now 👎/);
    const again = await h.fake.waitForReply(h.fake.click(reply, button(reply, 'down'), alice));
    expect(again.content).toMatch(/already recorded/);
    await h.fake.waitForReply(h.fake.click(reply, button(reply, 'up'), bob));

    const records = await savedFeedback();
    const answerId = button(reply, 'up').split(':')[2];
    expect(records).toHaveLength(2);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ answerId, userId: alice.user.id, vote: 'down', messageId: reply.id, question: 'What did Ayalon call the MoU?', indexVersion: h.engine.info().version }),
        expect.objectContaining({ answerId, userId: bob.user.id, vote: 'up' }),
      ]),
    );
    const article = await readFile(ARTICLE_PATH, 'utf8');
    const cited = records[0]!.citations[0]!;
    expect(article.slice(cited.start, cited.end)).toContain('massive surrender');
    // Written atomically: no temp file is left beside it.
    expect((await readdir(path.dirname(h.bot.feedback.file))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('votes on different answers are different records', async () => {
    const voter = h.member('voter');
    const one = await h.ask('Who is Kenneth Roth?', h.member());
    const two = await h.ask('What does the IAEA report?', h.member());
    await h.fake.waitForReply(h.fake.click(one.reply, button(one.reply, 'up'), voter));
    await h.fake.waitForReply(h.fake.click(two.reply, button(two.reply, 'up'), voter));
    expect((await savedFeedback()).filter((record) => record.userId === voter.user.id)).toHaveLength(2);
  });

  test('votes on a closest passage and on a "does not say" are recorded like any other', async () => {
    const voter = h.member('critic');
    const closest = await h.ask('How many people did Danny Ayalon tell about the massive surrender?', h.member());
    const declined = await h.ask('Which team won the NBA finals last year?', h.member());
    expect(closest.reply.embeds[0]?.description).toMatch(/may not answer this directly/);
    expect(declined.reply.content).toMatch(/^The article does not say\./);
    await h.fake.waitForReply(h.fake.click(closest.reply, button(closest.reply, 'down'), voter));
    await h.fake.waitForReply(h.fake.click(declined.reply, button(declined.reply, 'down'), voter));
    const records = (await savedFeedback()).filter((record) => record.userId === voter.user.id);
    expect(records.map((record) => [record.question, record.vote, record.citations.length > 0])).toEqual([
      ['How many people did Danny Ayalon tell about the massive surrender?', 'down', true],
      ['Which team won the NBA finals last year?', 'down', false],
    ]);
  });
});

describe('"More from the article"', () => {
  test('shows further verbatim passages to the clicker only', async () => {
    const { reply } = await h.ask('What does Foreign Affairs suggest?', h.member());
    const more = await h.fake.waitForReply(h.fake.click(reply, button(reply, 'more'), h.member()));
    expect(more.flags & 64).toBe(64);
    expect(more.embeds[0]?.title).toBe('More from the article');
    const article = await readFile(ARTICLE_PATH, 'utf8');
    const quotes = [...(more.embeds[0]?.description ?? '').matchAll(/^> (.*)$/gm)].map((match) => match[1]!.replace(/\\(.)/g, '$1'));
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes) expect(article).toContain(quote);
    const answerQuotes = [...(reply.embeds[0]?.description ?? '').matchAll(/^> (.*)$/gm)].map((match) => match[1]!.replace(/\\(.)/g, '$1'));
    for (const quote of quotes) expect(answerQuotes).not.toContain(quote);
    expect(more.embeds[0]?.description).toMatch(/\*\*\[\d\]\*\* ¶\d+/);
  });

  test('an answer the bot no longer remembers gets a polite ephemeral note', async () => {
    const { reply } = await h.ask('Who is Kenneth Roth?', h.member());
    const forgotten: FakeMessage = {
      ...reply,
      id: reply.id,
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'More from the article', custom_id: 'answer:more:forgotten' }] }],
    };
    h.fake.messages.set(reply.id, forgotten);
    const note = await h.fake.waitForReply(h.fake.click(forgotten, 'answer:more:forgotten', h.member()));
    expect(note.flags & 64).toBe(64);
    expect(note.content).toMatch(/no longer remember that answer/);
  });
});
