import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { Engine } from '../../src/engine-types.ts';
import type { FakeMessage } from '../fake-discord/fake-discord.ts';
import { useHarness } from './use-harness.ts';

// One bot for the whole file; the tests run in order and the later ones change the corpus.
let reindexCalls = 0;

function countReindex(engine: Engine): Engine {
  return {
    ask: (question) => engine.ask(question),
    inspect: (question) => engine.inspect(question),
    info: () => engine.info(),
    reindex: () => {
      reindexCalls += 1;
      return engine.reindex();
    },
  };
}

const h = useHarness({ wrapEngine: countReindex });

function footerVersion(reply: FakeMessage): string | undefined {
  return /index (\S+)$/.exec(reply.embeds[0]?.footer?.text ?? '')?.[1];
}

test('a member the server let use /reindex, without Manage Server or a moderator role, is refused at run time', async () => {
  const member = h.member();
  h.fake.allowCommand('reindex', member.user.id);
  const interaction = h.fake.slash('reindex', {}, member);
  const reply = await h.fake.waitForReply(interaction);
  expect(interaction.acknowledgement!.body.type).toBe(4);
  expect(reply.flags & 64).toBe(64);
  expect(reply.content).toMatch(/^Sorry, only moderators can rebuild the index/);
  expect(reindexCalls).toBe(0);
  expect(h.logs.some((line) => line.includes('"level":"info"') && line.includes('only moderators'))).toBe(true);
});

test('a member with Manage Server rebuilds the index and gets documents, chunks, time and corpus hash', async () => {
  const before = h.engine.info();
  const interaction = h.fake.slash('reindex', {}, h.manager());
  const reply = await h.fake.waitForReply(interaction, 10_000);
  expect(interaction.acknowledgement!.body).toEqual({ type: 5, data: { flags: 64 } });
  expect(reply.content).toMatch(
    new RegExp(`^Rebuilt the index: 1 document, ${before.chunks} chunks in \\d+\\.\\d s\\. Corpus hash \`${before.corpusHash.slice(0, 16)}\`; now serving index \`${before.version}\`\\.$`),
  );
  expect(reindexCalls).toBe(1);
});

test('a member with a configured moderator role may reindex too (once the server opened the command to them)', async () => {
  const moderator = { user: h.fake.user('role-moderator'), roles: [h.fake.guild.moderatorRoleId] };
  h.fake.allowCommand('reindex', moderator.user.id);
  const reply = await h.fake.waitForReply(h.fake.slash('reindex', {}, moderator), 10_000);
  expect(reply.content).toMatch(/^Rebuilt the index/);
});

test('questions asked during a rebuild are answered from the old index; the new one serves once complete', async () => {
  const old = h.engine.info().version;
  await writeFile(
    path.join(h.config.corpusDir, 'update.txt'),
    ['An update on the talks', 'Negotiators in Oman met again on Tuesday to discuss the sequencing of sanctions relief.', ''].join('\n'),
  );
  const reindex = h.fake.slash('reindex', {}, h.manager());
  await h.fake.waitForAcknowledgement(reindex);

  const during = await h.ask('What did Ayalon call the MoU?', h.member());
  expect(reindex.edits).toHaveLength(0); // the rebuild is still running
  expect(during.reply.embeds[0]?.description).toContain('massive surrender');
  expect(footerVersion(during.reply)).toBe(old);

  const report = await h.fake.waitForReply(reindex, 10_000);
  const fresh = h.engine.info().version;
  expect(fresh).not.toBe(old);
  expect(report.content).toContain(`now serving index \`${fresh}\``);
  expect(report.content).toMatch(/^Rebuilt the index: 2 documents/);
  const after = await h.ask('Where did the negotiators meet on Tuesday?', h.member());
  expect(after.reply.embeds[0]?.description).toContain('Negotiators in Oman');
  expect(footerVersion(after.reply)).toBe(fresh);
});

test('two /reindex at once share one rebuild', async () => {
  const calls = reindexCalls;
  const first = h.fake.slash('reindex', {}, h.manager());
  const second = h.fake.slash('reindex', {}, h.manager());
  const replies = await Promise.all([h.fake.waitForReply(first, 10_000), h.fake.waitForReply(second, 10_000)]);
  expect(reindexCalls).toBe(calls + 2);
  expect(replies.map((reply) => reply.content.split(':')[0]).sort()).toEqual(['A rebuild was already running; it has finished', 'Rebuilt the index']);
  const version = h.engine.info().version;
  for (const reply of replies) expect(reply.content).toContain(`now serving index \`${version}\``);
});

test('a corpus file that is not UTF-8 text: /reindex refuses, names the file, and the old index keeps serving', async () => {
  const serving = h.engine.info().version;
  const bad = path.join(h.config.corpusDir, 'scan.txt');
  await writeFile(bad, Buffer.from('Caf\xe9 owners said the r\xe9gime had changed.\n', 'latin1'));
  try {
    const reply = await h.fake.waitForReply(h.fake.slash('reindex', {}, h.manager()), 10_000);
    expect(reply.flags & 64).toBe(64);
    expect(reply.content).toContain('The rebuild failed, so the previous index is still serving.');
    expect(reply.content).toContain('scan.txt is not valid UTF-8');
    expect(h.engine.info().version).toBe(serving);
    const after = await h.ask('What did Ayalon call the MoU?', h.member());
    expect(footerVersion(after.reply)).toBe(serving);
  } finally {
    await rm(bad);
  }
});

test('a failed rebuild is reported and the old index keeps serving', async () => {
  const serving = h.engine.info().version;
  for (const name of await readdir(h.config.corpusDir)) await rm(path.join(h.config.corpusDir, name));
  const reply = await h.fake.waitForReply(h.fake.slash('reindex', {}, h.manager()), 10_000);
  expect(reply.flags & 64).toBe(64);
  expect(reply.content).toMatch(/^The rebuild failed, so the previous index is still serving\. .+/);
  expect(h.engine.info().version).toBe(serving);
  const after = await h.ask('What did Ayalon call the MoU?', h.member());
  expect(after.reply.embeds[0]?.description).toContain('massive surrender');
  expect(footerVersion(after.reply)).toBe(serving);
});
