import { relatedTerms } from './related-index.ts';
import type { ExpectedAnswer, Question } from './question.ts';
import type { SentenceFacts } from './sentence-facts.ts';
import type { EntityKind } from './types.ts';

/** Whether a sentence holds the kind of answer a question asks for. */
export type KindMatch = 'not-asked' | 'found' | 'missing';

/**
 * Checks a sentence's facts against the kind of answer asked for: a count, money
 * or percentage for "how many/much" or "what is the fare/rate…", a duration for
 * "how long", a date or time (of day too: "before dawn") for "when", a name the
 * question does not already hold for "who"/"where", a quoted phrase for "what did
 * X call Y", words reported as X's for "what did X say".
 */
export function kindMatch(question: Question, facts: SentenceFacts): KindMatch {
  if (question.expects === null) return 'not-asked';
  return holds(question.expects, question, facts) ? 'found' : 'missing';
}

/** The kind asked for, in words, for a reason's detail ("a number"). */
export function kindInWords(expects: ExpectedAnswer): string {
  return KIND_WORDS[expects];
}

function holds(expects: ExpectedAnswer, question: Question, facts: SentenceFacts): boolean {
  switch (expects) {
    case 'person':
    case 'place':
      return [...facts.names].some((name) => !question.names.includes(name) && !question.terms.some((term) => relatedTerms(term, name)));
    case 'characterization':
      return facts.quoted;
    case 'statement':
      return question.speaker.some((term) => [...facts.speakers].some((speaker) => relatedTerms(term, speaker)));
    default:
      return ENTITIES[expects].some((kind) => facts.kinds.has(kind));
  }
}

const ENTITIES: Record<'quantity' | 'duration' | 'time', readonly EntityKind[]> = {
  quantity: ['cardinal', 'money', 'percent'],
  duration: ['duration', 'date'],
  time: ['date', 'time'],
};

const KIND_WORDS: Record<ExpectedAnswer, string> = {
  quantity: 'a number',
  duration: 'a duration',
  time: 'a date or time',
  person: 'a person',
  place: 'a place',
  characterization: 'a quoted phrase',
  statement: 'words reported as theirs',
};
