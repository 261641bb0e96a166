/**
 * The terms of a set that are forms of one word with a given term (see
 * `relatedTerms`), found by lookup rather than by comparing with every term:
 * what keeps matching a question's words independent of the corpus's size.
 */
export interface RelatedIndex {
  /** Every term of the set related to `term` (itself included when present), in the set's order. */
  related(term: string): readonly string[];
}

/** Indexes `terms` (in order; their order is kept in every answer) for `related` lookups. */
export function createRelatedIndex(terms: Iterable<string>): RelatedIndex {
  const position = new Map<string, number>();
  for (const term of terms) if (!position.has(term)) position.set(term, position.size);
  // A longer form is found under each of its shorter starts it is related to.
  const longer = new Map<string, string[]>();
  for (const term of position.keys()) {
    for (let cut = 1; cut <= MAX_EXTRA; cut++) {
      const start = term.slice(0, term.length - cut);
      if (start.length < MIN_SHORT) break;
      const forms = longer.get(start);
      if (forms === undefined) longer.set(start, [term]);
      else forms.push(term);
    }
  }
  return {
    related(term) {
      const found = new Set<string>();
      if (position.has(term)) found.add(term);
      if (term.length >= MIN_SHORT) for (const form of longer.get(term) ?? []) found.add(form);
      for (let cut = 1; cut <= MAX_EXTRA; cut++) {
        const start = term.slice(0, term.length - cut);
        if (start.length < MIN_SHORT) break;
        if (position.has(start)) found.add(start);
      }
      const forms = [...found].filter((form) => relatedTerms(term, form));
      return forms.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    },
  };
}

/**
 * Whether two stemmed terms are forms of one word: "korea" ~ "korean",
 * "japan" ~ "japanes". The shorter (four letters or more) starts the longer,
 * which has at most three letters more.
 */
export function relatedTerms(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= MIN_SHORT && long.startsWith(short) && long.length - short.length <= MAX_EXTRA;
}

/** The bounds of `relatedTerms`: the shorter form has at least this many letters… */
const MIN_SHORT = 4;
/** …and the longer at most this many more. */
const MAX_EXTRA = 3;
