import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/fake-discord.ts';
import { ROOT, tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let fake: FakeDiscord | undefined;
let workspace: TempWorkspace | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  child?.kill('SIGKILL');
  await fake?.close();
  await workspace?.remove();
});

/** Runs `npm start` (the real entry point) as a process, with the given environment. */
function start(env: Record<string, string>, script = path.join(ROOT, 'src', 'main.ts')): { child: ChildProcess; output: () => string; exited: Promise<[number | null, NodeJS.Signals | null]> } {
  const process_ = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [script], {
    cwd: workspace?.dir,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  process_.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  process_.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child: process_, output: () => output, exited: once(process_, 'exit') as Promise<[number | null, NodeJS.Signals | null]> };
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start', () => {
  it('registers the commands, runs the bot when a token is set, answers, and on SIGTERM stops cleanly', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
    workspace = await tempWorkspace();
    const env = { ...workspace.env, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: fake.guild.id, ASK_COOLDOWN_SECONDS: '0' };
    const register = start(env, path.join(ROOT, 'scripts', 'register-commands.ts'));
    const [registered] = await register.exited;
    expect(registered, register.output()).toBe(0);
    expect(fake.commands.get(fake.guild.id)?.map((command) => command['name'])).toEqual(['ask', 'help', 'about', 'reindex']);

    const run = start(env);
    child = run.child;
    await until(() => run.output().includes('discord bot ready'), 30_000, 'the bot to be ready');
    expect(run.output()).not.toContain(fake.token);

    const interaction = fake.slash('ask', { question: 'What did Danny Ayalon call the MoU?' }, { user: fake.user('reader') });
    const reply = await fake.waitForReply(interaction, 10_000);
    expect(JSON.stringify(reply)).toContain('massive surrender');

    run.child.kill('SIGTERM');
    const [code] = await run.exited;
    expect(code).toBe(0);
    expect(run.output()).toContain('shutting down');
    expect(fake.problems()).toEqual([]);
  }, 60_000);

  it('opens the local chat without a token, answers a line and ends at EOF', async () => {
    workspace = await tempWorkspace();
    const run = start({ ...workspace.env, DISCORD_TOKEN: '' });
    child = run.child;
    run.child.stdin?.end('Who wrote for The Guardian?\n');
    const [code] = await run.exited;
    expect(code).toBe(0);
    expect(run.output()).toContain('No DISCORD_TOKEN set');
    expect(run.output()).toContain('Kenneth Roth, writing for The Guardian');
  }, 60_000);
});
