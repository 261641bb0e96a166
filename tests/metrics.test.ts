import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { registerCommands } from '../src/discord/register-commands.ts';
import { startFakeDiscord, type FakeDiscord, type FakeMessage } from './fake-discord/fake-discord.ts';
import { MANAGER_PERMISSIONS } from './fake-discord/payloads.ts';
import { startEntry, until, type Started } from './helpers/processes.ts';
import { tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let fake: FakeDiscord | undefined;
let workspace: TempWorkspace | undefined;
let run: Started | undefined;

afterEach(async () => {
  run?.child.kill('SIGKILL');
  await fake?.close();
  await workspace?.remove();
});

/** The value of one sample line of a Prometheus text body, e.g. `x_total{a="b"}`; undefined when absent. */
function sample(body: string, name: string): number | undefined {
  const line = body.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

function upButton(message: FakeMessage): string {
  const id = message.components[0]?.components?.find((candidate) => candidate.custom_id?.startsWith('answer:up:'))?.custom_id;
  if (id === undefined) throw new Error('no 👍 button');
  return id;
}

describe('health and metrics (METRICS_PORT)', () => {
  it('/healthz is 503 until the model, the index and the gateway are ready, then 200; /metrics counts without question text', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
    workspace = await tempWorkspace();
    const env = { ...workspace.env, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: fake.guild.id, ASK_COOLDOWN_SECONDS: '0', METRICS_PORT: '0' };
    await registerCommands(loadConfig(env).discord!);
    run = startEntry('src/main.js', [], { cwd: workspace.dir, env });
    const current = run;
    await until(() => current.output().includes('"msg":"metrics listening"'), 20_000, 'the metrics endpoint');
    const url = /"url":"(http:\/\/[^"]+)"/.exec(current.output())?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // Before the bot is ready: 503 with the reason.
    const early = await fetch(`${url}/healthz`);
    expect(current.output()).not.toContain('discord bot ready');
    expect(early.status).toBe(503);
    expect(await early.json()).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/loading|logging in/) });

    await until(() => current.output().includes('discord bot ready'), 30_000, 'the bot to be ready');
    const ready = await fetch(`${url}/healthz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });

    const metricsOf = async () => {
      const response = await fetch(`${url}/metrics`);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return response.text();
    };
    const before = await metricsOf();
    expect(sample(before, 'ask_the_article_questions_total{outcome="answered",path="slash"}')).toBe(0);
    expect(sample(before, 'ask_the_article_engine_latency_seconds_count')).toBe(0);
    expect(before).toMatch(/^ask_the_article_index_info\{version="[0-9a-f]{8}",model="all-MiniLM-L6-v2",built_at="[^"]+"\} 1$/m);

    const question = 'What did Danny Ayalon call the MoU?';
    const reply = await fake.waitForReply(fake.slash('ask', { question }, { user: fake.user('reader') }), 10_000);
    await fake.waitForReplyTo(fake.say(`<@${fake.bot.id}> How long does the MoU last?`, { user: fake.user('asker') }), 10_000);
    await fake.waitForReply(fake.click(reply, upButton(reply), { user: fake.user('voter') }), 10_000);
    await fake.waitForReply(fake.slash('reindex', {}, { user: fake.user('mod'), permissions: MANAGER_PERMISSIONS }), 20_000);
    // The first reply may be a progress line: the rebuild runs in a child process and ends later.
    for (let waited = 0; sample(await metricsOf(), 'ask_the_article_reindexes_total{result="ok"}') !== 1 && waited < 20_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const after = await metricsOf();
    expect(['answered', 'closest'].map((outcome) => sample(after, `ask_the_article_questions_total{outcome="${outcome}",path="slash"}`) ?? 0).reduce((a, b) => a + b, 0)).toBe(1);
    const mentions = ['answered', 'closest', 'declined', 'invalid', 'failed'].map((outcome) => sample(after, `ask_the_article_questions_total{outcome="${outcome}",path="mention"}`) ?? 0);
    expect(mentions.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(sample(after, 'ask_the_article_questions_total{outcome="failed",path="mention"}')).toBe(0);
    expect(sample(after, 'ask_the_article_answer_latency_seconds_count{path="slash"}')).toBe(1);
    expect(sample(after, 'ask_the_article_engine_latency_seconds_count')).toBe(2);
    expect(sample(after, 'ask_the_article_feedback_votes_total{kind="up"}')).toBe(1);
    expect(sample(after, 'ask_the_article_reindexes_total{result="ok"}')).toBe(1);
    expect(sample(after, 'ask_the_article_reindex_duration_seconds_count')).toBe(1);
    expect(after).not.toContain('Ayalon');
    expect(after).not.toContain('MoU');

    // A dropped connection: counted, and the bot comes back ready.
    fake.dropConnection();
    await fake.waitForResume(0, 10_000);
    await until(() => current.output().includes('"msg":"gateway resumed"'), 10_000, 'the resume');
    expect(sample(await metricsOf(), 'ask_the_article_gateway_reconnects_total')).toBe(1);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/other`)).status).toBe(404);

    current.child.kill('SIGTERM');
    const [code] = await current.exited;
    expect(code).toBe(0);
    expect(fake.problems()).toEqual([]);
  }, 90_000);
});
