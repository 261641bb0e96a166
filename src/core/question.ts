import type { InvalidReason } from './types.ts';
import { isStopword, normalizeWord, tokenize } from './terms.ts';

/** Longest question accepted, in characters. */
export const MAX_QUESTION_CHARS = 1000;

/** The kind of fact a question asks for, when its wording makes that plain. */
export type ExpectedAnswer = 'quantity' | 'duration' | 'time' | 'person' | 'place' | 'characterization' | 'statement';

/** A question as the engine understands it. */
export interface Question {
  /** The cleaned text: control characters removed, white space folded. */
  readonly text: string;
  /** Stemmed content words, without function words or words about the article itself ("say", "describe"). */
  readonly terms: readonly string[];
  /** Capitalized words that are not the first word, normalized ("Tel", "Aviv" -> "tel", "aviv"). */
  readonly names: readonly string[];
  readonly expects: ExpectedAnswer | null;
  /** The stemmed noun naming the kind of answer in "Which outlet …" / "What organization …", or null. */
  readonly answerType: string | null;
  /** For "What did X say …" (a `statement`): X's stemmed terms; empty otherwise. */
  readonly speaker: readonly string[];
  /** The attribute asked for in "What is X's Y?" / "What is the Y of X?" (stemmed Y), or null. */
  readonly focus: string | null;
}

/** The verdict on raw input: a question to answer, or why not. */
export type QuestionCheck =
  | { readonly ok: true; readonly question: Question }
  | { readonly ok: false; readonly text: string; readonly reason: InvalidReason; readonly message: string };

/** Cleans and checks raw input, and reads what it asks for. Never throws. */
export function parseQuestion(raw: string): QuestionCheck {
  const text = raw
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const invalid = (reason: InvalidReason, message: string): QuestionCheck => ({ ok: false, text, reason, message });
  if (text === '') return invalid('empty', 'Please ask a question about the article, for example: "What did Danny Ayalon call the MoU?"');
  if (text.length > MAX_QUESTION_CHARS) {
    return invalid('too-long', `That question is ${text.length} characters long; please keep it under ${MAX_QUESTION_CHARS}.`);
  }
  if (!/[\p{L}\p{N}]/u.test(text)) return invalid('no-words', 'That has no words in it. Please ask a question about the article in words.');
  if (!looksEnglish(text)) return invalid('not-english', 'I can only answer questions asked in English, the language of the article.');

  const tokens = tokenize(text);
  const terms = tokens.filter((token) => !isStopword(token.word) && !FRAMING.has(token.word)).map((token) => token.term);
  // Capitalized words after the first, and numbers: both name specific things.
  const names = tokens
    .filter((token, i) => (i > 0 && /^\p{Lu}/u.test(text.slice(token.start, token.end))) || /\d/.test(token.word))
    .filter((token) => !isStopword(token.word))
    .map((token) => token.word);
  const speaker = speakerOf(text);
  return {
    ok: true,
    question: {
      text,
      terms: [...new Set(terms)],
      names: [...new Set(names)],
      expects: speaker.length > 0 ? 'statement' : expectedAnswer(text),
      answerType: answerTypeNoun(text),
      speaker,
      focus: focusOf(text),
    },
  };
}

/** "What did Danny Ayalon argue …" -> the terms of "Danny Ayalon"; not for the article or its author. */
function speakerOf(text: string): string[] {
  const match = /^(?:and |so )?what (?:did|does|do|has|have|had|would|will) (.+?) (?:say|said|think|argue|claim|believe|write|report|suggest|warn|note|recommend|propose|want|demand|tell|conclude)\b/i.exec(text);
  const subject = match?.[1];
  if (subject === undefined || /^(?:the |this )?(?:article|author|writer|story|piece|text|report)$/i.test(subject)) return [];
  return tokenize(subject)
    .filter((token) => !isStopword(token.word))
    .map((token) => token.term);
}

/** "What is Kenneth Roth's nationality?" -> "nationality"; "What is the population of Tel Aviv?" -> "population" (stemmed). */
function focusOf(text: string): string | null {
  const match =
    /^what (?:is|was|are|were) (?:the )?[\w.’'-]+(?: [\w.’'-]+)?[’']s? ([a-z]+)\b/i.exec(text) ?? /^what (?:is|was|are|were) the ([a-z]+) of\b/i.exec(text);
  const word = match?.[1]?.toLowerCase();
  if (word === undefined || isStopword(word) || FRAMING.has(word)) return null;
  return tokenize(word)[0]?.term ?? null;
}

/** "Which newspaper reported …" -> "newspaper" (stemmed): the word after which/what, past auxiliaries and articles. */
function answerTypeNoun(text: string): string | null {
  const tokens = tokenize(text);
  const wh = tokens.findIndex((token) => token.word === 'which' || token.word === 'what');
  if (wh === -1) return null;
  const next = tokens.slice(wh + 1).find((token) => !/^(is|are|was|were|the|a|an|kind|type|sort|of)$/.test(token.word) && !FRAMING.has(token.word));
  return next === undefined || isStopword(next.word) ? null : next.term;
}

function expectedAnswer(text: string): ExpectedAnswer | null {
  const lower = text.toLowerCase();
  if (/\bhow long\b|\bfor how many (years|months|weeks|days)\b|\bwhat (is the )?(duration|term length)\b/.test(lower)) return 'duration';
  if (/\bhow (many|much)\b|\b(percentage|percent)\b|\b(what|which) (number|amount|proportion|share|sum)\b|\bnumber of\b/.test(lower)) return 'quantity';
  if (/^(and |so |but )?when\b|\b(what|which) (year|date|day|month|time)\b|\bin (what|which) year\b/.test(lower)) return 'time';
  if (/^(and |so |but )?(who|whom)\b|^(which|what) ([\w.-]+ )?(officials?|persons?|people|leaders?|politicians?|ministers?|presidents?|diplomats?|analysts?|experts?|journalists?|reporters?|authors?|writers?|spokes\w+|negotiators?)\b/.test(lower)) {
    return 'person';
  }
  if (/^(and |so |but )?where\b/.test(lower)) return 'place';
  if (/\b(what|how)\b.*\b(call|calls|called|describe|describes|described|characteri[sz]e[sd]?|label(l?ed)?|dub(bed)?)\b/.test(lower)) return 'characterization';
  return null;
}

/**
 * Not English when mostly in another script, or when it has several common
 * function words of another language and at most half as many of English.
 */
function looksEnglish(text: string): boolean {
  const letters = [...text].filter((char) => /\p{L}/u.test(char));
  const latin = letters.filter((char) => /\p{Script=Latin}/u.test(char));
  if (letters.length > 0 && latin.length / letters.length < 0.5) return false;
  const words = text.split(/[^\p{L}']+/u).map((word) => normalizeWord(word)).filter((word) => word !== '');
  const english = words.filter((word) => isStopword(word)).length;
  const foreign = words.filter((word) => FOREIGN_FUNCTION_WORDS.has(word) && !isStopword(word)).length;
  return !(foreign >= 2 && foreign >= 2 * english);
}

/** Words about the article or the act of asking, not about its content. Compared unstemmed. */
const FRAMING = new Set(
  `article articles story piece text author writer writers mention mentions mentioned mentioning say says said saying
  describe describes described describing description call calls called calling characterize characterizes characterized
  characterise characterises characterised word words term terms phrase phrases refer refers referred think thinks
  tell tells explain explains according please give list name named`.split(/\s+/),
);

const FOREIGN_FUNCTION_WORDS = new Set(
  `el la los las que qué por para sobre una del al es está cómo como cuál quién dónde
  le les des une est qui quoi pour dans avec sur ce cette pourquoi comment
  der die das und ist nicht ein eine mit von warum wie wer was
  il lo gli che perché chi cosa sono della
  o os um uma não porque quem onde com
  het een niet wat waarom hoe`
    .split(/\s+/)
    .map((word) => normalizeWord(word)),
);

