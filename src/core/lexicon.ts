import { createRelatedIndex } from './related-index.ts';
import { isStopword, stem, tokenize } from './terms.ts';

/**
 * What the corpus says, word by word: how rare each term is (over sentences)
 * and the names and acronyms it mentions. Built once per index, then read-only.
 */
export interface Lexicon {
  /** Inverse document frequency of a term; unseen terms get the highest value. */
  idf(term: string): number;
  /** The corpus term a question term matches (itself, or a word sharing its start), or null. */
  match(term: string): string | null;
  /** The stemmed words an acronym of the corpus stands for ("cia" -> central, intelligence, agency), or null. */
  expansion(acronym: string): readonly string[] | null;
  /** Whether the corpus uses a question term in any form: as a word, a related form, an acronym it spells out, or a name. */
  knows(term: string): boolean;
}

/**
 * What a lexicon is made from, computed once per build and stored with the index
 * so that opening an index does not read every sentence again.
 */
export interface LexiconData {
  /** How many sentences the frequencies count. */
  readonly sentences: number;
  /** Every term of the sentences, in order of first appearance, with the number of sentences holding it. */
  readonly terms: readonly string[];
  readonly frequencies: readonly number[];
  /** Capitalized words and acronyms of the documents (see `namesIn`). */
  readonly names: readonly string[];
  /** Acronyms and the stemmed words they stand for. */
  readonly acronyms: readonly (readonly [string, readonly string[]])[];
}

/** Counts what a lexicon needs in sentence texts and the documents' full texts. */
export function lexiconData(sentences: readonly string[], documentTexts: readonly string[]): LexiconData {
  const df = new Map<string, number>();
  for (const sentence of sentences) {
    const terms = new Set(tokenize(sentence).filter((token) => !isStopword(token.word)).map((token) => token.term));
    for (const term of terms) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const { names, acronyms } = namesIn(documentTexts);
  return { sentences: sentences.length, terms: [...df.keys()], frequencies: [...df.values()], names: [...names], acronyms: [...acronyms] };
}

/** The lexicon of stored data; lookups cost the same whatever the corpus's size. */
export function lexiconFrom(data: LexiconData): Lexicon {
  const df = new Map(data.terms.map((term, i) => [term, data.frequencies[i] ?? 0]));
  const n = data.sentences;
  const idfOf = (freq: number) => Math.log(1 + (n - freq + 0.5) / (freq + 0.5));
  const names = new Set(data.names);
  const acronyms = new Map(data.acronyms);
  const forms = createRelatedIndex(data.terms);
  const matches = new Map<string, string | null>();

  const match = (term: string): string | null => {
    if (df.has(term)) return term;
    const cached = matches.get(term);
    if (cached !== undefined) return cached;
    const found = forms.related(term)[0] ?? null;
    matches.set(term, found);
    return found;
  };

  return {
    idf: (term) => {
      const known = match(term);
      return idfOf(known === null ? 0 : (df.get(known) ?? 0));
    },
    match,
    expansion: (acronym) => acronyms.get(acronym) ?? null,
    knows: (term) => match(term) !== null || acronyms.has(term) || names.has(term),
  };
}

/**
 * Capitalized words and the initials of runs of them ("cia"; "jcpoa" for "Joint
 * Comprehensive Plan of Action"), lower-cased with dots removed ("U.S." -> "us").
 */
function namesIn(texts: readonly string[]): { names: Set<string>; acronyms: Map<string, string[]> } {
  const names = new Set<string>();
  const acronyms = new Map<string, string[]>();
  for (const text of texts) {
    const tokens = tokenize(text);
    let run: { word: string; capital: boolean }[] = [];
    // Runs of capitalized words ("Central Intelligence Agency") give acronyms ("cia").
    const flush = () => {
      while (run.length > 0 && !run.at(-1)?.capital) run.pop();
      const capitals = run.filter((part) => part.capital);
      if (capitals.length > 1) {
        const words = capitals.map((part) => stem(part.word));
        for (const acronym of [run.map((part) => part.word[0]).join(''), capitals.map((part) => part.word[0]).join('')]) {
          names.add(acronym);
          if (!acronyms.has(acronym)) acronyms.set(acronym, words);
        }
      }
      run = [];
    };
    for (const token of tokens) {
      const original = text.slice(token.start, token.end);
      const capital = /^\p{Lu}/u.test(original);
      if (capital) {
        names.add(token.word);
        run.push({ word: token.word, capital: true });
      } else if (run.length > 0 && ['of', 'for', 'and', 'the'].includes(token.word)) {
        run.push({ word: token.word, capital: false });
      } else {
        flush();
      }
      // A run of names ends at punctuation between words.
      if (/^[,;:)]/.test(text.slice(token.end, token.end + 1))) flush();
    }
    flush();
  }
  return { names, acronyms };
}
