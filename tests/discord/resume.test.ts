import { expect, test } from 'vitest';
import { useHarness } from './use-harness.ts';

const h = useHarness({ fake: { heartbeatIntervalMs: 200 } });

test('after a dropped gateway connection the bot resumes its session, gets what it missed, and keeps answering', async () => {
  await h.ask('What did Ayalon call the MoU?', h.member());
  const gateway = h.fake.gatewayState;
  await expect.poll(() => gateway.heartbeats, { timeout: 2000 }).toBeGreaterThan(0);

  h.fake.dropConnection();
  // Asked while the bot is disconnected: Discord keeps the event and replays it on RESUME.
  const missed = h.fake.slash('ask', { question: 'Who is Kenneth Roth?' }, h.member());
  const resume = await h.fake.waitForResume(0);
  expect(resume.replayed).toBeGreaterThanOrEqual(1);
  expect(gateway.identifies).toHaveLength(1); // resumed, not re-identified
  expect((await h.fake.waitForReply(missed)).embeds[0]?.description).toContain('Kenneth Roth');

  const { reply } = await h.ask('What does the IAEA report?', h.member());
  expect(reply.embeds[0]?.description).toContain('International Atomic Energy Agency');
  expect(h.logs.some((line) => line.includes('"gateway resumed"'))).toBe(true);
});
