import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import type { QuestionRecord } from '../../src/discord/question-store.ts';
import type { FakeMessage } from '../fake-discord/fake-discord.ts';
import { ROOT } from '../helpers/temp-app.ts';
import { useHarness } from './use-harness.ts';

const h = useHarness({ env: { STORE_QUESTIONS: 'true' } });
const OFF_TOPIC = 'What is the best recipe for banana bread?';

function button(message: FakeMessage, action: 'down'): string {
  return message.components[0]!.components!.find((candidate) => candidate.custom_id?.startsWith(`answer:${action}:`))!.custom_id!;
}

describe('/report', () => {
  test('shows moderators, privately, questions by outcome, votes, the gaps in the article and the answers with the most 👎', async () => {
    const { reply } = await h.ask('What did Ayalon call the MoU?', h.member());
    await h.fake.waitForReply(h.fake.click(reply, button(reply, 'down'), h.member()));
    await h.ask(OFF_TOPIC, h.member());
    await h.ask(OFF_TOPIC, h.member());

    const interaction = h.fake.slash('report', { days: 7 }, h.manager());
    const report = await h.fake.waitForReply(interaction);
    expect(report.flags & 64).toBe(64);
    const text = `${report.embeds[0]?.title}\n${report.embeds[0]?.description}`.replace(/\\(.)/g, '$1');
    expect(text).toMatch(/the last 7 days/);
    expect(text).toMatch(/Questions in the last 7 days: 3 \(answered 1, closest 0, declined 2, invalid 0\)/);
    expect(text).toMatch(/Feedback: 0 👍, 1 👎/);
    expect(text).toContain(`2× ${OFF_TOPIC}`);
    expect(text).toMatch(/1 👎 \/ 0 👍 — What did Ayalon call the MoU\?/);
    expect(text).toContain('massive surrender');
    expect(report.lastBody?.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  test('is hidden from members, and refused at run time to a member a server let use it', async () => {
    const member = h.member();
    expect(() => h.fake.slash('report', {}, member)).toThrow(/hidden/);
    h.fake.allowCommand('report', member.user.id);
    const refusal = await h.fake.waitForReply(h.fake.slash('report', {}, member));
    expect(refusal.flags & 64).toBe(64);
    expect(refusal.content).toMatch(/only moderators can see the report/);
  });

  test('keeps what it reports in the data folder, and npm run report prints the same', async () => {
    await h.bot.stop();
    const stored = JSON.parse(await readFile(path.join(h.config.dataDir, 'questions.json'), 'utf8')) as { records: QuestionRecord[] };
    expect(stored.records.map((record) => record.question)).toContain(OFF_TOPIC);
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'report.js'), '--days', '7'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: h.config.dataDir, STORE_QUESTIONS: 'true', DISCORD_TOKEN: '' },
    });
    expect(stdout).toMatch(/Questions in the last 7 days: 3 \(answered 1, closest 0, declined 2, invalid 0\)/);
    expect(stdout).toContain(`2× ${OFF_TOPIC}`);
    expect(stdout).toContain('massive surrender');
  });
});
