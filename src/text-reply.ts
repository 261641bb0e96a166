import { citationLabel } from './core/citation-label.ts';
import type { Answer, Citation } from './core/types.ts';
import { displayQuote } from './display-quote.ts';
import type { IndexedDocument } from './engine-types.ts';

/** The line every decline starts with. */
export const NOT_IN_ARTICLE = 'The article does not say.';

/**
 * An Answer as plain text for a terminal (and the `text` field of the CLI's JSON):
 * the answer quote and its citation, then supporting quotes; a decline in one
 * line, with the closest passage marked as not an answer. Quotes from the Markdown
 * documents among `documents` are shown without inline markup.
 */
export function textReply(
  answer: Answer,
  { withDocument = false, documents = [] }: { withDocument?: boolean; documents?: readonly Pick<IndexedDocument, 'id' | 'format'>[] } = {},
): string {
  const show = (citation: Pick<Citation, 'doc' | 'quote'>) => displayQuote(citation, documents);
  switch (answer.kind) {
    case 'invalid-question':
      return answer.message;
    case 'not-in-article': {
      const lead = answer.suggestion === null ? NOT_IN_ARTICLE : `${NOT_IN_ARTICLE} ${answer.suggestion}`;
      if (answer.closest === null) return lead;
      return `${lead}\nClosest passage (not an answer): “${show(answer.closest)}” (${citationLabel(answer.closest, withDocument)})`;
    }
    case 'answered': {
      const [first, ...rest] = answer.citations;
      if (first === undefined) return NOT_IN_ARTICLE;
      const lines = [`“${show(first)}”`, `  — [${first.n}] ${citationLabel(first, withDocument)}`];
      if (rest.length > 0) {
        lines.push('', 'Supporting:');
        for (const citation of rest) lines.push(`  [${citation.n}] “${show(citation)}” (${citationLabel(citation, withDocument)})`);
      }
      return lines.join('\n');
    }
  }
}
