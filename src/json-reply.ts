import type { Citation, Outcome, Reason } from './core/types.ts';
import type { AskResult } from './engine-types.ts';
import { textReply } from './text-reply.ts';

/** One line of `npm run -s ask -- --json`: a stable contract for scripts and graders. */
export interface JsonReply {
  readonly question: string;
  /** True exactly when `outcome` is `answered`. */
  readonly answered: boolean;
  /** answered (confident), closest (the closest passages, not a confirmed answer), declined (nothing related) or invalid (unusable input). */
  readonly outcome: Outcome;
  /** Why the reply is not `answered`; null when it is. */
  readonly reason: Reason | null;
  /** Calibrated probability that the first quote answers; null when declined or invalid. */
  readonly confidence: number | null;
  /** The reply as a person would read it. */
  readonly text: string;
  /**
   * Verbatim quotes, first one first: the answer, or for `closest` the closest passages; empty otherwise. `quote` is always the
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
  const quoted = answer.kind === 'answered' || answer.kind === 'closest';
  return {
    question,
    answered: answer.kind === 'answered',
    outcome: answer.kind,
    reason: answer.kind === 'answered' ? null : answer.reason,
    confidence: quoted ? answer.confidence : null,
    text: textReply(answer, { ...options, documents: index.documents }),
    citations: quoted ? answer.citations.map((citation) => ({ ...citation, title: source(citation.doc)?.title ?? citation.doc, url: source(citation.doc)?.url ?? null })) : [],
    ms,
  };
}
