import { plainText } from './core/plain-text.ts';
import type { Citation } from './core/types.ts';
import type { IndexedDocument } from './engine-types.ts';

/**
 * A citation's quote as readers see it: from a Markdown document, without inline
 * markup (`plainText`); from any other document, exactly as written. The citation's
 * `quote` itself stays the exact source slice.
 */
export function displayQuote(citation: Pick<Citation, 'doc' | 'quote'>, documents: readonly Pick<IndexedDocument, 'id' | 'format'>[]): string {
  const format = documents.find((document) => document.id === citation.doc)?.format;
  return format === 'markdown' ? plainText(citation.quote) : citation.quote;
}
