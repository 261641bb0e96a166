import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hnswFileProblem } from '../../src/adapters/hnsw-file.ts';
import { writeIndex } from '../../src/adapters/index-store.ts';

const DIMS = 8;
const COUNT = 300;
let dir: string;
let pristine: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hnsw-file-'));
  const vectors = Array.from({ length: COUNT }, (_, i) => Float32Array.from({ length: DIMS }, (_, d) => Math.sin(i * 3 + d)));
  const stored = await writeIndex(dir, {
    manifest: { modelId: 'm', dimensions: DIMS, corpusHash: 'h', corpusStamp: 's', chunkerVersion: 1, builtAt: new Date().toISOString(), documents: 1, chunks: 1 },
    documents: [{ id: 'd', title: 'd', url: null, text: 'One paragraph.' }],
    chunks: [{ id: 0, doc: 'd', paragraph: 1, section: null, start: 0, end: 14, text: 'One paragraph.', sentences: [] }],
    vectors,
    vocabulary: { words: [], terms: [], vectors: [] },
    digest: { terms: [], chunks: [[]], sentences: [], lexicon: { sentences: 0, terms: [], frequencies: [], names: [], acronyms: [] } },
  });
  pristine = await readFile(path.join(dir, 'builds', stored.id, 'vectors.hnsw'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const expected = { dimensions: DIMS, elements: COUNT };
const withBytes = (offset: number, bytes: number[]) => {
  const copy = Buffer.from(pristine);
  Buffer.from(bytes).copy(copy, offset);
  return copy;
};
const FF7F = [0xff, 0xff, 0xff, 0x7f];

describe('the hnswlib file layout check', () => {
  it('accepts the file hnswlib wrote', () => {
    expect(hnswFileProblem(pristine, expected)).toBeNull();
  });

  it.each([
    [0, /^header field offsetLevel0_ is 2147483647, expected 0$/],
    [8, /^header field max_elements_ is \d+, expected 300$/],
    [16, /^header field cur_element_count is \d+, expected 300$/],
    [24, /^header field size_data_per_element_ is \d+, expected 172$/],
    [32, /^header field label_offset_ is \d+, expected 164$/],
    [40, /^header field offsetData_ is \d+, expected 132$/],
    [48, /^header field maxlevel_ is 2147483647, expected 0 to 64$/],
    [52, /^header field enterpoint_node_ is 2147483647, expected below 300$/],
    [56, /^header field maxM_ is \d+, expected 16$/],
    [64, /^header field maxM0_ is \d+, expected 32$/],
    [72, /^header field M_ is \d+, expected 2 to 10000$/],
    [84, /^header field mult_ is .*, expected 1\/ln\(16\)$/],
    [88, /^header field ef_construction_ is \d+, expected 16 to 1000000$/],
    [96, /^element 0 on level 0 has 65535 links, more than 32$/],
    [100, /^element 0 on level 0 links to element 2147483647, beyond the 300 elements$/],
  ])('ff ff ff 7f at byte %i is refused: %s', (offset, message) => {
    expect(hnswFileProblem(withBytes(offset, FF7F), expected)).toMatch(message);
  });

  it('refuses a vector that is not a number, a duplicate label, a bad upper link list, a truncated or padded file', () => {
    const perElement = 172;
    expect(hnswFileProblem(withBytes(96 + 132, [0xff, 0xff, 0xff, 0xff]), expected)).toMatch(/^element 0 has a vector component that is not a number$/);
    const label1 = pristine.subarray(96 + perElement + 164, 96 + perElement + 172);
    expect(hnswFileProblem(withBytes(96 + 164, [...label1]), expected)).toMatch(/^element 1 has label 1, not a unique label below 300$/);
    expect(hnswFileProblem(withBytes(96 + COUNT * perElement, [3, 0, 0, 0]), expected)).toMatch(/^element 0 has an upper link list of 3 bytes, not a multiple of 68$/);
    expect(hnswFileProblem(pristine.subarray(0, pristine.length - 1), expected)).toMatch(/link list runs past the end|link lists end early/);
    expect(hnswFileProblem(Buffer.concat([pristine, Buffer.alloc(4)]), expected)).toBe('the file has 4 bytes after its last link list');
    expect(hnswFileProblem(pristine.subarray(0, 50), expected)).toBe('the file has 50 bytes, fewer than the 96-byte header');
  });

  it('refuses a file that does not hold what the manifest says', () => {
    expect(hnswFileProblem(pristine, { dimensions: DIMS + 1, elements: COUNT })).toMatch(/^header field label_offset_ is 164, expected 168$/);
    expect(hnswFileProblem(pristine, { dimensions: DIMS, elements: COUNT - 1 })).toMatch(/^header field cur_element_count is 300, expected 299$/);
  });
});
