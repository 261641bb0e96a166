import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/fake-discord.ts';
import { descendants, isAlive, startEntry, startProcess, until, type Started } from './helpers/processes.ts';
import { ROOT, tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let fake: FakeDiscord | undefined;
let workspace: TempWorkspace | undefined;
let started: Started[] = [];
/** Processes a test found under npm, killed if the test left them running. */
let strays: number[] = [];

afterEach(async () => {
  for (const pid of strays) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const run of started) run.child.kill('SIGKILL');
  await fake?.close();
  await workspace?.remove();
  fake = undefined;
  workspace = undefined;
  started = [];
  strays = [];
});

/** Runs the compiled entry point of `npm start` as a process, in the workspace. */
function start(env: Record<string, string>, args: string[] = [], entry = 'src/main.js'): Started {
  const run = startEntry(entry, args, { cwd: workspace?.dir, env });
  started.push(run);
  return run;
}

async function botEnv(): Promise<Record<string, string>> {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
  workspace = await tempWorkspace();
  return { ...workspace.env, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: fake.guild.id, ASK_COOLDOWN_SECONDS: '0' };
}

describe('npm start', () => {
  it('registers the commands, runs the bot when a token is set, answers, and on SIGTERM stops cleanly', async () => {
    const env = await botEnv();
    const register = start(env, [], 'scripts/register-commands.js');
    const [registered] = await register.exited;
    expect(registered, register.output()).toBe(0);
    expect(fake!.commands.get(fake!.guild.id)?.map((command) => command['name'])).toEqual(['ask', 'help', 'about', 'reindex', 'report', 'Check against the article', 'Why this answer?']);

    const run = start(env);
    await until(() => run.output().includes('discord bot ready'), 30_000, 'the bot to be ready');
    expect(run.output()).not.toContain(fake!.token);

    const interaction = fake!.slash('ask', { question: 'What did Danny Ayalon call the MoU?' }, { user: fake!.user('reader') });
    const reply = await fake!.waitForReply(interaction, 10_000);
    expect(JSON.stringify(reply)).toContain('massive surrender');

    run.child.kill('SIGTERM');
    const [code] = await run.exited;
    expect(code).toBe(0);
    expect(run.output()).toContain('shutting down');
    expect(fake!.problems()).toEqual([]);
  }, 60_000);

  it.each(['SIGTERM', 'SIGKILL'] as const)('stops gracefully when npm, which started it, gets %s (npm does not pass signals on)', async (signal) => {
    const env = await botEnv();
    // `npm start` exactly as a user or a container runs it; npm_* variables of the test run are dropped.
    const cleanEnv = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([name]) => !name.startsWith('npm_')));
    const npm = startProcess('npm', ['start'], { cwd: ROOT, env: cleanEnv });
    started.push(npm);
    await until(() => npm.output().includes('discord bot ready'), 30_000, 'the bot to be ready');
    const tree = descendants(npm.child.pid!);
    strays = tree;
    const bot = tree.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/src/main.js'));
    expect(bot, `no node process under npm: ${tree.join(' ')}`).toBeDefined();

    const signalled = Date.now();
    // npm only, not its process group. After SIGKILL npm's `sh -c` outlives it: the bot notices its grandparent went.
    npm.child.kill(signal);
    await npm.exited;
    await until(() => tree.every((pid) => !isAlive(pid)), 8_000, 'every process npm started to exit');
    expect(Date.now() - signalled).toBeLessThan(5_000);
    expect(npm.output()).toMatch(
      signal === 'SIGKILL'
        ? /"msg":"shutting down","reason":"process \d+ that started it exited"/
        : /"msg":"shutting down","reason":"(parent process \d+|process \d+ that started it) exited"/,
    );
    expect(npm.output()).toContain('"msg":"discord bot stopped"');
    expect(npm.output()).toContain('"msg":"exiting","exitCode":0');
    expect(fake!.problems()).toEqual([]);
  }, 60_000);

  it('exits 1 with one line of advice when Discord closes the gateway for good (4004 after a token reset)', async () => {
    const env = await botEnv();
    const run = start(env);
    await until(() => run.output().includes('discord bot ready'), 30_000, 'the bot to be ready');
    fake!.closeSession(4004);
    const [code] = await run.exited;
    expect(code).toBe(1);
    const closed = run.output().split('\n').filter((line) => line.includes('gateway closed for good'));
    expect(closed).toHaveLength(1);
    expect(JSON.parse(closed[0]!)).toMatchObject({ level: 'error', code: 4004, reason: expect.stringMatching(/close code 4004, AuthenticationFailed\): .*DISCORD_TOKEN/) });
    expect(run.output()).toContain('"msg":"discord bot stopped"');
    expect(run.output()).toContain('"msg":"exiting","exitCode":1');
  }, 60_000);

  it('without a token and without a terminal, exits 1 with one line on how to set the token or open the chat', async () => {
    workspace = await tempWorkspace();
    const run = start({ ...workspace.env, DISCORD_TOKEN: '' });
    run.child.stdin?.end('Who wrote for The Guardian?\n');
    const [code] = await run.exited;
    expect(code).toBe(1);
    expect(run.output().trim().split('\n')).toEqual([expect.stringMatching(/^error: DISCORD_TOKEN is not set .*set DISCORD_TOKEN.*npm run chat/)]);
  }, 30_000);

  it('npm run chat (--chat) opens the local chat without a terminal, answers a line and ends at EOF', async () => {
    workspace = await tempWorkspace();
    const run = start({ ...workspace.env, DISCORD_TOKEN: '' }, ['--chat']);
    run.child.stdin?.end('Who wrote for The Guardian?\n');
    const [code] = await run.exited;
    expect(code).toBe(0);
    expect(run.output()).toContain('No DISCORD_TOKEN set');
    expect(run.output()).toContain('Kenneth Roth, writing for The Guardian');
  }, 60_000);

  it('an unknown flag exits 2 with the usage; --help and --version exit 0', async () => {
    const bad = start({}, ['--jsn']);
    expect((await bad.exited)[0]).toBe(2);
    expect(bad.output()).toMatch(/Unknown option '--jsn'[\s\S]*usage: npm start/);
    const help = start({}, ['--help']);
    expect((await help.exited)[0]).toBe(0);
    expect(help.output()).toMatch(/^usage: npm start/);
    const version = start({}, ['--version']);
    expect((await version.exited)[0]).toBe(0);
    const { version: expected } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.output().trim()).toBe(`ask-the-article ${expected}`);
  }, 30_000);
});
