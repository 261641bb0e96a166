/**
 * Distinct synthetic documents for the scale bench, made from one real article:
 * its paragraphs reshuffled (the title stays first), every capitalized word that
 * does not open a sentence replaced by an invented name, and every number by
 * another of as many digits. Deterministic for a given source, count and seed,
 * so bench figures can be reproduced.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One generated document: a file name and its text. */
export interface SyntheticDocument {
  readonly name: string;
  readonly text: string;
}

/** `count` documents derived from `source`, each with its own names and numbers. */
export function syntheticDocuments(source: string, count: number, seed = 1): SyntheticDocument[] {
  return Array.from({ length: count }, (_, i) => ({ name: `synthetic-${String(i + 1).padStart(4, '0')}.txt`, text: variant(source, mulberry32(seed * 100_003 + i)) }));
}

/** Writes `syntheticDocuments` into `dir` (created if missing). */
export async function writeSyntheticCorpus(dir: string, source: string, count: number, seed = 1): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const document of syntheticDocuments(source, count, seed)) await writeFile(path.join(dir, document.name), document.text);
}

function variant(source: string, random: () => number): string {
  const separator = /\n\s*\n/.test(source.trim()) ? '\n\n' : '\n';
  const [title = '', ...rest] = source.trim().split(separator === '\n' ? /\n/ : /\n\s*\n/);
  const paragraphs = shuffle(rest, random);
  // A capitalized word after a lower-case word or a comma names something (one after a
  // sentence end may just open the sentence); it is then renamed wherever it appears.
  // A word the text also writes in lower case ("The", "According") is not a name.
  const lower = new Set(source.match(/\b\p{Ll}+\b/gu) ?? []);
  const names = new Map<string, string>();
  for (const [word] of source.matchAll(/(?<=[\p{Ll},;:] )\p{Lu}\p{Ll}+/gu)) {
    if (!names.has(word) && !lower.has(word.toLowerCase())) names.set(word, inventName(random));
  }
  const rewrite = (text: string) =>
    text
      .replace(/\p{Lu}\p{Ll}+/gu, (word) => names.get(word) ?? word)
      .replace(/\d+/g, (digits) => randomDigits(digits.length, random));
  return `${[title, ...paragraphs].map(rewrite).join(separator)}\n`;
}

const SYLLABLES = ['ka', 'lo', 'ver', 'an', 'dri', 'mos', 'tel', 'ur', 'sa', 'ben', 'qui', 'dor', 'el', 'rha', 'zin', 'po', 'gal', 'mi', 'tor', 'ves'];

function inventName(random: () => number): string {
  const parts = 2 + Math.floor(random() * 2);
  const name = Array.from({ length: parts }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)] ?? 'ka').join('');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function randomDigits(length: number, random: () => number): string {
  let digits = String(1 + Math.floor(random() * 9));
  while (digits.length < length) digits += String(Math.floor(random() * 10));
  return digits;
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** A small seeded PRNG (Mulberry32): uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
