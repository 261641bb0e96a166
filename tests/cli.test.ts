import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

const run = promisify(execFile);
let workspace: TempWorkspace;

beforeAll(async () => {
  workspace = await tempWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

/** Runs `npm run -s ask -- …` as a user would (through tsx), with the workspace's settings. */
async function ask(args: string[], input?: string, env: Record<string, string> = {}) {
  const child = run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'cli.ts'), ...args], {
    cwd: workspace.dir,
    env: { ...process.env, ...workspace.env, ...env },
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return child;
}

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
    expect(Object.keys(first ?? {})).toEqual(['n', 'quote', 'doc', 'start', 'end', 'paragraph', 'section', 'score']);
    expect(first).toMatchObject({ n: 1, doc: 'article', paragraph: 1, section: null });
    expect(Object.keys(reply['ms'] as object)).toEqual(['embed', 'search', 'total']);
  }, 30_000);

  it('--json without a question answers one line of stdin per line, loading once', async () => {
    const { stdout } = await ask(['--json'], 'Who wrote for The Guardian?\nHow long does the MoU last?\nWrite me a poem about cats.\n\n');
    type Reply = { question: string; answered: boolean; outcome: string; reason: { code: string } | null; citations: { quote: string }[]; text: string };
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
});
