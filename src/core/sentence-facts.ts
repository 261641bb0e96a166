import { normalizeWord, stem } from './terms.ts';
import type { Analyzer, EntityKind, TaggedToken } from './types.ts';

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
  return readSentence(text, analyzer).facts;
}

/**
 * A sentence as the tagger read it, with what `inheritSpeakers` needs to give a
 * quote its speaker from the sentence before: whether a pronoun reports speech
 * ("…," he said), and the proper nouns that could be the person it stands for.
 */
export interface SentenceReading {
  readonly facts: SentenceFacts;
  /** A verb of saying whose only subject near it is a pronoun: who spoke is named elsewhere. */
  readonly pronounSpeaks: boolean;
  /** Stemmed proper nouns, the form `speakers` holds. */
  readonly people: ReadonlySet<string>;
}

/** Reads a sentence's facts, and how it reports speech (see `SentenceReading`). */
export function readSentence(text: string, analyzer: Analyzer): SentenceReading {
  const { tokens, entities } = analyzer.analyze(text);
  const kinds = new Set(entities.map((entity) => entity.kind));
  if (tokens.some((token) => token.pos === 'NUM')) kinds.add('cardinal');
  if (tokens.some((token) => isTimeOfDay(token.text.toLowerCase()))) kinds.add('time');
  const proper = tokens.filter((token) => token.pos === 'PROPN');
  const names = new Set(proper.map((token) => normalizeWord(token.text)).filter((word) => word !== ''));
  const speakers = new Set<string>();
  let pronounSpeaks = false;
  tokens.forEach((token, i) => {
    const according = token.lemma === 'accord' && tokens[i + 1]?.lemma === 'to';
    if (!according && !(token.pos === 'VERB' && REPORTING_VERBS.has(token.lemma))) return;
    const from = according ? i + 2 : windowEdge(tokens, i, -1);
    const to = windowEdge(tokens, i, 1) + 1;
    let named = false;
    let pronoun = false;
    for (let j = from; j < to; j++) {
      const other = tokens[j];
      if (other === undefined || j === i) continue;
      if (other.pos === 'PROPN' || other.pos === 'NOUN') {
        speakers.add(stem(normalizeWord(other.text)));
        named = true;
      } else if (other.pos === 'PRON' && PERSONAL_PRONOUNS.has(other.text.toLowerCase())) pronoun = true;
    }
    if (pronoun && !named) pronounSpeaks = true;
  });
  const people = new Set(proper.map((token) => stem(normalizeWord(token.text))).filter((word) => word !== ''));
  return { facts: { kinds, names, speakers, quoted: QUOTED.test(text) }, pronounSpeaks, people };
}

/**
 * The facts of one paragraph's sentences, in order, with quoted speech credited to
 * its speaker when the sentence itself does not name one: a sentence whose verb of
 * saying has only a pronoun ("…," he said), or that is all quotation (it opens with
 * a quotation mark, or inside one left open), takes the speakers of the sentence
 * right before it, or failing those that sentence's proper nouns ("Ortega was less
 * charitable. "We are paying …," he said."). Only the sentence right before counts,
 * and only within the paragraph: a quote is rarely attributed further away.
 * `starts` are the sentences' offsets in `paragraph`.
 */
export function inheritSpeakers(readings: readonly SentenceReading[], paragraph: string, starts: readonly number[]): SentenceFacts[] {
  const out: SentenceFacts[] = [];
  readings.forEach((reading, i) => {
    const previous = out[i - 1];
    const before = readings[i - 1];
    const { facts } = reading;
    if (facts.speakers.size > 0 || previous === undefined || before === undefined) {
      out.push(facts);
      return;
    }
    const start = starts[i] ?? 0;
    const opensQuote = paragraph[start] === '"' || paragraph[start] === '“';
    const speech = reading.pronounSpeaks || opensQuote || insideQuotation(paragraph.slice(0, start));
    const speakers = previous.speakers.size > 0 ? previous.speakers : before.people;
    out.push(speech && speakers.size > 0 ? { ...facts, speakers } : facts);
  });
  return out;
}

/** Whether a quotation opened in `text` is still open at its end (straight quotes counted, curly ones paired). */
function insideQuotation(text: string): boolean {
  const straight = (text.match(/"/g) ?? []).length;
  return straight % 2 === 1 || text.lastIndexOf('“') > text.lastIndexOf('”');
}

/** Pronouns that can stand for a person who speaks. */
const PERSONAL_PRONOUNS = new Set(['he', 'she', 'they', 'we', 'i']);

/** How many words may stand between a speaker and the verb of saying. */
const SPEAKER_WINDOW = 6;

/**
 * The index of the token `SPEAKER_WINDOW` words away from `tokens[i]` in
 * direction `step` (or the sentence's edge), punctuation not counted: the
 * commas around an apposition ("Korrimar's prime minister, Adaeze Rolund, said")
 * do not push the title out of reach.
 */
function windowEdge(tokens: readonly TaggedToken[], i: number, step: 1 | -1): number {
  let at = i;
  for (let words = 0; words < SPEAKER_WINDOW; ) {
    const next = tokens[at + step];
    if (next === undefined) break;
    at += step;
    if (next.pos !== 'PUNCT') words++;
  }
  return at;
}

/** A phrase of at least one word in straight or curly quotation marks. */
const QUOTED = /["“][^"“”]*\p{L}[^"“”]*["”]/u;

/**
 * Times of day the tagger does not mark as TIME ("before dawn", "by mid-morning"),
 * with or without "mid": a closed class of English, not facts of any article.
 */
const TIMES_OF_DAY = new Set(['dawn', 'daybreak', 'sunrise', 'dusk', 'sunset', 'nightfall', 'morning', 'afternoon', 'evening', 'midday', 'noon', 'midnight']);

function isTimeOfDay(word: string): boolean {
  return TIMES_OF_DAY.has(word) || (word.startsWith('mid') && TIMES_OF_DAY.has(word.replace(/^mid-?/, '')));
}

/** Lemmas of verbs that report speech or writing: a closed class of English, not facts of any article. */
const REPORTING_VERBS = new Set(
  `say tell add argue note warn claim write state insist explain suggest describe call characterize characterise believe
  report contend assert acknowledge admit recall predict estimate caution stress urge announce agree complain deny
  observe remark reply respond comment declare maintain conclude recommend propose concede counter emphasize emphasise
  put ask testify told`.split(/\s+/),
);
