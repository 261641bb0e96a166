import { describe, expect, test } from 'vitest';
import { sectionQuestion } from '../../src/core/suggest.ts';
import type { FakeMessage } from '../fake-discord/fake-discord.ts';
import { typeInto } from '../fake-discord/typing-and-forms.ts';
import { useHarness } from './use-harness.ts';

const h = useHarness({ env: { STORE_QUESTIONS: 'true', SUGGEST_ASKED_QUESTIONS: 'true' } });

async function suggestions(typed: string): Promise<string[]> {
  const interaction = typeInto(h.fake, 'ask', 'question', typed, h.member());
  await h.fake.waitForAcknowledgement(interaction);
  expect(interaction.acknowledgement!.body.type).toBe(8);
  return (interaction.choices ?? []).map((choice) => {
    expect(choice.value).toBe(choice.name);
    return choice.name;
  });
}

function upButton(message: FakeMessage): string {
  return message.components[0]!.components!.find((candidate) => candidate.custom_id?.startsWith('answer:up:'))!.custom_id!;
}

describe('suggestions as you type /ask', () => {
  test('offer at most ten questions drawn from the sections of the indexed article', async () => {
    const sections = h.engine.info().documents.flatMap((document) => document.sections);
    expect(sections.length).toBeGreaterThan(0);
    const offered = await suggestions('');
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.length).toBeLessThanOrEqual(10);
    for (const question of offered) expect(question.length).toBeLessThanOrEqual(100);
    const section = sections.find((heading) => sectionQuestion(heading).length <= 100)!;
    expect(offered).toContain(sectionQuestion(section));
  });

  test("match what was typed: a section's own words find its question", async () => {
    const section = h.engine.info().documents.flatMap((document) => document.sections).find((heading) => sectionQuestion(heading).length <= 100 && heading.split(' ').length > 1)!;
    const offered = await suggestions(section.split(' ').slice(0, 2).join(' ').toLowerCase());
    expect(offered[0]).toBe(sectionQuestion(section));
    expect(await suggestions('qqqzzzxxx')).toEqual([]);
  });

  test('offer questions asked in this server that were answered and got more 👍 than 👎, when that is switched on', async () => {
    const question = 'What did Ayalon call the MoU?';
    expect(await suggestions('what did ayalon')).not.toContain(question);
    const { reply } = await h.ask(question, h.member());
    await h.fake.waitForReply(h.fake.click(reply, upButton(reply), h.member()));
    expect(await suggestions('what did ayalon')).toContain(question);
  });
});
