import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { runChat, type ChatIo } from '../src/chat.ts';
import { appFor, ROOT, tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let workspace: TempWorkspace;
let app: App;

beforeAll(async () => {
  workspace = await tempWorkspace();
  app = await appFor(workspace);
});
afterAll(async () => {
  await workspace.remove();
});

/** Runs the chat over `lines` (input stays open: only a quit command can end it) and returns what it printed. */
async function chat(lines: string[], options: Omit<ChatIo, 'input' | 'output'> = {}): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const done = runChat(app, { input, output, ...options });
  input.write(lines.map((line) => `${line}\n`).join(''));
  await done;
  return printed;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[\d;]*[A-Za-z]/;

describe('the chat', () => {
  it('answers unknown /commands with a pointer to /help instead of asking them as questions', async () => {
    const printed = await chat(['/foo', '/quit']);
    expect(printed).toContain('unknown command /foo, try /help');
    expect(printed).not.toContain('The article does not say');
  });

  it('takes help, quit and exit as commands without the slash', async () => {
    const printed = await chat(['help', 'exit']);
    expect(printed).toContain('Commands: /about');
    expect(printed).not.toContain('The article does not say');
    await expect(chat(['Quit'])).resolves.toContain('Type a question');
  });

  it('answers /followup (or /f) in the context of the last answer, and says what it follows up', async () => {
    const printed = await chat(['/f when?', 'Who wrote for The Guardian?', '/f', '/f what did he write?', '/followup and when?', '/quit']);
    expect(printed).toContain('Nothing to follow up on yet');
    expect(printed).toContain('Add the follow-up after the command');
    expect(printed).toContain('follow-up to "Who wrote for The Guardian?"');
    // A follow-up of a follow-up follows the earlier one as it was understood, with its subject.
    expect(printed).toMatch(/follow-up to "what did he write\? [^"]*Guardian/);
    // Each follow-up is answered with a quote, like any question.
    expect(printed.split('follow-up to').slice(1).every((reply) => /\n(?:The article may not answer this directly\. The closest passage \(not a confirmed answer\):\n)?“/.test(reply))).toBe(true);
  });

  it('gets plurals right', async () => {
    const printed = await chat(['/about', '/reindex', '/quit']);
    expect(printed).toMatch(/\(index \w+, 14 paragraphs\)/);
    expect(printed).toMatch(/Rebuilt: 1 document, 14 paragraphs in/);
    expect(printed).not.toMatch(/\(s\)|\b1 (documents|paragraphs)\b/);
  });

  it('word-wraps every line to the terminal width, breaking only between words', async () => {
    const question = 'Who wrote for The Guardian?';
    const unwrapped = await chat([question, '/quit']);
    const wrapped = await chat([question, '/quit'], { width: () => 40 });
    const answer = (text: string) => text.slice(text.indexOf('“Kenneth'), text.indexOf('alliance.”') + 'alliance.”'.length);
    expect(answer(unwrapped)).not.toContain('\n');
    expect(answer(wrapped)).toContain('\n');
    for (const line of wrapped.split('\n')) expect([...line.replace('ask> ', '')].length).toBeLessThanOrEqual(40);
    expect(answer(wrapped).replaceAll('\n', ' ')).toBe(answer(unwrapped));
  });

  it('uses colour only when asked to (a terminal with NO_COLOR unset), and never inside quotes', async () => {
    expect(await chat(['/help', 'Who wrote for The Guardian?', '/quit'])).not.toMatch(ANSI);
    const coloured = await chat(['/help', 'Who wrote for The Guardian?', '/quit'], { color: true });
    expect(coloured).toMatch(ANSI);
    const quote = coloured.slice(coloured.indexOf('“Kenneth'), coloured.indexOf('alliance.”'));
    expect(quote).not.toMatch(ANSI);
  });
});

describe('the chat on a real terminal (npm start in a pseudo-terminal)', () => {
  /** Runs `npm start` without a token in a 60-column pseudo-terminal (util-linux `script`), typing `typed`. */
  async function onTerminal(env: Record<string, string>, typed: string): Promise<string> {
    const main = path.join(ROOT, 'dist', 'src', 'main.js');
    const command = `stty cols 60; ${JSON.stringify(process.execPath)} ${JSON.stringify(main)}`;
    const child = promisify(execFile)('script', ['-q', '-e', '-c', command, '/dev/null'], {
      cwd: workspace.dir,
      env: { ...process.env, ...workspace.env, INDEX_DIR: path.join(workspace.dir, `index-${Math.random().toString(36).slice(2)}`), DISCORD_TOKEN: '', ...env },
    });
    // Type only once the prompt is up: what a pseudo-terminal gets earlier is echoed out of order.
    let printed = '';
    child.child.stdout?.on('data', (chunk: Buffer) => {
      const before = printed;
      printed += chunk.toString();
      if (!before.includes('ask>') && printed.includes('ask>')) child.child.stdin?.write(typed);
    });
    await child;
    return printed;
  }

  it('clears the index-build progress line, wraps to the width and colours its own lines', async () => {
    const printed = await onTerminal({}, 'Who wrote for The Guardian?\nquit\n');
    const afterBuild = printed.slice(printed.lastIndexOf('building the index'));
    // The last progress line is erased (carriage return, clear to end of line) before the chat starts.
    // eslint-disable-next-line no-control-regex
    expect(afterBuild).toMatch(/^building the index: writing\r\x1b\[K/);
    expect(printed).toContain('\x1b[2mAsk the article');
    const answer = printed.slice(printed.indexOf('“Kenneth'), printed.indexOf('alliance.”'));
    expect(answer.split('\r\n').length).toBeGreaterThan(2);
    for (const line of answer.split('\r\n')) expect([...line].length).toBeLessThanOrEqual(60);
  }, 60_000);

  it('prints no colour with NO_COLOR set', async () => {
    const printed = await onTerminal({ NO_COLOR: '1' }, 'quit\n');
    expect(printed).toContain('Ask the article');
    const chatPart = printed.slice(printed.indexOf('Ask the article'));
    // readline's own cursor moves remain; no colour (SGR "m") codes.
    // eslint-disable-next-line no-control-regex
    expect(chatPart).not.toMatch(/\x1b\[[\d;]*m/);
  }, 60_000);
});
