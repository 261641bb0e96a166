import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { previousTurn } from '../src/core/follow-up.ts';
import type { Answer } from '../src/core/types.ts';
import { appFor, ROOT, tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let workspace: TempWorkspace;
let app: App;

// A suite article other than the bundled one: follow-ups are read the same way on any article.
beforeAll(async () => {
  workspace = await tempWorkspace();
  app = await appFor(workspace, { CORPUS_DIR: path.join(ROOT, 'eval', 'suite', 'county-budget') });
}, 60_000);
afterAll(async () => {
  await workspace.remove();
});

function firstQuote(answer: Answer): string {
  if (answer.kind !== 'answered' && answer.kind !== 'closest') throw new Error(`expected a quote, got ${answer.kind}`);
  return answer.citations[0]?.quote ?? '';
}

async function followUp(first: string, next: string): Promise<{ earlier: Answer; answer: Answer }> {
  const earlier = (await app.engine.ask(first)).answer;
  return { earlier, answer: (await app.engine.ask(next, { followUp: previousTurn(earlier) })).answer };
}

describe('follow-ups on the real model and index', () => {
  it('answers what a pronoun follow-up asks that is new, not the earlier answer again', async () => {
    const { earlier, answer } = await followUp('How much is the capital improvement plan worth?', 'how is it being paid for?');
    expect(firstQuote(earlier)).toContain('$1.2 billion');
    expect(firstQuote(answer)).toContain('bonds');
    // The same words asked cold, with no earlier turn, do not find it: the context does.
    expect((await app.engine.ask('how is it being paid for?')).answer.kind).not.toBe('answered');
  });

  it('stays answered, not merely closest, when the follow-up as asked and as resolved agree on the passage', async () => {
    const { answer } = await followUp("How much will the Sheriff's Office receive?", 'how many new deputies does that pay for?');
    expect(answer.kind).toBe('answered');
    expect(firstQuote(answer)).toContain('36 additional deputies');
  });

  it('finds the date a "when" follow-up asks for next to the earlier answer', async () => {
    const { answer } = await followUp('What did supervisors order for the bus contract?', 'when does it have to be done?');
    expect(firstQuote(answer)).toContain('September 29');
  });
});
