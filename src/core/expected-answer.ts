import { relatedTerms } from './lexicon.ts';
import type { ExpectedAnswer, Question } from './question.ts';
import { isStopword, tokenize } from './terms.ts';

/**
 * Whether a quote holds the kind of answer asked for: a number, a duration, a
 * time; for "who" a name the question does not already contain (or a word for
 * people, such as "analysts"); for "where" such a name; for "what did X call Y"
 * a quoted phrase or an "as a …"; for "what did X say" words attributed to X.
 */
export function givesExpected(question: Question, quote: string): boolean {
  switch (question.expects) {
    case null:
      return true;
    case 'person':
      return newNames(question, quote).length > 0 || PEOPLE.test(quote);
    case 'place':
      return newNames(question, quote).length > 0;
    case 'characterization':
      return /[“"‘]|\bas (a|an|the)\b/.test(quote);
    case 'statement':
      return attributesTo(question.speaker, quote);
    default:
      return EXPECTED[question.expects].test(quote);
  }
}

/** Capitalized words of the quote, not starting a sentence, that the question does not already contain. */
function newNames(question: Question, quote: string): string[] {
  const asked = (term: string) => question.terms.some((other) => relatedTerms(term, other));
  const tokens = tokenize(quote);
  return tokens
    .filter((token, i) => {
      const written = quote.slice(token.start, token.end);
      const sentenceStart = i === 0 || /[.!?]["”’)]*\s*$/.test(quote.slice(tokens[i - 1]?.end ?? 0, token.start));
      return /^\p{Lu}/u.test(written) && !sentenceStart && !isStopword(token.word) && !asked(token.term);
    })
    .map((token) => token.word);
}

/**
 * Whether the quote reports what the speaker said: a word of the speaker shortly
 * before a verb of saying ("Ayalon argues", "Kenneth Roth, writing for …, notes"),
 * or shortly after "according to".
 */
function attributesTo(speaker: readonly string[], quote: string): boolean {
  const tokens = tokenize(quote);
  const isSpeaker = (i: number) => speaker.some((term) => relatedTerms(term, tokens[i]?.term ?? ''));
  return tokens.some((token, i) => {
    if (!isSpeaker(i)) return false;
    const before = tokens.slice(Math.max(0, i - ATTRIBUTION_WINDOW), i).map((other) => other.word).join(' ');
    const after = tokens.slice(i + 1, i + 1 + ATTRIBUTION_WINDOW);
    return /\baccording to\b|\bby\b/.test(before) || after.some((other) => SAYING.test(other.word));
  });
}

/** How many words may stand between a speaker and the verb of saying. */
const ATTRIBUTION_WINDOW = 6;

const SAYING =
  /^(say|says|said|argue[sd]?|arguing|note[sd]?|noting|report(s|ed|ing)?|suggest(s|ed|ing)?|warn(s|ed|ing)?|claim(s|ed)?|contend(s|ed)?|assert(s|ed)?|characteri[sz]e[sd]?|view(s|ed)?|sees?|believe[sd]?|write|writes|writing|wrote|state[sd]?|insist(s|ed)?|told|tells?|describe[sd]?|call(s|ed)?|recommend(s|ed)?|propose[sd]?|demand(s|ed|ing)?|conclude[sd]?)$/;

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?|trillions?|half|several|few';
const TIME_UNITS = 'years?|months?|weeks?|days?|hours?|decades?|centuries|century';
const MONTHS = 'january|february|march|april|may(?= \\d)|june|july|august|september|october|november|december';

const PEOPLE =
  /\b(analysts?|critics?|officials?|experts?|leaders?|diplomats?|ambassadors?|people|citizens|voters|allies|militias?|reporters?|writers?|authors?)\b/i;

const EXPECTED: Record<Exclude<ExpectedAnswer, 'person' | 'place' | 'characterization' | 'statement'>, RegExp> = {
  quantity: new RegExp(`\\d|%|\\b(${NUMBER_WORDS}|percent)\\b`, 'i'),
  duration: new RegExp(`\\b(\\d+|${NUMBER_WORDS}|a|an)[\\s-]+(${TIME_UNITS})\\b|\\b(${TIME_UNITS})-long\\b|\\buntil\\b|\\bexpires?\\b`, 'i'),
  time: new RegExp(`\\b(1[5-9]|20)\\d\\d\\b|\\b(${MONTHS})\\b|\\b(yesterday|today|tomorrow|ago|era|decade|century)\\b|\\b\\d{1,2}(st|nd|rd|th)\\b`, 'i'),
};
