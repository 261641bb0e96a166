/**
 * A quote from a Markdown document as a reader should see it: inline markup is not
 * shown as syntax. `**bold**`, `*em*`, `_em_`, `~~struck~~` and `` `code` `` keep their
 * text; `[text](url)` and `![alt](url)` become their text; `<https://…>` its address;
 * list markers, block-quote markers and heading hashes at the start of a line go;
 * `\*` is a plain `*`. Paired markers a quote was cut through (`**bold` at its start)
 * go as well.
 *
 * Display only: a Citation's `quote` stays the exact source slice (`text.slice(start, end)`),
 * and this is applied when it is shown.
 */
export function plainText(markdown: string): string {
  const escapes: string[] = [];
  // Escaped characters are set aside so that no rule below reads them as markup.
  let text = markdown.replace(/\\([\\`*_{}[\]()#+\-.!~<>|])/g, (_, char: string) => `\uE000${escapes.push(char) - 1}\uE001`);
  text = text
    .split('\n')
    .map((line) => line.replace(/^(\s*)(?:>\s?)*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)?/, '$1'))
    .join('\n');
  text = text
    .replace(/`+([^`]*?)`+/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
    .replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*]*?\S)\*(?![\p{L}\p{N}*])/gu, '$1$2')
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/gu, '$1$2')
    // A marker left without its pair: the quote starts or ends inside the emphasis.
    .replace(/\*\*|~~/g, '');
  return text.replace(/\uE000(\d+)\uE001/g, (_, index: string) => escapes[Number(index)] ?? '');
}
