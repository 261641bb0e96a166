/**
 * Checks an hnswlib index file before the native addon reads it. hnswlib trusts
 * every field of the file: a wrong offset, count or neighbour id makes `readIndex`
 * or the first search read outside its buffers and the process dies with a
 * segfault, without a log line. This reads the same layout in JavaScript and
 * refuses anything the native code could not read safely.
 *
 * The layout, from `HierarchicalNSW::saveIndex` in hnswlib's `hnswalg.h` as
 * bundled by hnswlib-node 3.0.0 (little-endian, `size_t` is 8 bytes, `int` and
 * `tableint` 4). Should an upgrade change it, every new build fails its read-back
 * check in `writeIndex` with this module's message, loudly, before it is served:
 *
 * | offset | field                    | type   |
 * | -----: | ------------------------ | ------ |
 * |      0 | offsetLevel0_            | size_t |
 * |      8 | max_elements_            | size_t |
 * |     16 | cur_element_count        | size_t |
 * |     24 | size_data_per_element_   | size_t |
 * |     32 | label_offset_            | size_t |
 * |     40 | offsetData_              | size_t |
 * |     48 | maxlevel_                | int    |
 * |     52 | enterpoint_node_         | uint   |
 * |     56 | maxM_                    | size_t |
 * |     64 | maxM0_                   | size_t |
 * |     72 | M_                       | size_t |
 * |     80 | mult_                    | double |
 * |     88 | ef_construction_         | size_t |
 * |     96 | level 0: per element, its link list (u16 count, u8 flags, u8, maxM0_ × u32), vector (dims × f32), label (u64) |
 * |      … | upper levels: per element, u32 byte size, then level × (u16 count, u16, maxM_ × u32) |
 */

/** What the manifest says the file must hold. */
export interface ExpectedHnsw {
  readonly dimensions: number;
  /** Number of vectors, labelled 0 … elements − 1. */
  readonly elements: number;
}

/** The header size: 12 eight-byte fields, two four-byte fields. */
export const HNSW_HEADER_BYTES = 96;

/** Highest M hnswlib accepts (it caps M at 10,000). */
const MAX_M = 10_000;
/** Highest graph level; with M ≥ 2 reaching even 64 needs more elements than exist. */
const MAX_LEVEL = 64;

/**
 * Returns null when `file` is an index the native reader can open and search
 * safely, holding `expected.elements` vectors of `expected.dimensions`; otherwise
 * the first problem found, e.g. "header field label_offset_ is 2147483647, expected 1668".
 */
export function hnswFileProblem(file: Buffer, expected: ExpectedHnsw): string | null {
  if (file.length < HNSW_HEADER_BYTES) return `the file has ${file.length} bytes, fewer than the ${HNSW_HEADER_BYTES}-byte header`;
  const size = (offset: number): number => {
    const value = file.readBigUInt64LE(offset);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
  };
  const header = {
    offsetLevel0_: size(0),
    max_elements_: size(8),
    cur_element_count: size(16),
    size_data_per_element_: size(24),
    label_offset_: size(32),
    offsetData_: size(40),
    maxlevel_: file.readInt32LE(48),
    enterpoint_node_: file.readUInt32LE(52),
    maxM_: size(56),
    maxM0_: size(64),
    M_: size(72),
    mult_: file.readDoubleLE(80),
    ef_construction_: size(88),
  };
  const m = header.M_;
  if (m < 2 || m > MAX_M) return `header field M_ is ${m}, expected 2 to ${MAX_M}`;
  const linksLevel0 = 4 + 2 * m * 4;
  const vectorBytes = expected.dimensions * 4;
  const wanted: Partial<Record<keyof typeof header, number>> = {
    offsetLevel0_: 0,
    cur_element_count: expected.elements,
    maxM_: m,
    maxM0_: 2 * m,
    offsetData_: linksLevel0,
    label_offset_: linksLevel0 + vectorBytes,
    size_data_per_element_: linksLevel0 + vectorBytes + 8,
  };
  for (const [field, value] of Object.entries(wanted)) {
    const actual = header[field as keyof typeof header];
    if (actual !== value) return `header field ${field} is ${actual}, expected ${value}`;
  }
  const count = expected.elements;
  if (header.max_elements_ < count || header.max_elements_ > Math.max(1, count)) return `header field max_elements_ is ${header.max_elements_}, expected ${Math.max(1, count)}`;
  if (!(Math.abs(header.mult_ - 1 / Math.log(m)) < 1e-9)) return `header field mult_ is ${header.mult_}, expected 1/ln(${m})`;
  if (header.ef_construction_ < m || header.ef_construction_ > 1_000_000) return `header field ef_construction_ is ${header.ef_construction_}, expected ${m} to 1000000`;
  if (count === 0) return file.length === HNSW_HEADER_BYTES ? null : `an empty index has ${file.length - HNSW_HEADER_BYTES} bytes after its header`;
  if (header.maxlevel_ < 0 || header.maxlevel_ > MAX_LEVEL) return `header field maxlevel_ is ${header.maxlevel_}, expected 0 to ${MAX_LEVEL}`;
  if (header.enterpoint_node_ >= count) return `header field enterpoint_node_ is ${header.enterpoint_node_}, expected below ${count}`;

  const perElement = header.size_data_per_element_;
  const level0End = HNSW_HEADER_BYTES + count * perElement;
  if (file.length < level0End + count * 4) return `the file has ${file.length} bytes, too few for ${count} elements`;

  // Every field past the header is a 4-byte word at an offset that is a multiple of 4 (the
  // header is 96 bytes, element and link sizes are in words), so it is read through one
  // word view and one float view of the file rather than Buffer.readUInt32LE and its kin:
  // at start-up, a 1,000-document index (18 million components, 1.5 million links) took
  // 205 ms to check with those reads and 74 ms with these views.
  const aligned = file.byteOffset % 4 === 0 ? file : Buffer.from(Uint8Array.from(file).buffer);
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.length / 4));
  const floats = new Float32Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.length / 4));

  // Upper levels first: a neighbour's level must be known before level 0 is checked.
  const linksUpper = 4 + m * 4;
  const levels = new Int32Array(count);
  const upperAt = new Float64Array(count);
  let at = level0End;
  for (let element = 0; element < count; element++) {
    if (at + 4 > file.length) return `the link lists end early, at element ${element}`;
    const bytes = words[at / 4] as number;
    at += 4;
    if (bytes % linksUpper !== 0) return `element ${element} has an upper link list of ${bytes} bytes, not a multiple of ${linksUpper}`;
    const level = bytes / linksUpper;
    if (level > header.maxlevel_) return `element ${element} is on level ${level}, above maxlevel_ ${header.maxlevel_}`;
    if (at + bytes > file.length) return `element ${element}'s link list runs past the end of the file`;
    levels[element] = level;
    upperAt[element] = at;
    at += bytes;
  }
  if (at !== file.length) return `the file has ${file.length - at} bytes after its last link list`;
  if (levels[header.enterpoint_node_] !== header.maxlevel_) return `the entry point ${header.enterpoint_node_} is not on the top level ${header.maxlevel_}`;

  const labels = new Uint8Array(count);
  for (let element = 0; element < count; element++) {
    const base = HNSW_HEADER_BYTES + element * perElement;
    const problem = linksProblem(words, base, 2 * m, 0, count, levels) ?? (file[base + 2] !== 0 || file[base + 3] !== 0 ? 'has flags set (deleted?)' : null);
    if (problem !== null) return `element ${element} on level 0 ${problem}`;
    const first = (base + linksLevel0) / 4;
    for (let d = first; d < first + expected.dimensions; d++) {
      const value = floats[d] as number;
      // x - x is 0 for every finite x and NaN for NaN and ±Infinity.
      if (value - value !== 0) return `element ${element} has a vector component that is not a number`;
    }
    // A u64 label: its high word set is already far beyond any count.
    const labelAt = (base + linksLevel0 + vectorBytes) / 4;
    const label = words[labelAt + 1] === 0 ? (words[labelAt] as number) : size(labelAt * 4);
    if (label >= count || labels[label] === 1) return `element ${element} has label ${label}, not a unique label below ${count}`;
    labels[label] = 1;
    for (let level = 1; level <= (levels[element] ?? 0); level++) {
      const upper = linksProblem(words, (upperAt[element] ?? 0) + (level - 1) * linksUpper, m, level, count, levels);
      if (upper !== null) return `element ${element} on level ${level} ${upper}`;
    }
  }
  return null;
}

/** Checks the link list at byte `at` (a multiple of 4) of the file's words: its count fits and every neighbour exists on that level. */
function linksProblem(words: Uint32Array, at: number, max: number, level: number, count: number, levels: Int32Array): string | null {
  const first = at / 4;
  // The count is the low half of the list's first word (little-endian u16, then its flags).
  const links = (words[first] as number) & 0xffff;
  if (links > max) return `has ${links} links, more than ${max}`;
  for (let i = 0; i < links; i++) {
    const neighbour = words[first + 1 + i] as number;
    if (neighbour >= count) return `links to element ${neighbour}, beyond the ${count} elements`;
    if ((levels[neighbour] ?? -1) < level) return `links to element ${neighbour}, which is not on that level`;
  }
  return null;
}
