import { citationLabel } from './core/citation-label.ts';
import type { Answer, Citation } from './core/types.ts';

/** The line every declined reply starts with. */
export const NOT_IN_ARTICLE = 'The article does not say.';

/** The one-line caveat above a closest passage: it is not a confirmed answer. */
export const CLOSEST_CAVEAT = 'The article may not answer this directly. The closest passage (not a confirmed answer):';

/**
 * An Answer as plain text for a terminal (and the `text` field of the CLI's JSON):
 * the answer quote and its citation, then supporting quotes; a closest reply
 * under its caveat; a declined one in one line.
 */
export function textReply(answer: Answer, { withDocument = false }: { withDocument?: boolean } = {}): string {
  switch (answer.kind) {
    case 'invalid':
      return answer.message;
    case 'declined':
      return answer.suggestion === null ? NOT_IN_ARTICLE : `${NOT_IN_ARTICLE} ${answer.suggestion}`;
    case 'closest':
      return [CLOSEST_CAVEAT, ...quoteLines(answer.citations, withDocument, 'Also close:')].join('\n');
    case 'answered':
      return quoteLines(answer.citations, withDocument, 'Supporting:').join('\n');
  }
}

function quoteLines(citations: readonly Citation[], withDocument: boolean, restHeading: string): string[] {
  const [first, ...rest] = citations;
  if (first === undefined) return [NOT_IN_ARTICLE];
  const lines = [`“${first.quote}”`, `  — [${first.n}] ${citationLabel(first, withDocument)}`];
  if (rest.length > 0) {
    lines.push('', restHeading);
    for (const citation of rest) lines.push(`  [${citation.n}] “${citation.quote}” (${citationLabel(citation, withDocument)})`);
  }
  return lines;
}
