import { citationLabel } from './core/citation-label.ts';
import type { Answer, Citation } from './core/types.ts';
import { displayQuote } from './display-quote.ts';
import type { IndexedDocument } from './engine-types.ts';

/** The line every declined reply starts with. */
export const NOT_IN_ARTICLE = 'The article does not say.';

/** The one-line caveat above a closest passage: it is not a confirmed answer. */
export const CLOSEST_CAVEAT = 'The article may not answer this directly. The closest passage (not a confirmed answer):';

/**
 * An Answer as plain text for a terminal (and the `text` field of the CLI's JSON):
 * the answer quote and its citation, then supporting quotes; a closest reply
 * under its caveat; a declined one in one line. Quotes from the Markdown
 * documents among `documents` are shown without inline markup.
 */
export function textReply(
  answer: Answer,
  { withDocument = false, documents = [] }: { withDocument?: boolean; documents?: readonly Pick<IndexedDocument, 'id' | 'format'>[] } = {},
): string {
  const show = (citation: Pick<Citation, 'doc' | 'quote'>) => displayQuote(citation, documents);
  const quoteLines = (citations: readonly Citation[], restHeading: string): string[] => {
    const [first, ...rest] = citations;
    if (first === undefined) return [NOT_IN_ARTICLE];
    const lines = [`“${show(first)}”`, `  — [${first.n}] ${citationLabel(first, withDocument)}`];
    if (rest.length > 0) {
      lines.push('', restHeading);
      for (const citation of rest) lines.push(`  [${citation.n}] “${show(citation)}” (${citationLabel(citation, withDocument)})`);
    }
    return lines;
  };
  switch (answer.kind) {
    case 'invalid':
      return answer.message;
    case 'declined':
      return answer.suggestion === null ? NOT_IN_ARTICLE : `${NOT_IN_ARTICLE} ${answer.suggestion}`;
    case 'closest':
      return [CLOSEST_CAVEAT, ...quoteLines(answer.citations, 'Also close:')].join('\n');
    case 'answered':
      return quoteLines(answer.citations, 'Supporting:').join('\n');
  }
}
