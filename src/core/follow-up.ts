import { parseQuestion, type Question } from './question.ts';
import { isStopword, normalizeWord, tokenize } from './terms.ts';
import type { Answer, Citation } from './types.ts';

/** The earlier question and answer a follow-up is asked about. */
export interface PreviousTurn {
  /** The earlier question as understood (for a follow-up of a follow-up, its resolved `search`). */
  readonly question: string;
  /** The earlier answer's quotes, the answer first; empty when it was declined. */
  readonly citations: readonly Pick<Citation, 'quote' | 'doc' | 'section' | 'paragraph' | 'start' | 'end'>[];
}

/** Where the earlier answer came from: retrieval favours passages there (see `preferEarlier`). */
export interface EarlierPlace {
  readonly doc: string;
  readonly section: string | null;
  readonly paragraph: number;
  /** The earlier first quote, `[start, end)` in `doc`: what the asker has already read. */
  readonly start: number;
  readonly end: number;
}

/** A follow-up as the engine searches it. */
export interface ResolvedFollowUp {
  /** The question to search: the follow-up with the subject it leaves out, taken from the earlier question and answer. */
  readonly search: string;
  /** How the subject was found: `replaces` reads "what about X?" / "and X?" as the earlier question about X; `adds` appends the earlier subject. */
  readonly how: 'replaces' | 'adds';
  /** The earlier answer's place, or null when it quoted nothing. */
  readonly prefer: EarlierPlace | null;
}

/**
 * Reads a follow-up in the context of the earlier turn. Two shapes:
 * - elliptical ("what about Zone 3?", "and weekly?", "and on placebo?"): no question
 *   word of its own, so it asks the earlier question again about what it names;
 *   the earlier question's names give way to a name it brings;
 * - anything else ("when?", "who said that?", "where does she work?"): its own
 *   question, followed by the subject it leaves out: the earlier question's
 *   content words and the names in the earlier answer's first quote.
 * Pure: no model, no index.
 */
export function resolveFollowUp(followUp: string, previous: PreviousTurn): ResolvedFollowUp {
  const text = followUp.replace(/\s+/g, ' ').trim();
  const [first] = previous.citations;
  const prefer = first === undefined ? null : { doc: first.doc, section: first.section, paragraph: first.paragraph, start: first.start, end: first.end };
  const focus = ellipticalFocus(text);
  if (focus !== null) {
    // The focus is a fragment, so its first word may be a name too ("what about Korrin?").
    const earlier = namesOf(`— ${focus}`).length > 0 ? withoutNames(previous.question) : previous.question;
    return { search: joinWords([earlier, focus]), how: 'replaces', prefer };
  }
  const subject = [...contentWords(previous.question), ...(first === undefined ? [] : namesOf(first.quote).slice(0, MAX_ANSWER_NAMES))];
  const own = new Set(contentWords(text).map((word) => word.toLowerCase()));
  const added = [...new Set(subject)].filter((word) => !own.has(word.toLowerCase()));
  return { search: joinWords([text, added.join(' ')]), how: 'adds', prefer };
}

/**
 * What a reply's question was understood as, for a follow-up to that reply: a follow-up
 * with the subject it took from its own earlier turn, any other question as asked.
 */
export function understoodQuestion(asked: string, answer: Answer, followUp: PreviousTurn | null | undefined): string {
  return followUp === null || followUp === undefined ? answer.question : resolveFollowUp(asked, followUp).search;
}

/** The turn a follow-up to `answer` refers to; `question` is what it asked as understood (the answer's own question by default). */
export function previousTurn(answer: Answer, question: string = answer.question): PreviousTurn {
  const citations = answer.kind === 'answered' || answer.kind === 'closest' ? answer.citations : [];
  return { question, citations: citations.map(({ quote, doc, section, paragraph, start, end }) => ({ quote, doc, section, paragraph, start, end })) };
}

/**
 * The question the engine searches for a follow-up: `resolved.search` as understood,
 * shown back as the follow-up was asked. `asked` itself when the search text cannot
 * be read (longer than a question may be).
 */
export function followUpQuestion(asked: Question, resolved: ResolvedFollowUp): Question {
  const parsed = parseQuestion(resolved.search);
  return parsed.ok ? { ...parsed.question, asked: asked.asked } : asked;
}

/** Names taken from the earlier answer's first quote. A count: a quote names a handful of people and places at most. */
const MAX_ANSWER_NAMES = 4;

/** Words that open a question of its own: a follow-up starting with one is not elliptical. */
const QUESTION_OPENERS = new Set(
  'who whom whose what which when where why how is are was were do does did can could will would should has have had'.split(' '),
);

/** "what about X?", "how about X?", "and X?", "X?" without a question word: X. Null for a question of its own. */
function ellipticalFocus(text: string): string | null {
  const about = /^(?:(?:and|but|so|ok|okay)\s*,?\s+)?(?:what|how)\s+about\s+(.+?)[?.!\s]*$/i.exec(text);
  if (about?.[1] !== undefined) return about[1];
  const words = text.replace(/^(?:and|but|or|so)\b[\s,]*/i, '');
  const firstWord = normalizeWord(/^[\p{L}’']+/u.exec(words)?.[0] ?? '');
  const startsQuestion = QUESTION_OPENERS.has(firstWord) || /\b(?:who|what|when|where|why|how|which)\b/i.test(words);
  if (startsQuestion || tokenize(words).every((token) => isStopword(token.word))) return null;
  // Only an addition to the earlier question when it is short; a longer text is a question of its own.
  return tokenize(words).length <= MAX_ELLIPSIS_WORDS ? words.replace(/[?.!\s]+$/, '') : null;
}

/** Longest follow-up without a question word still read as "the same, about X" ("and on placebo?"). Words. */
const MAX_ELLIPSIS_WORDS = 4;

/** Content words of `text` as written, in order, without function words. */
function contentWords(text: string): string[] {
  return tokenize(text)
    .filter((token) => !isStopword(token.word))
    .map((token) => text.slice(token.start, token.end));
}

/** Capitalized words that do not open a sentence, and numbers: the names of a text, as written. */
export function namesOf(text: string): string[] {
  const names: string[] = [];
  for (const token of tokenize(text)) {
    const raw = text.slice(token.start, token.end);
    const before = text.slice(0, token.start).trimEnd();
    const opensSentence = before === '' || /[.!?:“"‘(]$/.test(before);
    if (isStopword(token.word)) continue;
    if ((/^\p{Lu}/u.test(raw) && !opensSentence) || /\d/.test(raw)) names.push(raw);
  }
  return [...new Set(names)];
}

/** `text` without its names (see `namesOf`). */
function withoutNames(text: string): string {
  const names = new Set(namesOf(text));
  return tokenize(text)
    .map((token) => text.slice(token.start, token.end))
    .filter((word) => !names.has(word))
    .join(' ');
}

function joinWords(parts: readonly string[]): string {
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ');
}
