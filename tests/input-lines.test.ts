import { describe, expect, it } from 'vitest';
import { inputLines } from '../src/input-lines.ts';

async function lines(chunks: (string | Buffer)[]): Promise<string[]> {
  const out: string[] = [];
  // An array is an (async-)iterable of chunks, as a stream is.
  for await (const line of inputLines(toAsync(chunks))) out.push(line);
  return out;
}

function toAsync<T>(items: T[]): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => {
      let i = 0;
      return { next: () => Promise.resolve(i < items.length ? { value: items[i++]!, done: false } : { value: undefined, done: true as const }) };
    },
  };
}

describe('batch input lines', () => {
  it.each([
    [['a\rb\n'], ['a\rb']],
    [['one\r\ntwo\nthree'], ['one', 'two', 'three']],
    [['one\r', '\ntwo\r'], ['one', 'two\r']],
    [['\n\n'], ['', '']],
    [['x\r\r\n'], ['x\r']],
    [[Buffer.from('caf'), Buffer.from([0xc3]), Buffer.from([0xa9, 0x0a])], ['café']],
    [[], []],
  ])('%j -> %j', async (chunks, expected) => {
    expect(await lines(chunks)).toEqual(expected);
  });

  it('splits 100,000 lines in one chunk in linear time', async () => {
    const started = performance.now();
    expect(await lines(['question?\n'.repeat(100_000)])).toHaveLength(100_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
