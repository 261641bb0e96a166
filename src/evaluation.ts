import type { Citation, Outcome, Reason } from './core/types.ts';
import type { AskResult, Engine } from './engine-types.ts';

/** How a question is worded, for per-style figures. */
export type QuestionStyle = 'close' | 'casual' | 'short' | 'unanswerable';

/** Which part of the suite a question belongs to: `fit` is what `npm run calibrate` learns from, `test` what it never sees. */
export type Split = 'fit' | 'test';

/** One line of an evaluation file (the format of shared/eval/dev-questions.jsonl, plus optional style, off_topic and split). */
export interface EvalItem {
  readonly id: string;
  readonly question: string;
  /** Text of the article that answers the question. */
  readonly evidence?: string;
  /** A good first quote contains at least one of these (case-insensitive). */
  readonly answer_any?: readonly string[];
  readonly answerable: boolean;
  readonly style?: QuestionStyle;
  /** An unanswerable question about something else entirely (a recipe, last night's game): it should be declined, not shown a passage. */
  readonly off_topic?: boolean;
  /** When absent, `assignSplits` derives it. */
  readonly split?: Split;
}

/** How the engine did on one item. */
export interface EvalRow {
  readonly item: EvalItem;
  readonly outcome: Outcome;
  readonly reason: Reason | null;
  /** The first quote of an answered or closest reply holds one of `answer_any`. */
  readonly hit: boolean;
  /** A quote overlaps the evidence. */
  readonly evidenceHit: boolean;
  /** Quotes that are not exactly the document text at their offsets. */
  readonly unfaithful: readonly string[];
  /** The first quote is longer than the configured limit. */
  readonly overLength: boolean;
  readonly summary: string;
  readonly ms: number;
}

/** The figures the issue's targets are stated in, over a set of rows. */
export interface Tally {
  readonly answerable: number;
  readonly unanswerable: number;
  /** Answerable questions whose first quote (answered or closest) holds the fact. */
  readonly helpful: number;
  /** Answerable questions answered (confidently) with the fact in the first quote. */
  readonly confident: number;
  /** Replies of outcome `answered`, and how many of them are right (answerable, fact in the first quote). */
  readonly answered: number;
  readonly answeredRight: number;
  /** Unanswerable questions that got a confident answer. */
  readonly unanswerableAnswered: number;
  /** Answerable questions declined outright (no passage shown). */
  readonly answerableDeclined: number;
  /** Questions labelled `off_topic`, and how many of them were declined, as they should be. */
  readonly offTopic: number;
  readonly offTopicDeclined: number;
  readonly unfaithful: number;
  readonly overLength: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
}

/** Parses JSON lines into items, naming the file and line of any bad one. */
export function parseEvalFile(text: string, file: string): EvalItem[] {
  return parseJsonLines<EvalItem>(text, file, (item) => {
    if (typeof item.question !== 'string' || typeof item.answerable !== 'boolean') return 'needs "question" (string) and "answerable" (boolean)';
    if (item.off_topic !== undefined && (typeof item.off_topic !== 'boolean' || (item.off_topic && item.answerable))) return '"off_topic" is a boolean, true only for an unanswerable question';
    return null;
  });
}

/**
 * Parses JSON lines, each checked by `problem` (a sentence, or null when the line is
 * good), naming the file and line of any bad one. A line without `id` gets `line-N`.
 */
export function parseJsonLines<T extends { readonly id: string }>(text: string, file: string, problem: (value: T) => string | null): T[] {
  return text
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, lineNumber]) => {
      let value: T;
      try {
        value = JSON.parse(line) as T;
      } catch (error) {
        throw new Error(`${file}:${lineNumber}: not JSON (${(error as Error).message})`);
      }
      const wrong = problem(value);
      if (wrong !== null) throw new Error(`${file}:${lineNumber}: ${wrong}`);
      return { ...value, id: value.id ?? `line-${lineNumber}` };
    });
}

/**
 * Gives every item without a split one: within each style, in id order,
 * alternately `fit` and `test`, so both parts hold every style.
 */
export function assignSplits(items: readonly EvalItem[]): EvalItem[] {
  const position = new Map<string, number>();
  const byStyle = new Map<string, EvalItem[]>();
  for (const item of items) byStyle.set(styleOf(item), [...(byStyle.get(styleOf(item)) ?? []), item]);
  for (const group of byStyle.values()) {
    [...group].sort((a, b) => a.id.localeCompare(b.id)).forEach((item, i) => position.set(item.id, i));
  }
  return items.map((item) => (item.split !== undefined ? item : { ...item, split: (position.get(item.id) ?? 0) % 2 === 0 ? 'fit' : 'test' }));
}

/** An item's style; unlabelled answerable questions count as `close`. */
export function styleOf(item: EvalItem): QuestionStyle {
  return item.style ?? (item.answerable ? 'close' : 'unanswerable');
}

/** Whether a quote holds one of the item's answer terms (case-insensitive). */
export function holdsAnswer(item: EvalItem, quote: string): boolean {
  const lower = quote.toLowerCase();
  return (item.answer_any ?? []).some((term) => lower.includes(term.toLowerCase()));
}

/**
 * Asks every item (with `ask`, or as a question of its own) and scores the replies. `documentText` gives the text quotes
 * are checked against (the corpus files as they are on disk).
 */
export async function evaluate(
  items: readonly EvalItem[],
  engine: Engine,
  options: { documentText?: (doc: string) => string | undefined; maxChars?: number; ask?: (item: EvalItem) => Promise<AskResult> } = {},
): Promise<EvalRow[]> {
  const rows: EvalRow[] = [];
  for (const item of items) {
    const { answer, ms } = await (options.ask?.(item) ?? engine.ask(item.question));
    const citations: readonly Citation[] = answer.kind === 'answered' || answer.kind === 'closest' ? [...answer.citations, ...answer.more] : [];
    const first = answer.kind === 'answered' || answer.kind === 'closest' ? (answer.citations[0]?.quote ?? '') : null;
    const unfaithful = citations
      .filter((citation) => {
        const text = options.documentText?.(citation.doc);
        return text === undefined ? false : text.slice(citation.start, citation.end) !== citation.quote;
      })
      .map((citation) => `[${citation.n}] ${citation.doc}@${citation.start}-${citation.end}`);
    const reason = answer.kind === 'answered' ? null : answer.reason;
    const summary =
      first === null
        ? `${answer.kind} (${reason?.code ?? ''}: ${reason?.detail ?? ''})`
        : `${answer.kind}${reason === null ? '' : ` (${reason.code}: ${reason.detail})`}: “${first}” (¶${answer.kind === 'answered' || answer.kind === 'closest' ? answer.citations[0]?.paragraph : ''})`;
    rows.push({
      item,
      outcome: answer.kind,
      reason,
      hit: first !== null && item.answerable && holdsAnswer(item, first),
      evidenceHit: item.evidence !== undefined && citations.some((citation) => overlapsText(citation.quote, item.evidence ?? '')),
      unfaithful,
      overLength: first !== null && options.maxChars !== undefined && first.length > options.maxChars,
      summary,
      ms: ms.total,
    });
  }
  return rows;
}

/** Adds up rows into the figures the quality targets are stated in. */
export function tally(rows: readonly EvalRow[]): Tally {
  const answerable = rows.filter((row) => row.item.answerable);
  const answered = rows.filter((row) => row.outcome === 'answered');
  const count = (list: readonly EvalRow[], test: (row: EvalRow) => boolean) => list.filter(test).length;
  const outcomes: Record<Outcome, number> = { answered: 0, closest: 0, declined: 0, invalid: 0 };
  for (const row of rows) outcomes[row.outcome] += 1;
  return {
    answerable: answerable.length,
    unanswerable: rows.length - answerable.length,
    helpful: count(answerable, (row) => row.hit),
    confident: count(answerable, (row) => row.hit && row.outcome === 'answered'),
    answered: answered.length,
    answeredRight: count(answered, (row) => row.hit),
    unanswerableAnswered: count(rows, (row) => !row.item.answerable && row.outcome === 'answered'),
    answerableDeclined: count(answerable, (row) => row.outcome === 'declined' || row.outcome === 'invalid'),
    offTopic: count(rows, (row) => row.item.off_topic === true),
    offTopicDeclined: count(rows, (row) => row.item.off_topic === true && row.outcome === 'declined'),
    unfaithful: rows.reduce((sum, row) => sum + row.unfaithful.length, 0),
    overLength: count(rows, (row) => row.overLength),
    outcomes,
  };
}

/** Whether two texts share a run of at least 20 characters (or the whole of the shorter). */
function overlapsText(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  const run = Math.min(20, short.length);
  for (let i = 0; i + run <= short.length; i++) if (long.includes(short.slice(i, i + run))) return true;
  return false;
}
