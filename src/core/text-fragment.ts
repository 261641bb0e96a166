/**
 * Links to the exact sentence of a quote with a URL text fragment
 * (https://wicg.github.io/scroll-to-text-fragment/): a browser that supports them
 * scrolls to the quoted text and highlights it; others open the page as usual.
 */

/** Words the fragment takes from each end of a quote; a quote of at most twice as many words is used whole. */
export const FRAGMENT_EDGE_WORDS = 4;

/**
 * `url` with a text directive that highlights `quote`: `#:~:text=start,end` built from the
 * quote's first and last `FRAGMENT_EDGE_WORDS` words, or `#:~:text=quote` for a short quote.
 * A fragment already in `url` is kept (`#section:~:text=…`). A quote without words leaves
 * `url` as it is. `quote` should be the text as the page shows it (no Markdown).
 */
export function textFragmentUrl(url: string, quote: string): string {
  const directive = textDirective(quote);
  if (directive === null) return url;
  return url.includes('#') ? `${url}:~:${directive}` : `${url}#:~:${directive}`;
}

/** `text=start,end` (or `text=quote`) for `quote`, percent-encoded; null when the quote has no words. */
export function textDirective(quote: string): string | null {
  const tokens = quote.split(/\s+/).filter((token) => token !== '');
  const isWord = (token: string) => /[\p{L}\p{N}]/u.test(token);
  const wordCount = tokens.filter(isWord).length;
  if (wordCount === 0) return null;
  if (wordCount <= 2 * FRAGMENT_EDGE_WORDS) return `text=${encodeTerm(trimEdges(tokens.join(' ')))}`;
  const start = trimEdges(tokens.slice(0, edgeLength(tokens, isWord)).join(' '));
  const end = trimEdges(tokens.slice(-edgeLength([...tokens].reverse(), isWord)).join(' '));
  return `text=${encodeTerm(start)},${encodeTerm(end)}`;
}

/**
 * Percent-encodes a term of a text directive. Besides what `encodeURIComponent` encodes,
 * the spec reserves `-` (prefix and suffix markers), and `(`, `)`, `*`, `!`, `'`, `~` are
 * encoded too so that the link survives inside a Markdown `[label](url)`.
 */
export function encodeTerm(term: string): string {
  return encodeURIComponent(term).replace(/[-()*!'~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** How many leading tokens hold the first `FRAGMENT_EDGE_WORDS` words. */
function edgeLength(tokens: readonly string[], isWord: (token: string) => boolean): number {
  let words = 0;
  for (const [index, token] of tokens.entries()) {
    if (isWord(token)) words += 1;
    if (words === FRAGMENT_EDGE_WORDS) return index + 1;
  }
  return tokens.length;
}

/** Drops punctuation before the first and after the last letter or digit: a browser matches terms on word boundaries. */
function trimEdges(text: string): string {
  return text.replace(/^[^\p{L}\p{N}]+/u, '').replace(/[^\p{L}\p{N}]+$/u, '');
}
