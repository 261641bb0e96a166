import { givesExpected } from './expected-answer.ts';
import type { Lexicon } from './lexicon.ts';
import type { Question } from './question.ts';
import type { RankedSentence } from './retrieve.ts';

/** Whether the best evidence answers the question, and if not, why. */
export type Verdict = { readonly answers: true } | { readonly answers: false; readonly reason: string };

/**
 * Least evidence (coverage of the question's IDF-weighted terms plus the dense
 * similarity of question and sentence) for the best sentence to count as an
 * answer. Dense similarity alone cannot tell "on the same topic" from "answers
 * the question" (an unanswerable question about the MoU scores as high as
 * answerable ones); the terms asked about can, and the dense part lets a
 * paraphrase that shares few words through.
 */
export const MIN_EVIDENCE = 0.8;

/** Dense similarity above which a passage is taken to say what the question says, in other words. */
export const PARAPHRASE_SIMILARITY = 0.65;

/**
 * Judges the top-ranked sentence as an answer. It declines when the question
 * names something the article never mentions, when the evidence is weak, or
 * when the question asks for a number, a duration, a time or a person and the
 * passage has none.
 */
export function judge(question: Question, best: RankedSentence | undefined, quote: string, lexicon: Lexicon): Verdict {
  if (question.terms.length === 0) return { answers: false, reason: 'the question has no content words to look for' };
  if (best === undefined) return { answers: false, reason: 'the corpus is empty' };
  // A name the article never uses usually means a question about something else
  // ("Tel Aviv", "Netanyahu"), unless the passage is a close paraphrase ("DC" for Washington).
  const unknownNames = question.names.filter((name) => lexicon.match(name) === null && !lexicon.knowsName(name));
  if (unknownNames.length > 0 && best.dense < PARAPHRASE_SIMILARITY) {
    return { answers: false, reason: `the article never mentions ${unknownNames.join(', ')}` };
  }
  if (best.coverage + best.dense < MIN_EVIDENCE) {
    return {
      answers: false,
      reason: `weak evidence: the best passage holds ${(best.coverage * 100).toFixed(0)}% of what is asked about at similarity ${best.dense.toFixed(2)}`,
    };
  }
  if (question.expects !== null && question.expects !== 'characterization' && !givesExpected(question, quote)) {
    return { answers: false, reason: `the question asks for a ${question.expects} and the passage gives none` };
  }
  return { answers: true };
}
