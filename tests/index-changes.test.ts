import { describe, expect, it } from 'vitest';
import type { IndexedDocument, IndexInfo } from '../src/engine-types.ts';
import { answerOutdated, hasChanges, indexChanges } from '../src/index-changes.ts';

function doc(id: string, paragraphHashes: string[]): IndexedDocument {
  return { id, title: `Title of ${id}`, url: null, paragraphs: paragraphHashes.length, sections: [], paragraphHashes };
}

function info(version: string, documents: IndexedDocument[]): IndexInfo {
  return { version, corpusHash: version.padEnd(64, '0'), modelId: 'm', dimensions: 3, chunkerVersion: 1, builtAt: '2026-01-01T00:00:00.000Z', documents, chunks: 0 };
}

describe('indexChanges', () => {
  it.each([
    ['nothing changed', [doc('a', ['1', '2'])], [doc('a', ['1', '2'])], { added: [], removed: [], changed: [] }],
    ['one paragraph edited', [doc('a', ['1', '2', '3'])], [doc('a', ['1', 'x', '3'])], { added: [], removed: [], changed: [['a', 1, 0, 0]] }],
    ['a paragraph inserted renumbers the rest but changes only one', [doc('a', ['1', '2', '3'])], [doc('a', ['1', 'new', '2', '3'])], { added: [], removed: [], changed: [['a', 0, 1, 0]] }],
    ['a paragraph removed', [doc('a', ['1', '2', '3'])], [doc('a', ['1', '3'])], { added: [], removed: [], changed: [['a', 0, 0, 1]] }],
    ['two edited and one added', [doc('a', ['1', '2'])], [doc('a', ['x', 'y', 'z'])], { added: [], removed: [], changed: [['a', 2, 1, 0]] }],
    ['reordered paragraphs are no change', [doc('a', ['1', '2'])], [doc('a', ['2', '1'])], { added: [], removed: [], changed: [] }],
    ['a duplicate paragraph dropped counts once', [doc('a', ['1', '1', '2'])], [doc('a', ['1', '2'])], { added: [], removed: [], changed: [['a', 0, 0, 1]] }],
    ['documents added and removed', [doc('a', ['1']), doc('b', ['2'])], [doc('a', ['1']), doc('c', ['3'])], { added: ['c'], removed: ['b'], changed: [] }],
  ])('%s', (_, before, after, expected) => {
    const changes = indexChanges(info('v1', before), info('v2', after));
    expect({
      added: changes.addedDocuments.map((d) => d.id),
      removed: changes.removedDocuments.map((d) => d.id),
      changed: changes.changedDocuments.map((d) => [d.id, d.changed, d.added, d.removed]),
    }).toEqual(expected);
    expect(hasChanges(changes)).toBe(expected.added.length + expected.removed.length + expected.changed.length > 0);
    expect([changes.from, changes.to]).toEqual(['v1', 'v2']);
  });
});

describe('answerOutdated', () => {
  const before = info('v1', [doc('a', ['1', '2']), doc('b', ['3'])]);
  it.each([
    ['the same build', ['a'], before, false],
    ['its document edited', ['a'], info('v2', [doc('a', ['1', 'x']), doc('b', ['3'])]), true],
    ['another document edited', ['a'], info('v2', [doc('a', ['1', '2']), doc('b', ['y'])]), false],
    ['its document removed', ['b'], info('v2', [doc('a', ['1', '2'])]), true],
    ['a document added leaves an answer from another alone', ['a'], info('v2', [doc('a', ['1', '2']), doc('b', ['3']), doc('c', ['4'])]), false],
    ['a "does not say" is outdated by any change', [], info('v2', [doc('a', ['1', '2']), doc('b', ['3']), doc('c', ['4'])]), true],
    ['a "does not say" stays when a rebuild changed nothing', [], info('v2', [doc('a', ['1', '2']), doc('b', ['3'])]), false],
  ])('%s', (_, docIds, after, expected) => {
    expect(answerOutdated(docIds, before, after)).toBe(expected);
  });
});
