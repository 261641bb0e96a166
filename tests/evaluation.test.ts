import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { assignSplits, evaluate, parseEvalFile, tally } from '../src/evaluation.ts';
import { appFor, tempWorkspace, type TempWorkspace } from './helpers/temp-app.ts';

let workspace: TempWorkspace;
let app: App;

beforeAll(async () => {
  workspace = await tempWorkspace();
  app = await appFor(workspace);
});
afterAll(async () => {
  await workspace.remove();
});

const FILE = [
  '{"id":"a","question":"What did Danny Ayalon call the MoU?","evidence":"as a “massive surrender,”","answer_any":["massive surrender"],"answerable":true}',
  '{"id":"b","question":"Which outlet did Kenneth Roth write for?","evidence":"Kenneth Roth, writing for The Guardian","answer_any":["Financial Times"],"answerable":true}',
  '',
  '{"id":"c","question":"How long does the MoU last?","answerable":false}',
].join('\n');

describe('evaluation', () => {
  it('scores answer hits, evidence hits and declines', async () => {
    const rows = await evaluate(parseEvalFile(FILE, 'inline.jsonl'), app.engine);
    expect(rows.map((row) => [row.item.id, row.hit, row.evidenceHit, row.outcome === 'answered'])).toEqual([
      ['a', true, true, true],
      ['b', false, true, expect.any(Boolean)],
      ['c', false, false, false],
    ]);
    expect(tally(rows)).toMatchObject({ answerable: 2, unanswerable: 1, helpful: 1, unanswerableAnswered: 0, unfaithful: 0 });
  });

  it('reports a quote that is not the document text at its offsets', async () => {
    const [row] = await evaluate(parseEvalFile(FILE, 'inline.jsonl').slice(0, 1), app.engine, { documentText: () => 'some other text entirely' });
    expect(row?.unfaithful.length).toBeGreaterThan(0);
    const article = await readFile(path.join(workspace.corpusDir, 'article.txt'), 'utf8');
    const [faithful] = await evaluate(parseEvalFile(FILE, 'inline.jsonl').slice(0, 1), app.engine, { documentText: (doc) => (doc === 'article' ? article : undefined) });
    expect(faithful?.unfaithful).toEqual([]);
  });

  it('splits each style alternately into fit and test, keeping a split given in the file', () => {
    const items = parseEvalFile(
      ['a1', 'a2', 'a3', 'a4'].map((id) => JSON.stringify({ id, question: 'q', answerable: true, style: 'casual' })).join('\n') +
        '\n' +
        JSON.stringify({ id: 'u1', question: 'q', answerable: false, split: 'test' }),
      'x.jsonl',
    );
    expect(assignSplits(items).map((item) => [item.id, item.split])).toEqual([
      ['a1', 'fit'],
      ['a2', 'test'],
      ['a3', 'fit'],
      ['a4', 'test'],
      ['u1', 'test'],
    ]);
  });

  it('names the file and line of a bad item', () => {
    expect(() => parseEvalFile('{"id":"x","question":"ok","answerable":true}\n{"id":"y"}', 'bad.jsonl')).toThrow('bad.jsonl:2');
    expect(() => parseEvalFile('{"id":"x","question":"ok","answerable":true,"off_topic":true}', 'bad.jsonl')).toThrow('bad.jsonl:1: "off_topic" is a boolean, true only for an unanswerable question');
  });

  it('counts how many off-topic questions were declined, apart from on-topic unanswerable ones', async () => {
    const items = parseEvalFile(
      [
        '{"id":"p","question":"Write me a poem about cats.","answerable":false,"off_topic":true}',
        '{"id":"q","question":"Give me a recipe for banana bread.","answerable":false,"off_topic":true}',
        '{"id":"r","question":"How long does the MoU last?","answerable":false}',
      ].join('\n'),
      'inline.jsonl',
    );
    const rows = await evaluate(items, app.engine);
    expect(tally(rows)).toMatchObject({ unanswerable: 3, offTopic: 2, offTopicDeclined: 2 });
    // Counted from the rows' outcomes: an off-topic question shown a passage drops out of the count.
    const shown = rows.map((row) => (row.item.id === 'p' ? { ...row, outcome: 'closest' as const } : row));
    expect(tally(shown).offTopicDeclined).toBe(1);
  });
});
