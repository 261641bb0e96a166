import { normalizeWord, stem } from './terms.ts';
import type { Analyzer, EntityKind } from './types.ts';

/**
 * What a sentence holds that a question may ask for, read once per index by
 * the tagger: kinds of values, names, and whose words it reports.
 */
export interface SentenceFacts {
  /** Kinds of values the tagger found (dates, durations, money, percentages, counts…). */
  readonly kinds: ReadonlySet<EntityKind>;
  /** Proper nouns, normalized ("Marcus", "Lee" -> "marcus", "lee"). */
  readonly names: ReadonlySet<string>;
  /** Stemmed words of whoever the sentence reports as speaking ("…," said Marcus Lee / Okafor argues / according to X). */
  readonly speakers: ReadonlySet<string>;
  /** Whether it quotes a phrase in quotation marks. */
  readonly quoted: boolean;
}

/** Sentence facts as stored with an index (see `CorpusDigest`): plain arrays. */
export interface SentenceFactsData {
  readonly kinds: readonly EntityKind[];
  readonly names: readonly string[];
  readonly speakers: readonly string[];
  readonly quoted: boolean;
}

/** The stored form of a sentence's facts. */
export function factsData(facts: SentenceFacts): SentenceFactsData {
  return { kinds: [...facts.kinds], names: [...facts.names], speakers: [...facts.speakers], quoted: facts.quoted };
}

/** A sentence's facts from their stored form. */
export function factsFrom(data: SentenceFactsData): SentenceFacts {
  return { kinds: new Set(data.kinds), names: new Set(data.names), speakers: new Set(data.speakers), quoted: data.quoted };
}

/**
 * Reads a sentence's facts. A speaker is a proper noun or noun within a few
 * words of a verb of saying (before or after it), or right after "according to".
 */
export function sentenceFacts(text: string, analyzer: Analyzer): SentenceFacts {
  const { tokens, entities } = analyzer.analyze(text);
  const kinds = new Set(entities.map((entity) => entity.kind));
  if (tokens.some((token) => token.pos === 'NUM')) kinds.add('cardinal');
  const names = new Set(tokens.filter((token) => token.pos === 'PROPN').map((token) => normalizeWord(token.text)).filter((word) => word !== ''));
  const speakers = new Set<string>();
  tokens.forEach((token, i) => {
    const according = token.lemma === 'accord' && tokens[i + 1]?.lemma === 'to';
    if (!according && !(token.pos === 'VERB' && REPORTING_VERBS.has(token.lemma))) return;
    const from = according ? i + 2 : Math.max(0, i - SPEAKER_WINDOW);
    const to = Math.min(tokens.length, i + 1 + SPEAKER_WINDOW);
    for (let j = from; j < to; j++) {
      const other = tokens[j];
      if (other === undefined || j === i) continue;
      if (other.pos === 'PROPN' || other.pos === 'NOUN') speakers.add(stem(normalizeWord(other.text)));
    }
  });
  return { kinds, names, speakers, quoted: QUOTED.test(text) };
}

/** How many words may stand between a speaker and the verb of saying. */
const SPEAKER_WINDOW = 6;

/** A phrase of at least one word in straight or curly quotation marks. */
const QUOTED = /["“][^"“”]*\p{L}[^"“”]*["”]/u;

/** Lemmas of verbs that report speech or writing: a closed class of English, not facts of any article. */
const REPORTING_VERBS = new Set(
  `say tell add argue note warn claim write state insist explain suggest describe call characterize characterise believe
  report contend assert acknowledge admit recall predict estimate caution stress urge announce agree complain deny
  observe remark reply respond comment declare maintain conclude recommend propose concede counter emphasize emphasise
  put ask testify told`.split(/\s+/),
);
