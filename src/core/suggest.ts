import { normalizeWord } from './terms.ts';

/** A question offered as the member types, with what matching reads of it, computed once. */
export interface SuggestionCandidate {
  readonly text: string;
  /** Where it comes from: a heading that is a question, a section, or a question asked in the server. */
  readonly source: 'heading' | 'section' | 'asked';
  readonly lower: string;
  readonly words: readonly string[];
  readonly trigrams: ReadonlySet<string>;
}

/** The generic question offered for a section. The one place this wording lives. */
export function sectionQuestion(heading: string): string {
  return `What does the article say about ${heading.replace(/[.:?!\s]+$/, '')}?`;
}

/**
 * The questions the indexed documents suggest: each heading that is itself a
 * question, then a generic question about each section (see `sectionQuestion`),
 * in document order, without repeats, none longer than `maxChars`.
 */
export function articleSuggestions(documents: readonly { readonly sections: readonly string[] }[], maxChars: number): SuggestionCandidate[] {
  const headings = documents.flatMap((document) => document.sections);
  const texts = [
    ...headings.filter((heading) => heading.trim().endsWith('?')).map((heading) => ({ text: heading.trim(), source: 'heading' as const })),
    ...headings.filter((heading) => !heading.trim().endsWith('?')).map((heading) => ({ text: sectionQuestion(heading.trim()), source: 'section' as const })),
  ];
  const seen = new Set<string>();
  return texts.filter(({ text }) => text.length <= maxChars && !seen.has(text.toLowerCase()) && seen.add(text.toLowerCase())).map(({ text, source }) => candidate(text, source));
}

/** A candidate with its matching data. */
export function candidate(text: string, source: SuggestionCandidate['source']): SuggestionCandidate {
  const lower = fold(text);
  return { text, source, lower, words: wordsOf(lower), trigrams: trigramsOf(lower) };
}

/**
 * Up to `limit` candidates for what was typed so far: those that start with it,
 * then those whose words start with each typed word, then the most similar by
 * letter trigrams (Dice coefficient at least `minSimilarity`). Within a tier, better
 * similarity first, then the order given. Nothing typed: the first `limit`.
 */
export function matchSuggestions(typed: string, candidates: readonly SuggestionCandidate[], limit: number, minSimilarity = MIN_SIMILARITY): SuggestionCandidate[] {
  const lower = fold(typed);
  if (lower === '') return candidates.slice(0, limit);
  const typedWords = wordsOf(lower);
  const typedTrigrams = trigramsOf(lower);
  const scored: { candidate: SuggestionCandidate; tier: number; similarity: number; order: number }[] = [];
  candidates.forEach((option, order) => {
    const similarity = dice(typedTrigrams, option.trigrams);
    if (option.lower.startsWith(lower)) scored.push({ candidate: option, tier: 0, similarity, order });
    else if (typedWords.length > 0 && typedWords.every((word) => option.words.some((other) => other.startsWith(word)))) scored.push({ candidate: option, tier: 1, similarity, order });
    else if (similarity >= minSimilarity) scored.push({ candidate: option, tier: 2, similarity, order });
  });
  return scored
    .sort((a, b) => a.tier - b.tier || b.similarity - a.similarity || a.order - b.order)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/** Least trigram similarity for a suggestion that shares no word prefix with what was typed. Chosen by hand: about a third of the letters in common. */
const MIN_SIMILARITY = 0.3;

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trimStart();
}

function wordsOf(lower: string): string[] {
  return lower
    .split(/[^\p{L}\p{N}’']+/u)
    .map((word) => normalizeWord(word))
    .filter((word) => word !== '');
}

function trigramsOf(lower: string): Set<string> {
  const padded = ` ${lower.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared++;
  return (2 * shared) / (a.size + b.size);
}
