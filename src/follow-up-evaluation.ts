import { previousTurn } from './core/follow-up.ts';
import type { Engine } from './engine-types.ts';
import { evaluate, parseJsonLines, type EvalItem, type EvalRow } from './evaluation.ts';

/** One line of a `followups.jsonl`: a question, then a follow-up that only makes sense after it. */
export interface FollowUpPair {
  readonly id: string;
  readonly first: string;
  readonly followup: string;
  /** Text of the article that answers the follow-up. */
  readonly evidence?: string;
  /** A good first quote of the follow-up's answer contains at least one of these (case-insensitive). */
  readonly answer_any: readonly string[];
}

/** Parses JSON lines into pairs, naming the file and line of any bad one. */
export function parseFollowUpFile(text: string, file: string): FollowUpPair[] {
  return parseJsonLines<FollowUpPair>(text, file, (pair) =>
    typeof pair.first !== 'string' || typeof pair.followup !== 'string' || !Array.isArray(pair.answer_any) ? 'needs "first" and "followup" (strings) and "answer_any" (array)' : null,
  );
}

/**
 * Asks each pair's first question, then its follow-up in the context of that
 * question and its answer, and scores the follow-up's reply like any question
 * (`hit`: its first quote holds the fact). Row items carry the follow-up as their question.
 */
export async function evaluateFollowUps(
  pairs: readonly FollowUpPair[],
  engine: Engine,
  options: { documentText?: (doc: string) => string | undefined; maxChars?: number } = {},
): Promise<EvalRow[]> {
  const pairOf = new Map(pairs.map((pair) => [pair.id, pair]));
  const items: EvalItem[] = pairs.map((pair) => ({ id: pair.id, question: pair.followup, evidence: pair.evidence, answer_any: pair.answer_any, answerable: true }));
  return evaluate(items, engine, {
    ...options,
    ask: async (item) => {
      const pair = pairOf.get(item.id);
      if (pair === undefined) throw new Error(`no follow-up pair ${item.id}`);
      const earlier = await engine.ask(pair.first);
      return engine.ask(pair.followup, { followUp: previousTurn(earlier.answer) });
    },
  });
}
