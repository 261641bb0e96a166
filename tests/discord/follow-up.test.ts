import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { FakeMessage } from '../fake-discord/fake-discord.ts';
import { submitModal } from '../fake-discord/typing-and-forms.ts';
import { ROOT } from '../helpers/temp-app.ts';
import { useHarness } from './use-harness.ts';

// The suite's port-strike article beside the bundled one.
const strike = await readFile(path.join(ROOT, 'eval', 'suite', 'port-strike', 'port-strike.txt'), 'utf8');
const h = useHarness({ corpus: { 'port-strike.txt': strike } });

function followButton(message: FakeMessage): string {
  const id = message.components[0]?.components?.find((candidate) => candidate.custom_id?.startsWith('answer:follow:'))?.custom_id;
  if (id === undefined) throw new Error('no follow-up button');
  return id;
}

function firstQuote(reply: FakeMessage): string {
  return /^> (.*)$/m.exec(reply.embeds[0]?.description ?? '')?.[1]?.replace(/\\(.)/g, '$1') ?? '';
}

describe('follow-ups', () => {
  test('"Ask a follow-up" opens a one-field form; the follow-up is answered in the context of the earlier answer', async () => {
    const member = h.member();
    const { reply } = await h.ask('Who is the federal mediator?', member);
    expect(firstQuote(reply)).toContain('Arthur Pell');
    const button = reply.components[0]?.components?.find((candidate) => candidate.custom_id === followButton(reply));
    expect(button).toMatchObject({ label: 'Ask a follow-up' });

    const click = h.fake.click(reply, followButton(reply), member);
    await h.fake.waitForAcknowledgement(click);
    expect(click.acknowledgement!.body.type).toBe(9);
    expect(click.modal!.components).toHaveLength(1);
    expect(click.modal!.components[0].component).toMatchObject({ type: 4, required: true });

    const submitted = submitModal(h.fake, click, { question: 'when does he get there?' }, member);
    const answer = await h.fake.waitForReply(submitted);
    expect(submitted.acknowledgement!.body.type).toBe(5);
    expect(answer.embeds[0]?.title).toBe('when does he get there?');
    const quote = firstQuote(answer);
    expect(quote).toContain('on Wednesday');
    expect(strike).toContain(quote);
    expect(answer.lastBody?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    // The follow-up's own answer can be followed up again.
    expect(followButton(answer)).toMatch(/^answer:follow:/);

    // Asked on its own, the same words have no subject to find.
    const { reply: alone } = await h.ask('when does he get there?', member);
    expect(firstQuote(alone)).not.toContain('on Wednesday');
  });

  test("a Discord reply to one of the bot's answers is a follow-up to it", async () => {
    const member = h.member();
    const { reply } = await h.ask('Who is the federal mediator?', member);
    const asked = h.fake.say('when does he get there?', member, { replyTo: reply });
    const answer = await h.fake.waitForReplyTo(asked);
    const quote = firstQuote(answer);
    expect(quote).toContain('on Wednesday');
    expect(strike).toContain(quote);
    expect(answer.lastBody?.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  test('a follow-up to an answer the bot no longer remembers is refused privately, without opening the form', async () => {
    const member = h.member();
    const { reply } = await h.ask('Who is the federal mediator?', member);
    const forgotten = { ...reply, components: [{ type: 1, components: [{ type: 2, style: 2, custom_id: 'answer:follow:forgotten1', label: 'Ask a follow-up' }] }] };
    h.fake.messages.set(reply.id, forgotten);
    const click = h.fake.click(forgotten, 'answer:follow:forgotten1', member);
    const refusal = await h.fake.waitForReply(click);
    expect(click.modal).toBeNull();
    expect(refusal.flags & 64).toBe(64);
    expect(refusal.content).toMatch(/no longer remember that answer/);
  });
});
