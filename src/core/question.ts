import type { InvalidReason } from './types.ts';
import { isStopword, normalizeWord, tokenize } from './terms.ts';

/** Longest question accepted, in characters. */
export const MAX_QUESTION_CHARS = 1000;

/** The kind of fact a question asks for, when its wording makes that plain. */
export type ExpectedAnswer = 'quantity' | 'duration' | 'time' | 'person' | 'place' | 'characterization' | 'statement';

/** A question as the engine understands it. */
export interface Question {
  /** The question as asked, to show back: control characters removed, white space folded, mentions kept (the renderer escapes them). */
  readonly asked: string;
  /** The question as understood: also without mentions, custom emoji and escape sequences (see `cleanQuestion`). */
  readonly text: string;
  /** The text to embed: `text` without chat filler ("lol", "rn", "wait"), which says nothing about the article. */
  readonly searchText: string;
  /** Stemmed content words, without function words, chat filler or words about the article itself ("say", "describe"). */
  readonly terms: readonly string[];
  /** Each term's word as written (lower-case), for matching it to the article's words by meaning. */
  readonly words: ReadonlyMap<string, string>;
  /** Capitalized words that are not the first word, normalized ("Tel", "Aviv" -> "tel", "aviv"). */
  readonly names: readonly string[];
  readonly expects: ExpectedAnswer | null;
  /** The stemmed noun naming the kind of answer in "Which outlet …" / "What organization …", or null. */
  readonly answerType: string | null;
  /** For "What did X say …" (a `statement`): X's stemmed terms; empty otherwise. */
  readonly speaker: readonly string[];
}

/** The verdict on raw input: a question to answer, or why not. */
export type QuestionCheck =
  | { readonly ok: true; readonly question: Question }
  | { readonly ok: false; readonly text: string; readonly reason: InvalidReason; readonly message: string };

/** Cleans and checks raw input, and reads what it asks for. Never throws. */
export function parseQuestion(raw: string): QuestionCheck {
  const asked = raw
    .replace(ANSI, ' ')
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const text = cleanQuestion(raw);
  const invalid = (reason: InvalidReason, message: string): QuestionCheck => ({ ok: false, text: asked, reason, message });
  if (text === '') return invalid('empty', 'Please ask a question about the article.');
  if (text.length > MAX_QUESTION_CHARS) {
    return invalid('too-long', `That question is ${text.length} characters long; please keep it under ${MAX_QUESTION_CHARS}.`);
  }
  if (!/[\p{L}\p{N}]/u.test(text)) return invalid('no-words', 'That has no words in it. Please ask a question about the article in words.');
  if (!looksEnglish(text)) return invalid('not-english', 'I can only answer questions asked in English, the language of the article.');

  const tokens = tokenize(text);
  const terms = tokens.filter((token) => !isStopword(token.word) && !FRAMING.has(token.word) && !CHAT_FILLER.has(token.word)).map((token) => token.term);
  const words = new Map(tokens.filter((token) => !isStopword(token.word) && !FRAMING.has(token.word) && !CHAT_FILLER.has(token.word)).map((token) => [token.term, token.word]));
  // Capitalized words after the first, and numbers: both name specific things.
  const names = tokens
    .filter((token, i) => (i > 0 && /^\p{Lu}/u.test(text.slice(token.start, token.end))) || /\d/.test(token.word))
    .filter((token) => !isStopword(token.word))
    .map((token) => token.word);
  const speaker = speakerOf(text);
  return {
    ok: true,
    question: {
      asked,
      text,
      searchText: withoutFiller(text),
      terms: [...new Set(terms)],
      words,
      names: [...new Set(names)],
      expects: speaker.length > 0 ? 'statement' : expectedAnswer(text),
      answerType: answerTypeNoun(text),
      speaker,
    },
  };
}

/** ANSI/VT escape sequences: CSI (`ESC [ … m`), OSC (`ESC ] … BEL`) and two-character escapes. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/**
 * The question without what is not part of it: Discord mentions (`<@id>`,
 * `<@&id>`, `<#id>`, `@everyone`, `@here`), custom emoji (`<:name:id>`), slash
 * command tokens (`</ask:id>`), ANSI escape sequences and other control characters;
 * white space folded. The text shown back to the asker is the raw one, escaped.
 */
export function cleanQuestion(raw: string): string {
  return raw
    .replace(ANSI, ' ')
    .replace(/<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|\/[^>\s]+:\d+|t:-?\d+(?::\w)?)>/g, ' ')
    .replace(/(^|\s)@(?:everyone|here)\b/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "What did Dana Okafor argue …" -> the terms of "Dana Okafor"; not for the article or its author. */
function speakerOf(text: string): string[] {
  const match = /^(?:and |so )?what (?:did|does|do|has|have|had|would|will) (.+?) (?:say|said|think|argue|claim|believe|write|report|suggest|warn|note|recommend|propose|demand|tell|conclude)\b/i.exec(text);
  const subject = match?.[1];
  if (subject === undefined || /^(?:the |this )?(?:article|author|writer|story|piece|text|report)$/i.test(subject)) return [];
  return tokenize(subject)
    .filter((token) => !isStopword(token.word))
    .map((token) => token.term);
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
  if (/\bhow long\b|\bfor how many (years|months|weeks|days)\b|\bwhat (is the )?(duration|term length)\b|\bhow (quickly|fast) (did|do|does|will|would|can|could|has|have|had)\b/.test(lower)) return 'duration';
  if (/\bhow (many|much)\b|\b(percentage|percent)\b|\b(what|which) (number|amount|proportion|share|sum)\b|\bnumber of\b/.test(lower)) return 'quantity';
  if (/\bwhat(?:'s| is| are| was| were| will be| would be)? (?:the |a |an )?(?:[\w-]+ ){0,2}(?:prices?|fares?|fees?|tolls?|caps?|salar(?:y|ies)|wages?|rents?|budgets?|rates?|tally|turnout|population)\b/.test(lower)) return 'quantity';
  if (/^(and |so |but )?((until|till|til|by) )?when\b|\b(what|which) (year|date|day|month|time)\b|\bin (what|which) year\b/.test(lower)) return 'time';
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
  tell tells explain explains according please give list name named ask asks asked asking`.split(/\s+/),
);

/**
 * Words of chat that carry no content: interjections, intensifiers and
 * abbreviations Discord members write ("so what's the catch lol", "is it safe or nah").
 * A closed class of informal English, not facts of any article. Compared unstemmed.
 */
const CHAT_FILLER = new Set(
  `lol lmao rofl omg wtf tbh tbf imo imho ngl fr rn btw idk iirc afaik pls plz thx ty yo ya yeah yep yup nope nah ok okay
  hey hmm uh um wait anyway anyways like literally basically actually really even kinda sorta gonna wanna gotta stuff thing
  things guy guys dude bro u ur r ppl smth sth`.split(/\s+/),
);

/** `text` without chat filler words, white space folded; the text itself when nothing else is left. */
function withoutFiller(text: string): string {
  const kept = text
    .split(/\s+/)
    .filter((word) => !CHAT_FILLER.has(normalizeWord(word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))))
    .join(' ');
  return kept.trim() === '' ? text : kept;
}

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

