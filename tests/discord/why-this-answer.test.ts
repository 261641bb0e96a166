import { describe, expect, test } from 'vitest';
import type { FakeMessage } from '../fake-discord/fake-discord.ts';
import { useHarness } from './use-harness.ts';

const WHY = 'Why this answer?';
const EPHEMERAL = 64;
const KEPT = 3;

const h = useHarness({ env: { PROVENANCE_MAX_REPLIES: String(KEPT), PROVENANCE_MAX_AGE_HOURS: '1' } });

/**
 * Waits until the bot logged `count` lines of `event`: it keeps a reply's provenance once
 * Discord confirmed the message, which can be just after the fake shows it to the test.
 */
async function logged(event: string, count: number): Promise<void> {
  const seen = () => h.logs.filter((line) => line.includes(`"event":"${event}"`)).length;
  for (let waited = 0; seen() < count; waited += 10) {
    if (waited > 4000) throw new Error(`no ${count} ${event} log lines`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function count(event: string): number {
  return h.logs.filter((line) => line.includes(`"event":"${event}"`)).length;
}

/** `/ask`, once the bot is done with the question (its log line written). */
async function ask(question: string): Promise<{ reply: FakeMessage }> {
  const before = count('question');
  const asked = await h.ask(question, h.member());
  await logged('question', before + 1);
  return asked;
}

async function why(target: FakeMessage): Promise<FakeMessage> {
  const interaction = h.fake.messageCommand(WHY, target, h.manager());
  const reply = await h.fake.waitForReply(interaction);
  expect(interaction.acknowledgement!.body.type).toBe(4);
  expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
  expect(reply.lastBody?.allowed_mentions).toMatchObject({ parse: [] });
  return reply;
}

describe('"Why this answer?"', () => {
  test('shows a moderator the outcome, the evidence, the top candidates with scores, the index and model', async () => {
    const { reply } = await ask('What did Ayalon call the MoU?');
    const shown = await why(reply);
    const embed = shown.embeds[0]!;
    const info = h.engine.info();
    expect(embed.title).toBe(WHY);
    expect(embed.description).toContain('**Question** What did Ayalon call the MoU?');
    expect(embed.description).toMatch(/\*\*Outcome\*\* (answered|closest) \(confidence 0\.\d\d\)/);
    expect(embed.description).toMatch(/\*\*Reason\*\* (none: the confidence reached the answer threshold|`[a-z-]+`: .+)/);
    expect(embed.description).toMatch(/\*\*Evidence\*\* \(of the best candidate\)\ntopShare \d/);
    expect(embed.description).toMatch(/margin -?\d.* · dense \d/);
    const candidates = [...embed.description!.matchAll(/^\d\. ¶\d+.*: score -?\d+\.\d\d, similarity -?\d\.\d\d, terms \d+% \(with context \d+%\), answer kind [a-z-]+$/gm)];
    expect(candidates).toHaveLength(5);
    expect(embed.description).toContain('massive surrender');
    expect(embed.description).toContain(`**Index** \`${info.version}\``);
    expect(embed.description).toContain(`model \`${info.modelId}\``);
    expect(embed.description).toContain(`**Since then** unchanged: still serving \`${info.version}\`.`);
  });

  test('explains a "does not say" with its reason code', async () => {
    const { reply } = await ask('Which team won the NBA finals last year?');
    const embed = (await why(reply)).embeds[0]!;
    expect(embed.description).toMatch(/\*\*Outcome\*\* declined/);
    expect(embed.description).toMatch(/\*\*Reason\*\* `(off-topic|unknown-name|unknown-terms)`/);
  });

  test('works on an answer to a mention and on a shared check', async () => {
    const questions = count('question');
    const mention = h.fake.say(`<@${h.fake.bot.id}> who is Kenneth Roth?`, h.member());
    const answer = await h.fake.waitForReplyTo(mention);
    await logged('question', questions + 1);
    expect((await why(answer)).embeds[0]?.description).toContain('**Question** who is Kenneth Roth?');

    const claim = h.fake.say('Foreign Affairs wants a symmetric approach.', h.member());
    const check = await h.fake.waitForReply(h.fake.messageCommand('Check against the article', claim, h.member()));
    const shareId = check.components[0]!.components![0]!.custom_id!;
    const shared = await h.fake.waitForReply(h.fake.click(check, shareId, h.member()));
    await logged('share', 1);
    expect((await why(shared)).embeds[0]?.description).toContain('**Question** Foreign Affairs wants a symmetric approach.');
  });

  test('is refused at run time to a member the server let see it without Manage Server or a moderator role', async () => {
    const { reply } = await ask('What does the IAEA report?');
    const member = h.member();
    expect(() => h.fake.messageCommand(WHY, reply, member)).toThrow(/hidden/);
    h.fake.allowCommand(WHY, member.user.id);
    const refusal = await h.fake.waitForReply(h.fake.messageCommand(WHY, reply, member));
    expect(refusal.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refusal.content).toMatch(/^Sorry, only moderators can see why I replied/);
    expect(refusal.embeds).toEqual([]);
  });

  test('a moderator role is enough, once the server opened the command to it', async () => {
    const { reply } = await ask('What does the IAEA report?');
    const moderator = { user: h.fake.user('role-moderator'), roles: [h.fake.guild.moderatorRoleId] };
    h.fake.allowCommand(WHY, moderator.user.id);
    const shown = await h.fake.waitForReply(h.fake.messageCommand(WHY, reply, moderator));
    expect(shown.embeds[0]?.title).toBe(WHY);
  });

  test('says so on a message that is not the bot’s', async () => {
    const shown = await why(h.fake.say('What about this?', h.member()));
    expect(shown.content).toMatch(/^That message is not one of my replies/);
  });

  test(`forgets all but the last ${KEPT} replies, and says so clearly`, async () => {
    const first = await ask('Who is Kenneth Roth?');
    for (let i = 0; i < KEPT; i += 1) await ask('What does Foreign Affairs suggest?');
    const shown = await why(first.reply);
    expect(shown.content).toMatch(/^I no longer remember how I made that reply\. I keep the evidence of my last 3 replies for 1 hours/);
  });
});
