import { relatedTerms } from './lexicon.ts';
import type { ExpectedAnswer, Question } from './question.ts';
import { isStopword, tokenize } from './terms.ts';

/**
 * Whether a quote holds the kind of answer asked for: a number, a duration, a
 * time; for "who" a name the question does not already contain (or a word for
 * people, such as "analysts"); for "what did X call Y" a quoted phrase or an "as a …".
 */
export function givesExpected(question: Question, quote: string): boolean {
  if (question.expects === 'person') {
    const asked = (term: string) => question.terms.some((other) => relatedTerms(term, other));
    const names = tokenize(quote).filter((token, i, all) => {
      const written = quote.slice(token.start, token.end);
      const sentenceStart = i === 0 || /[.!?]["”’)]*\s*$/.test(quote.slice(all[i - 1]?.end ?? 0, token.start));
      return /^\p{Lu}/u.test(written) && !sentenceStart && !isStopword(token.word) && !asked(token.term);
    });
    return names.length > 0 || PEOPLE.test(quote);
  }
  if (question.expects === 'characterization') return /[“"‘]|\bas (a|an|the)\b/.test(quote);
  return question.expects === null || EXPECTED[question.expects].test(quote);
}

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?|trillions?|half|several|few';
const TIME_UNITS = 'years?|months?|weeks?|days?|hours?|decades?|centuries|century';
const MONTHS = 'january|february|march|april|may(?= \\d)|june|july|august|september|october|november|december';

const PEOPLE =
  /\b(analysts?|critics?|officials?|experts?|leaders?|diplomats?|ambassadors?|people|citizens|voters|allies|militias?|reporters?|writers?|authors?)\b/i;

const EXPECTED: Record<Exclude<ExpectedAnswer, 'person' | 'characterization'>, RegExp> = {
  quantity: new RegExp(`\\d|%|\\b(${NUMBER_WORDS}|percent)\\b`, 'i'),
  duration: new RegExp(`\\b(\\d+|${NUMBER_WORDS}|a|an)[\\s-]+(${TIME_UNITS})\\b|\\b(${TIME_UNITS})-long\\b|\\buntil\\b|\\bexpires?\\b`, 'i'),
  time: new RegExp(`\\b(1[5-9]|20)\\d\\d\\b|\\b(${MONTHS})\\b|\\b(yesterday|today|tomorrow|ago|era|decade|century)\\b|\\b\\d{1,2}(st|nd|rd|th)\\b`, 'i'),
};
