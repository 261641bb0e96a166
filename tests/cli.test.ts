import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';
import { ROOT, tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let workspace: TempWorkspace;

beforeAll(async () => {
  workspace = await tempWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

/** Runs the compiled CLI over this file's workspace. */
const ask = (args: string[], input?: string, env: Record<string, string> = {}, entry?: string) => runCli(workspace, args, input, env, entry);

/** How a command that should have failed failed. */
interface Failure {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function succeeded(): never {
  throw new Error('expected the command to fail');
}

/** The fields of a `--json` reply the tests read. */
type Reply = { question: string; answered: boolean; outcome: string; reason: { code: string } | null; citations: { quote: string }[]; text: string };

const KEYS = ['question', 'answered', 'outcome', 'reason', 'confidence', 'text', 'citations', 'ms'];

describe('npm run ask', () => {
  it('--json prints exactly one JSON object of the documented shape', async () => {
    const { stdout } = await ask(['--json', 'What did Ayalon call the MoU?']);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const reply = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(reply)).toEqual(KEYS);
    expect(reply).toMatchObject({ question: 'What did Ayalon call the MoU?' });
    expect(['answered', 'closest']).toContain(reply['outcome']);
    expect(reply['answered']).toBe(reply['outcome'] === 'answered');
    expect(reply['reason'] === null).toBe(reply['outcome'] === 'answered');
    expect(reply['confidence']).toEqual(expect.any(Number));
    expect(reply['text']).toContain('massive surrender');
    const [first] = reply['citations'] as Record<string, unknown>[];
    expect(Object.keys(first ?? {})).toEqual(['n', 'quote', 'doc', 'start', 'end', 'paragraph', 'section', 'score', 'title', 'url']);
    expect(first).toMatchObject({ n: 1, doc: 'article', paragraph: 1, section: null });
    expect(Object.keys(reply['ms'] as object)).toEqual(['embed', 'search', 'total']);
  }, 30_000);

  it('--json without a question answers one line of stdin per line, loading once', async () => {
    const { stdout } = await ask(['--json'], 'Who wrote for The Guardian?\nHow long does the MoU last?\nWrite me a poem about cats.\n\n');
    const replies = stdout.trim().split('\n').map((line) => JSON.parse(line) as Reply);
    expect(replies.map((reply) => reply.question)).toEqual(['Who wrote for The Guardian?', 'How long does the MoU last?', 'Write me a poem about cats.', '']);
    expect(replies[0]?.citations[0]?.quote).toContain('Kenneth Roth');
    expect(replies[1]).toMatchObject({ answered: false, outcome: 'closest', reason: { code: 'missing-answer-kind' } });
    expect(replies[1]?.text).toMatch(/^The article may not answer this directly/);
    expect(replies[2]).toMatchObject({ answered: false, outcome: 'declined', reason: { code: 'off-topic' }, citations: [] });
    expect(replies[2]?.text).toMatch(/^The article does not say\./);
    expect(replies[3]).toMatchObject({ outcome: 'invalid', reason: { code: 'empty' } });
    expect(replies[3]?.text).toMatch(/ask a question/i);
  }, 30_000);

  it('prints a human-readable answer with its citation', async () => {
    const { stdout } = await ask(['Which', 'outlet', 'did', 'Kenneth', 'Roth', 'write', 'for?']);
    expect(stdout).toContain('The Guardian');
    expect(stdout).toContain('[1] ¶6 · How this deal alters the U.S.-Israel strategic bond');
  }, 30_000);

  it('fails with one clear message on bad configuration', async () => {
    await expect(ask(['--json', 'anything'], undefined, { ANSWER_MAX_CHARS: 'x', LOG_LEVEL: 'loud' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Invalid configuration \(2 problems\)/),
    });
  }, 30_000);

  it('names every bad setting in that message', async () => {
    const failure = await ask(['anything'], undefined, { ANSWER_MAX_CHARS: 'x', LOG_LEVEL: 'loud' }).catch((error: { stderr: string }) => error);
    expect(failure.stderr).toContain('ANSWER_MAX_CHARS');
    expect(failure.stderr).toContain('LOG_LEVEL');
  }, 30_000);

  it('-j is short for --json', async () => {
    const { stdout } = await ask(['-j', 'What did Ayalon call the MoU?']);
    expect(JSON.parse(stdout)).toMatchObject({ question: 'What did Ayalon call the MoU?', answered: true });
  }, 30_000);

  it('--after answers the question as a follow-up to the earlier one, printing only the follow-up', async () => {
    const alone = await ask(['-j', 'where did he say that?']);
    expect(JSON.parse(alone.stdout)).toMatchObject({ outcome: 'declined' });
    const { stdout } = await ask(['-j', '--after', 'Who called the MoU a massive surrender?', 'where did he say that?']);
    const reply = JSON.parse(stdout) as Reply;
    expect(reply.question).toBe('where did he say that?');
    expect(reply.citations[0]?.quote).toContain('The Jerusalem Post');
    // With stdin, every line follows up on the same earlier question.
    const lines = await ask(['-j', '-a', 'Who called the MoU a massive surrender?'], 'where did he say that?\n');
    expect((JSON.parse(lines.stdout.trim()) as Reply).citations[0]?.quote).toContain('The Jerusalem Post');
  }, 30_000);

  it('an unknown flag exits 2 with the usage instead of being asked as a question', async () => {
    const failure = await ask(['--jsn', 'x']).then(succeeded, (error: Failure) => error);
    expect(failure).toMatchObject({ code: 2, stdout: '' });
    expect(failure.stderr).toMatch(/^Unknown option '--jsn'.*\nusage: npm run ask/);
  }, 30_000);

  it('--help prints the usage and --version the version, both exit 0 without loading anything', async () => {
    const help = await ask(['--help'], undefined, { CORPUS_DIR: '/nonexistent' });
    expect(help.stdout).toMatch(/^usage: npm run ask -- \[--json\] "your question"\n/);
    const version = await ask(['--version'], undefined, { CORPUS_DIR: '/nonexistent' });
    const { version: expected } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout).toBe(`ask-the-article ${expected}\n`);
  }, 30_000);

  it('a missing corpus folder is one line saying which setting to check, not a stack', async () => {
    const failure = await ask(['anything'], undefined, { CORPUS_DIR: path.join(workspace.dir, 'missing') }).then(succeeded, (error: Failure) => error);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toBe(`error: cannot read the corpus folder ${path.join(workspace.dir, 'missing')}: check CORPUS_DIR\n`);
  }, 30_000);
});

describe('npm run eval', () => {
  it('a missing question file is one line, exit 1, not an ENOENT stack', async () => {
    const failure = await ask(['missing.jsonl'], undefined, {}, 'scripts/eval.js').then(succeeded, (error: Failure) => error);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toBe('error: cannot read missing.jsonl: no such file\n');
  }, 30_000);
});
