/**
 * Words as the lexical side of retrieval sees them: normalized, without
 * function words, stemmed.
 */

/** A word of a text, with its `[start, end)` offsets. */
export interface Token {
  /** The stemmed, lower-case form used for matching. */
  readonly term: string;
  /** The word as written, lower-cased, before stemming. */
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

/** Every word of `text` (function words included), with offsets into `text`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // Letters and digits, joined by inner dots ("U.S.") or apostrophes ("doesn’t").
  const pattern = /[\p{L}\p{N}]+(?:[.’'][\p{L}\p{N}]+)*\.?/gu;
  for (const match of text.matchAll(pattern)) {
    let raw = match[0];
    // Keep a final dot only for dotted abbreviations ("U.S."), not sentence ends.
    if (raw.endsWith('.') && !/[.][\p{L}]\.$/u.test(raw)) raw = raw.slice(0, -1);
    // The plural of an acronym ("MoUs", "NGOs") is the acronym.
    const word = normalizeWord(/^\p{Lu}[\p{L}]*\p{Lu}s$/u.test(raw) ? raw.slice(0, -1) : raw);
    if (word === '') continue;
    tokens.push({ term: stem(word), word, start: match.index, end: match.index + raw.length });
  }
  return tokens;
}

/** The content words of `text` (function words dropped), stemmed. */
export function contentTerms(text: string): string[] {
  return tokenize(text)
    .filter((token) => !STOPWORDS.has(token.word))
    .map((token) => token.term);
}

/** Whether a lower-case word is a function word. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Lower-cases, folds accents and apostrophes, drops dots ("U.S." -> "us") and possessives. */
export function normalizeWord(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’']s$/, '')
    .replace(/[’'.]/g, '');
}

/**
 * A light English stemmer: enough to match plurals, verb forms and common
 * derivations ("sanctions"/"sanction", "emboldened"/"embolden", "narrowed"/"narrow").
 * Deterministic and conservative: it never maps two different short words together.
 */
export function stem(word: string): string {
  const base = IRREGULAR.get(word);
  if (base !== undefined) return stem(base);
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  const rules: ReadonlyArray<readonly [RegExp, string]> = [
    [/ies$/, 'y'],
    [/(ss|us|sis|xis)$/, '$1'],
    [/sses$/, 'ss'],
    [/([^s])s$/, '$1'],
  ];
  for (const [pattern, replacement] of rules) {
    if (pattern.test(w)) {
      w = w.replace(pattern, replacement);
      break;
    }
  }
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'ly', 'ment', 'ness', 'ation', 'ity', 'ive', 'al', 'er', 'ic']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  // "stabiliz(e)", "decreas(e)": drop a final e so forms with and without it meet.
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  // Doubled final consonant after stripping ("planned" -> "plann" -> "plan").
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Irregular verb forms and their base, so "wrote" meets "writing" and "sought" meets "seek". */
const IRREGULAR = new Map(
  `wrote:write written:write sought:seek thought:think brought:bring bought:buy fought:fight taught:teach caught:catch
  began:begin begun:begin broke:break broken:break chose:choose chosen:choose drove:drive driven:drive fell:fall fallen:fall
  felt:feel found:find gave:give given:give grew:grow grown:grow held:hold kept:keep knew:know known:know led:lead left:leave
  lost:lose made:make meant:mean met:meet paid:pay ran:run rose:rise risen:rise said:say saw:see seen:see sent:send
  showed:show shown:show spoke:speak spoken:speak spent:spend stood:stand struck:strike took:take taken:take told:tell
  threw:throw thrown:throw understood:understand undertook:undertake won:win wore:wear worn:wear withdrew:withdraw
  withdrawn:withdraw built:build drew:draw drawn:draw forgot:forget forgotten:forget hid:hide hidden:hide`
    .split(/\s+/)
    .filter((pair) => pair !== '')
    .map((pair) => pair.split(':') as [string, string]),
);

// The usual English list, less "against": it names opposition ("who was against it?"), the one thing such a question asks about.
const STOPWORDS = new Set(
  `a about above after again all am an and any are aren't as at be because been before being below between both but by
  can cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't
  have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into
  is isn't it it's its itself let let's me more most mustn't my myself no nor not of off on once only or other ought our ours
  ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs
  them themselves then there there's these they they'd they'll they're they've this those through to too under until up very
  was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's
  with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves also just may might must shall will
  can't does did done get got gets really s t much many whose whether either neither yes yet`
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => word.replace(/'/g, '')),
);
