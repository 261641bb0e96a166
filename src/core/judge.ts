import { givesExpected } from './expected-answer.ts';
import type { Lexicon } from './lexicon.ts';
import type { Question } from './question.ts';
import { normalizeWord, stem } from './terms.ts';
import type { RankedSentence } from './retrieve.ts';

/** Whether the best evidence answers the question, and if not, why. */
export type Verdict =
  | { readonly answers: true }
  | { readonly answers: false; readonly reason: string; readonly suggestion?: string };

/**
 * Least evidence (coverage of the question's IDF-weighted terms plus the dense
 * similarity of question and sentence) for the best sentence to count as an
 * answer. Dense similarity alone cannot tell "on the same topic" from "answers
 * the question" (an unanswerable question about the MoU scores as high as
 * answerable ones); the terms asked about can, and the dense part lets a
 * paraphrase that shares few words through.
 */
export const MIN_EVIDENCE = 0.8;

/**
 * Least summed IDF of the question's terms found in the answer's passage (about
 * one rare word, or two of middling rarity). Below it the match rests on words
 * every passage shares.
 */
export const MIN_MATCHED_WEIGHT = 3;

/** Dense similarity at which a passage is close enough to a general question to answer it. */
export const STRONG_SIMILARITY = 0.6;

/**
 * A passage at least this similar, holding at least this share of the question's
 * terms, says what the question says in other words ("DC" for Washington).
 */
export const PARAPHRASE_SIMILARITY = 0.65;
export const PARAPHRASE_COVERAGE = 0.5;

/** Share of a "who" question's terms the passage must hold for a name in it to be the answer. */
export const PERSON_COVERAGE = 0.9;

/** Titles of people, which like names point at someone the article may never mention (stemmed). */
const ROLES = new Set(
  stemAll(
    `president presidents minister ministers premier king queen prince chancellor secretary senator senators congressman
    governor mayor spokesman spokeswoman spokesperson ayatollah cleric general commander ceo chairman envoy negotiator negotiators`,
  ),
);

/**
 * Judges the top-ranked sentence as an answer. It declines when the question
 * names something the article never mentions, when the evidence is weak, or
 * when the question asks for a number, a duration, a time, a person, a place or
 * someone's words and the passage has none.
 */
export function judge(question: Question, best: RankedSentence | undefined, quote: string, lexicon: Lexicon): Verdict {
  if (question.terms.length === 0) return { answers: false, reason: 'the question has no content words to look for' };
  if (best === undefined) return { answers: false, reason: 'the corpus is empty' };
  // A name the article never uses usually means a question about something else
  // ("Tel Aviv", "Netanyahu"), unless the passage is a close paraphrase ("DC" for Washington).
  const unknown = (term: string) => lexicon.match(term) === null && lexicon.expansion(term) === null && !lexicon.knowsName(term);
  // A role asked for ("under which president …") is the kind of answer, not someone the question is about.
  const roles = question.terms.filter((term) => ROLES.has(term) && term !== question.answerType);
  const unknownNames = [...question.names, ...roles].filter(unknown);
  const paraphrase = best.dense >= PARAPHRASE_SIMILARITY && best.coverage >= PARAPHRASE_COVERAGE;
  if (unknownNames.length > 0 && !paraphrase) {
    return { answers: false, reason: `the article never mentions ${[...new Set(unknownNames)].join(', ')}` };
  }
  // "Who negotiated …", "Where was it negotiated?": when the article never uses a
  // word of what was done, it cannot say who did it or where, however close the passage seems.
  const unknownTerms = question.terms.filter((term) => term !== question.answerType && unknown(term));
  if ((question.expects === 'person' || question.expects === 'place') && unknownTerms.length > 0) {
    return { answers: false, reason: `the article never mentions ${unknownTerms.join(', ')}, so it cannot say ${question.expects === 'person' ? 'who' : 'where'}` };
  }
  // "How long does the MoU last?" needs a duration, "What did Hezbollah say?" words of Hezbollah's.
  const typed = question.expects !== null && givesExpected(question, quote);
  if (question.expects !== null && question.expects !== 'characterization' && !typed) {
    return { answers: false, reason: `the question asks for a ${question.expects} and the passage gives none` };
  }
  // A name answers "who …" only in a passage that says what the question says of that person.
  if (question.expects === 'person' && best.coverage < PERSON_COVERAGE) {
    return { answers: false, reason: `the best passage holds ${(best.coverage * 100).toFixed(0)}% of what is asked of the person` };
  }
  // "What is Kenneth Roth's nationality?": the attribute asked for is nowhere in the article.
  if (question.focus !== null && unknown(question.focus) && !paraphrase) {
    return { answers: false, reason: `the article never mentions a ${question.focus}` };
  }
  // "What's in it for Iran?": matching only common words ("Iran") cannot single out an
  // answer, unless the passage also holds the kind of answer asked for ("What did Ayalon
  // say?") or says much the same as the question ("Why are Israelis worried about the MoU?").
  if (best.matchedWeight < MIN_MATCHED_WEIGHT && !typed && best.dense < STRONG_SIMILARITY) {
    return {
      answers: false,
      reason: 'the question is too general: it shares only common words with any passage',
      suggestion: 'Your question is very general: ask about something specific, such as a person, a claim or an event in the article.',
    };
  }
  if (best.coverage + best.dense < MIN_EVIDENCE) {
    return {
      answers: false,
      reason: `weak evidence: the best passage holds ${(best.coverage * 100).toFixed(0)}% of what is asked about at similarity ${best.dense.toFixed(2)}`,
    };
  }
  return { answers: true };
}

function stemAll(words: string): string[] {
  return words
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => stem(normalizeWord(word)));
}
