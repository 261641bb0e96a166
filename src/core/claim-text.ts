/**
 * The text of a message, made into a claim the engine can check: white space folded,
 * and when it is longer than `limit` characters, cut after the last whole sentence that
 * fits (after the last whole word when even the first sentence does not fit). Null when
 * the message has no words (only an image, an embed, emoji or punctuation).
 */
export function claimFromMessage(content: string, limit: number): string | null {
  const text = content.replace(/\s+/g, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  if (text.length <= limit) return text;
  const room = text.slice(0, limit + 1);
  let cut = 0;
  for (const match of room.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (end <= limit) cut = end;
  }
  if (cut === 0) cut = Math.max(0, room.search(/\s\S*$/));
  const claim = text.slice(0, cut > 0 ? cut : limit).trim();
  return /[\p{L}\p{N}]/u.test(claim) ? claim : null;
}

/** The end of a sentence: `.`, `!`, `?` or `…`, closing quotes or brackets after it, then a space. */
const SENTENCE_END = /[.!?…]+["”’)\]]*(?= )/g;
