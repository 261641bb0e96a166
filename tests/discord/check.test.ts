import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { MAX_QUESTION_CHARS } from '../../src/core/question.ts';
import type { Engine } from '../../src/engine-types.ts';
import type { FakeMessage } from '../fake-discord/fake-discord.ts';
import { ARTICLE_PATH } from './harness.ts';
import { useHarness } from './use-harness.ts';

const CHECK = 'Check against the article';
const EPHEMERAL = 64;

// The claims the engine was asked to check, in order.
const inspected: string[] = [];
function recordQuestions(engine: Engine): Engine {
  return {
    ask: (question) => engine.ask(question),
    inspect: (question) => {
      inspected.push(question);
      return engine.inspect(question);
    },
    info: () => engine.info(),
    reindex: (options) => engine.reindex(options),
  };
}

const h = useHarness({ wrapEngine: recordQuestions });

/** Quoted lines of an embed description, unescaped. */
function quotes(message: FakeMessage): string[] {
  return [...(message.embeds[0]?.description ?? '').matchAll(/^> (.*)$/gm)].map((match) => match[1]!.replace(/\\(.)/g, '$1'));
}

function shareButton(message: FakeMessage): string {
  const id = message.components[0]?.components?.find((component) => component.label === 'Share in channel')?.custom_id;
  if (id === undefined) throw new Error('no Share button');
  return id;
}

describe('"Check against the article"', () => {
  test('is offered to every member in the message menu, beside "Why this answer?" for moderators only', () => {
    expect(h.fake.visibleCommands(h.member())).toContain(CHECK);
    expect(h.fake.visibleCommands(h.member())).not.toContain('Why this answer?');
    expect(h.fake.visibleCommands(h.manager())).toEqual(expect.arrayContaining([CHECK, 'Why this answer?']));
  });

  test('shows the member alone what the article says on a claim, verbatim and cited, with a verdict that is not true/false', async () => {
    const claim = h.fake.say('Ayalon called the new MoU with Iran a massive surrender.', h.member('claimant'));
    const interaction = h.fake.messageCommand(CHECK, claim, h.member('checker'));
    const reply = await h.fake.waitForReply(interaction);
    expect(interaction.acknowledgement!.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(inspected.at(-1)).toBe('Ayalon called the new MoU with Iran a massive surrender.');
    const embed = reply.embeds[0]!;
    expect(embed.title).toBe('Checked: “Ayalon called the new MoU with Iran a massive surrender.”');
    expect(embed.description).toMatch(/^\*\*The article (addresses|only touches on) this\.\*\*\n\*What the article says, quoted word for word\. It does not rate the message true or false\.\*/);
    expect(embed.description!.replace('It does not rate the message true or false.', '')).not.toMatch(/\b(true|false)\b/i);
    const article = await readFile(ARTICLE_PATH, 'utf8');
    expect(quotes(reply).length).toBeGreaterThan(0);
    for (const quote of quotes(reply)) expect(article).toContain(quote);
    expect(quotes(reply).join(' ')).toContain('massive surrender');
    expect(embed.description).toMatch(/\*\*\[1\]\*\* ¶\d+/);
    expect(reply.lastBody?.allowed_mentions).toMatchObject({ parse: [] });
    expect(shareButton(reply)).toMatch(/^answer:share:/);
  });

  test('says the article does not mention a claim it has nothing on', async () => {
    const claim = h.fake.say('The Boston Celtics won the NBA finals last year.', h.member());
    const reply = await h.fake.waitForReply(h.fake.messageCommand(CHECK, claim, h.member()));
    expect(reply.embeds[0]?.description).toMatch(/^\*\*The article does not mention this\.\*\*/);
    expect(quotes(reply)).toEqual([]);
  });

  test('Share in channel posts the same check for everyone, without pinging anyone', async () => {
    const claim = h.fake.say('<@123456789012345678> says Foreign Affairs wants a symmetric approach @everyone', h.member());
    const check = await h.fake.waitForReply(h.fake.messageCommand(CHECK, claim, h.member('sharer')));
    const share = h.fake.click(check, shareButton(check), h.member('sharer'));
    const shared = await h.fake.waitForReply(share);
    expect(share.acknowledgement!.body.type).toBe(4);
    expect(shared.flags & EPHEMERAL).toBe(0);
    expect(shared.embeds).toEqual(check.embeds);
    expect(shared.components).toEqual([]);
    expect(shared.lastBody?.allowed_mentions).toMatchObject({ parse: [] });
    // The claim's mentions are shown as text, not as mentions.
    expect(shared.embeds[0]?.title).toContain('\\<@123456789012345678>');
    expect(shared.embeds[0]?.title).toContain('\\@everyone');
  });

  test('a message with no text (an embed or image only) gets a clear reply and is not put to the engine', async () => {
    const before = inspected.length;
    const embedOnly = h.fake.say('', h.member());
    embedOnly.embeds = [{ title: 'A link preview', description: 'Some page' }];
    const interaction = h.fake.messageCommand(CHECK, embedOnly, h.member());
    const reply = await h.fake.waitForReply(interaction);
    expect(interaction.acknowledgement!.body.type).toBe(4);
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/^That message has no text to check/);
    expect(inspected.length).toBe(before);
  });

  test('a long message is checked up to the question limit, cut after a whole sentence', async () => {
    const sentence = 'Kenneth Roth wrote in The Guardian that a generational shift is changing the relationship. ';
    const long = sentence.repeat(Math.ceil((MAX_QUESTION_CHARS * 1.5) / sentence.length));
    expect(long.length).toBeGreaterThan(MAX_QUESTION_CHARS);
    const reply = await h.fake.waitForReply(h.fake.messageCommand(CHECK, h.fake.say(long, h.member()), h.member()));
    const claim = inspected.at(-1)!;
    expect(claim.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(claim.length).toBeGreaterThan(MAX_QUESTION_CHARS - sentence.length);
    expect(claim.endsWith('relationship.')).toBe(true);
    expect(reply.embeds[0]?.title?.length).toBeLessThanOrEqual(256);
    expect(reply.embeds[0]?.description).toMatch(/^\*\*The article (addresses|only touches on) this\.\*\*/);
  });

  test('works in a DM with the bot too', async () => {
    const member = { user: h.fake.user('dm-member'), dm: true };
    const claim = h.fake.say('Foreign Affairs analysts suggest a symmetric approach.', member);
    const reply = await h.fake.waitForReply(h.fake.messageCommand(CHECK, claim, member));
    expect(quotes(reply).join(' ')).toContain('symmetric');
  });
});
