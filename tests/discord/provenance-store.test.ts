import { describe, expect, it } from 'vitest';
import type { Provenance } from '../../src/discord/provenance.ts';
import { createProvenanceStore } from '../../src/discord/provenance-store.ts';

const HOUR = 3_600_000;

function record(question: string): Provenance {
  return { question, outcome: 'declined', reason: null, confidence: 0, features: null, unknownNames: [], unknownTerms: [], candidates: [], index: {} as Provenance['index'], at: '2026-01-01T00:00:00.000Z' };
}

describe('createProvenanceStore', () => {
  it('keeps the last maxReplies records and forgets the oldest first', () => {
    const store = createProvenanceStore({ maxReplies: 2, maxAgeMs: HOUR });
    store.add('m1', record('one'));
    store.add('m2', record('two'));
    store.add('m3', record('three'));
    expect([store.get('m1'), store.get('m2')?.question, store.get('m3')?.question]).toEqual([undefined, 'two', 'three']);
    expect(store.size).toBe(2);
  });

  it('forgets a record once it is older than maxAgeMs, and not a moment before', () => {
    let clock = 0;
    const store = createProvenanceStore({ maxReplies: 10, maxAgeMs: HOUR, now: () => clock });
    store.add('old', record('old'));
    clock = HOUR / 2;
    store.add('newer', record('newer'));
    clock = HOUR;
    expect(store.get('old')?.question).toBe('old');
    clock = HOUR + 1;
    expect(store.get('old')).toBeUndefined();
    expect(store.get('newer')?.question).toBe('newer');
    expect(store.size).toBe(1);
  });

  it('keeps nothing with maxReplies 0', () => {
    const store = createProvenanceStore({ maxReplies: 0, maxAgeMs: HOUR });
    store.add('m1', record('one'));
    expect(store.get('m1')).toBeUndefined();
  });

  it('a record added again counts as new', () => {
    const store = createProvenanceStore({ maxReplies: 2, maxAgeMs: HOUR });
    store.add('m1', record('one'));
    store.add('m2', record('two'));
    store.add('m1', record('one again'));
    store.add('m3', record('three'));
    expect([store.get('m1')?.question, store.get('m2'), store.get('m3')?.question]).toEqual(['one again', undefined, 'three']);
  });
});
