import type { Citation } from './core/types.ts';
import type { AskResult } from './engine-types.ts';
import { textReply } from './text-reply.ts';

/** One line of `npm run -s ask -- --json`: a stable contract for scripts and graders. */
export interface JsonReply {
  readonly question: string;
  /** False when the article does not say, or the question was not valid. */
  readonly answered: boolean;
  /** The reply as a person would read it. */
  readonly text: string;
  /**
   * Verbatim quotes, the answer first; empty when not answered. `quote` is always the
   * exact source slice `text.slice(start, end)`, Markdown syntax included; `title` and
   * `url` are those of the cited document.
   */
  readonly citations: readonly JsonCitation[];
  readonly ms: AskResult['ms'];
}

/** A citation with its document's title and URL. */
export type JsonCitation = Citation & { readonly title: string; readonly url: string | null };

/** The JSON reply to `question`. */
export function jsonReply(question: string, { answer, ms, index }: AskResult, options: { withDocument?: boolean } = {}): JsonReply {
  const source = (doc: string) => index.documents.find((document) => document.id === doc);
  return {
    question,
    answered: answer.kind === 'answered',
    text: textReply(answer, { ...options, documents: index.documents }),
    citations: answer.kind === 'answered' ? answer.citations.map((citation) => ({ ...citation, title: source(citation.doc)?.title ?? citation.doc, url: source(citation.doc)?.url ?? null })) : [],
    ms,
  };
}
