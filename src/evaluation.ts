import type { Engine } from './engine-types.ts';
import type { Citation } from './core/types.ts';

/** One line of an evaluation file (the format of shared/eval/dev-questions.jsonl). */
export interface EvalItem {
  readonly id: string;
  readonly question: string;
  /** Text of the article that answers the question. */
  readonly evidence?: string;
  /** A good first quote contains at least one of these (case-insensitive). */
  readonly answer_any?: readonly string[];
  readonly answerable: boolean;
}

/** How the engine did on one item. */
export interface EvalRow {
  readonly item: EvalItem;
  readonly declined: boolean;
  /** The first quote contains one of `answer_any`. */
  readonly answerHit: boolean;
  /** A quote overlaps the evidence. */
  readonly evidenceHit: boolean;
  /** Quotes that are not exactly the document text at their offsets. */
  readonly unfaithful: readonly string[];
  readonly summary: string;
  readonly ms: number;
}

/** Parses JSON lines into items, naming the file and line of any bad one. */
export function parseEvalFile(text: string, file: string): EvalItem[] {
  return text
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, lineNumber]) => {
      const item = JSON.parse(line) as EvalItem;
      if (typeof item.question !== 'string' || typeof item.answerable !== 'boolean') {
        throw new Error(`${file}:${lineNumber}: needs "question" (string) and "answerable" (boolean)`);
      }
      return { ...item, id: item.id ?? `line-${lineNumber}` };
    });
}

/**
 * Asks every item and scores the replies. `documentText` gives the text quotes
 * are checked against (the corpus as the index has it).
 */
export async function evaluate(items: readonly EvalItem[], engine: Engine, documentText?: (doc: string) => string | undefined): Promise<EvalRow[]> {
  const rows: EvalRow[] = [];
  for (const item of items) {
    const { answer, ms } = await engine.ask(item.question);
    const citations: readonly Citation[] =
      answer.kind === 'answered' ? answer.citations : answer.kind === 'not-in-article' && answer.closest !== null ? [answer.closest] : [];
    const declined = answer.kind !== 'answered';
    const first = answer.kind === 'answered' ? (answer.citations[0]?.quote ?? '') : '';
    const lower = first.toLowerCase();
    const answerHit = !declined && (item.answer_any ?? []).some((term) => lower.includes(term.toLowerCase()));
    const evidenceHit =
      !declined && item.evidence !== undefined && answer.kind === 'answered' && answer.citations.some((citation) => overlapsText(citation.quote, item.evidence ?? ''));
    const unfaithful = citations
      .filter((citation) => {
        const text = documentText?.(citation.doc);
        return text === undefined ? false : text.slice(citation.start, citation.end) !== citation.quote;
      })
      .map((citation) => `[${citation.n}] ${citation.doc}@${citation.start}-${citation.end}`);
    const summary =
      answer.kind === 'answered'
        ? `“${first}” (¶${answer.citations[0]?.paragraph})`
        : answer.kind === 'not-in-article'
          ? `declined: ${answer.reason}${answer.closest === null ? '' : ` | closest: “${answer.closest.quote.slice(0, 100)}”`}`
          : `invalid: ${answer.reason}`;
    rows.push({ item, declined, answerHit, evidenceHit, unfaithful, summary, ms: ms.total });
  }
  return rows;
}

/** Whether two texts share a run of at least 20 characters (or the whole of the shorter). */
function overlapsText(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  const run = Math.min(20, short.length);
  for (let i = 0; i + run <= short.length; i++) if (long.includes(short.slice(i, i + run))) return true;
  return false;
}
