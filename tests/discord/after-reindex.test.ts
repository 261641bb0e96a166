import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { FakeMessage } from '../fake-discord/fake-discord.ts';
import { useHarness } from './use-harness.ts';

// One bot for the whole file; the tests run in order, and the rebuild in the middle changes the fares article.
const FARES_URL = 'https://news.example.org/2026/council-fares';
const fares = (amount: string) =>
  [
    'Council raises bus fares',
    '',
    `The city council voted on Tuesday to raise the bus fare by ${amount} from next spring.`,
    '',
    'Council member Dana Ortiz said the extra money would pay for electric buses on the harbor line.',
    '',
    'Riders and fares',
    '',
    'The riders union called the higher bus fare unfair to night-shift workers who have no other way to travel.',
    '',
    'A monthly bus pass will still cost the same, the council said, so regular riders pay no more.',
    '',
  ].join('\n');

const h = useHarness({
  corpus: {
    'fares.txt': fares('ten cents'),
    'fares.meta.json': JSON.stringify({ title: 'Council raises bus fares', url: FARES_URL }),
  },
});

const EPHEMERAL = 64;
let faresAnswer: FakeMessage;
let articleAnswer: FakeMessage;
let declined: FakeMessage;
let before: string;

function button(message: FakeMessage, prefix: string): string {
  const id = message.components.flatMap((row) => row.components ?? []).find((candidate) => candidate.custom_id?.startsWith(prefix))?.custom_id;
  if (id === undefined) throw new Error(`no ${prefix} button`);
  return id;
}

/** The Markdown links of a message's first embed: label and url. */
function links(message: FakeMessage): { label: string; url: string }[] {
  return [...(message.embeds[0]?.description ?? '').matchAll(/\[([^\]]+)\]\((\S+?)\)/g)].map((match) => ({ label: match[1]!, url: match[2]! }));
}

test('a citation of a document with a url links to the quoted sentence with a text fragment; others stay plain', async () => {
  before = h.engine.info().version;
  ({ reply: faresAnswer } = await h.ask('By how much will the bus fare rise?', h.member()));
  const [link] = links(faresAnswer);
  expect(link?.label).toMatch(/^¶\d+/);
  const [page, fragment] = link!.url.split('#:~:text=');
  expect(page).toBe(FARES_URL);
  const [start, end] = fragment!.split(',').map((term) => decodeURIComponent(term));
  expect(start).toBe('The city council voted');
  expect(end).toBe('cents from next spring');
  expect(faresAnswer.embeds[0]?.description).toContain('> The city council voted on Tuesday to raise the bus fare by ten cents from next spring.');

  ({ reply: articleAnswer } = await h.ask('What did Ayalon call the MoU?', h.member()));
  expect(articleAnswer.embeds[0]?.description).toContain('massive surrender');
  expect(links(articleAnswer)).toEqual([]);
  ({ reply: declined } = await h.ask('Which team won the NBA finals last year?', h.member()));
  expect(declined.content).toMatch(/^The article does not say\./);
});

test('before a rebuild, the buttons work as always', async () => {
  const vote = await h.fake.waitForReply(h.fake.click(faresAnswer, button(faresAnswer, 'answer:up:'), h.member()));
  expect(vote.content).toMatch(/^Thanks, your 👍 is recorded/);
  expect(vote.content).not.toContain('rebuilt');
  expect(vote.components).toEqual([]);
});

test('/about after a rebuild that edited a paragraph says what changed', async () => {
  await writeFile(path.join(h.config.corpusDir, 'fares.txt'), fares('fifteen cents'));
  const reindex = h.fake.slash('reindex', {}, h.manager());
  // Progress edits may come first: wait for the final one.
  const rebuilt = await h.fake.waitForRequest(
    (request) => request.method === 'PATCH' && request.path.includes(reindex.token) && /^Rebuilt/.test(String(request.body?.content)),
    15_000,
    'the end of the rebuild',
  );
  const after = h.engine.info().version;
  expect(after).not.toBe(before);
  expect(rebuilt.body.content).toContain(`now serving index \`${after}\`.\nChanged: “Council raises bus fares”: 1 paragraph changed.`);
  const about = await h.fake.waitForReply(h.fake.slash('about', {}, h.member()));
  expect(about.flags & EPHEMERAL).toBe(EPHEMERAL);
  expect(about.embeds[0]?.fields).toEqual([{ name: `Last rebuild: ${before} → ${after}`, value: '“Council raises bus fares”: 1 paragraph changed' }]);
  expect(about.embeds[0]?.footer?.text).toBe(`Index ${after}`);
});

test('the buttons of an answer whose document changed say so and offer to ask again', async () => {
  const more = await h.fake.waitForReply(h.fake.click(faresAnswer, button(faresAnswer, 'answer:more:'), h.member()));
  expect(more.flags & EPHEMERAL).toBe(EPHEMERAL);
  expect(more.content).toMatch(/^The index was rebuilt since this answer \(`\w+` → `\w+`\) and what it drew on changed/);
  expect(more.lastBody?.allowed_mentions).toMatchObject({ parse: [] });

  const vote = await h.fake.waitForReply(h.fake.click(faresAnswer, button(faresAnswer, 'answer:down:'), h.member()));
  expect(vote.content).toMatch(/^Thanks, your 👎 is recorded\. You can change it at any time\.\nThe index was rebuilt since this answer/);

  const again = h.fake.click(more, button(more, 'answer:again:'), h.member('asker'));
  const fresh = await h.fake.waitForReply(again);
  expect(again.acknowledgement!.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
  expect(fresh.embeds[0]?.title).toBe('By how much will the bus fare rise?');
  expect(fresh.embeds[0]?.description).toContain('by fifteen cents from next spring.');
  expect(fresh.embeds[0]?.footer?.text).toMatch(new RegExp(`index ${h.engine.info().version}$`));
  expect(fresh.lastBody?.allowed_mentions).toMatchObject({ parse: [] });
});

test('an answer from a document the rebuild did not touch keeps its buttons as they were', async () => {
  const vote = await h.fake.waitForReply(h.fake.click(articleAnswer, button(articleAnswer, 'answer:up:'), h.member()));
  expect(vote.content).toMatch(/^Thanks, your 👍 is recorded\. You can change it at any time\.$/);
  expect(vote.components).toEqual([]);
});

test('a "does not say" is outdated by any change to the corpus', async () => {
  const vote = await h.fake.waitForReply(h.fake.click(declined, button(declined, 'answer:down:'), h.member()));
  expect(vote.content).toContain('The index was rebuilt since this answer');
  expect(button(vote, 'answer:again:')).toMatch(/^answer:again:/);
});

test('"Why this answer?" on the old answer says the index changed, and that its document did', async () => {
  const why = await h.fake.waitForReply(h.fake.messageCommand('Why this answer?', faresAnswer, h.manager()));
  expect(why.embeds[0]?.description).toContain(`**Index** \`${before}\``);
  expect(why.embeds[0]?.description).toContain(`**Since then** the index was rebuilt: now serving \`${h.engine.info().version}\`; the document of its passages changed.`);
});
