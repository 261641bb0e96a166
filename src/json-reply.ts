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
  /** Verbatim quotes, the answer first; empty when not answered. */
  readonly citations: readonly Citation[];
  readonly ms: AskResult['ms'];
}

/** The JSON reply to `question`. */
export function jsonReply(question: string, { answer, ms }: AskResult, options: { withDocument?: boolean } = {}): JsonReply {
  return {
    question,
    answered: answer.kind === 'answered',
    text: textReply(answer, options),
    citations: answer.kind === 'answered' ? answer.citations : [],
    ms,
  };
}
