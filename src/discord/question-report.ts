import type { Outcome } from '../core/types.ts';
import type { FeedbackRecord } from './feedback-store.ts';
import type { QuestionRecord, StoredQuote } from './question-store.ts';

/** What moderators see in `/report` and `npm run report`, over the last `days`. */
export interface QuestionReport {
  readonly days: number;
  /** ISO 8601 start of the range. */
  readonly since: string;
  readonly total: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  readonly votes: { readonly up: number; readonly down: number };
  /** Whether question text is stored (`STORE_QUESTIONS`); without it `gaps` is empty and no question is shown. */
  readonly textStored: boolean;
  /** The questions asked most often that got a closest or declined reply: the gaps in the article. */
  readonly gaps: readonly { readonly question: string; readonly count: number }[];
  /** The answers with the most 👎, with their first quote. */
  readonly disliked: readonly { readonly answerId: string; readonly question: string | null; readonly down: number; readonly up: number; readonly quote: StoredQuote | null }[];
}

/** Longest lists in a report. */
export const REPORT_LIST_LENGTH = 5;

/**
 * Sums up the question records and votes of the last `days` (of one server, or all
 * with `guildId` undefined). Question text shows only when `textStored`.
 */
export function summarizeQuestions(
  records: readonly QuestionRecord[],
  votes: readonly FeedbackRecord[],
  options: { readonly days: number; readonly now: number; readonly textStored: boolean; readonly guildId?: string | null },
): QuestionReport {
  const since = options.now - options.days * 86_400_000;
  const inRange = <T extends { at: string; guildId: string | null }>(item: T) =>
    Date.parse(item.at) >= since && (options.guildId === undefined || item.guildId === options.guildId);
  const asked = records.filter(inRange);
  const voted = votes.filter(inRange);
  const outcomes: Record<Outcome, number> = { answered: 0, closest: 0, declined: 0, invalid: 0 };
  for (const record of asked) outcomes[record.outcome] += 1;

  const gapCounts = new Map<string, { question: string; count: number }>();
  if (options.textStored) {
    for (const record of asked) {
      if ((record.outcome !== 'closest' && record.outcome !== 'declined') || record.question === null) continue;
      const key = record.question.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      const entry = gapCounts.get(key) ?? { question: record.question, count: 0 };
      gapCounts.set(key, { ...entry, count: entry.count + 1 });
    }
  }
  const byAnswer = new Map<string, { up: number; down: number }>();
  for (const vote of voted) {
    const entry = byAnswer.get(vote.answerId) ?? { up: 0, down: 0 };
    byAnswer.set(vote.answerId, vote.vote === 'up' ? { ...entry, up: entry.up + 1 } : { ...entry, down: entry.down + 1 });
  }
  const recordOf = new Map(records.filter((record) => record.answerId !== null).map((record) => [record.answerId, record]));
  const disliked = [...byAnswer]
    .filter(([, count]) => count.down > 0)
    .sort((a, b) => b[1].down - a[1].down || a[1].up - b[1].up)
    .slice(0, REPORT_LIST_LENGTH)
    .map(([answerId, count]) => {
      const record = recordOf.get(answerId);
      return { answerId, ...count, question: options.textStored ? (record?.question ?? null) : null, quote: record?.quote ?? null };
    });
  return {
    days: options.days,
    since: new Date(since).toISOString(),
    total: asked.length,
    outcomes,
    votes: { up: voted.filter((vote) => vote.vote === 'up').length, down: voted.filter((vote) => vote.vote === 'down').length },
    textStored: options.textStored,
    gaps: [...gapCounts.values()].sort((a, b) => b.count - a.count).slice(0, REPORT_LIST_LENGTH),
    disliked,
  };
}

/** The report as lines of plain text, for `npm run report` and the Discord embed (which escapes them). */
export function reportLines(report: QuestionReport, quote: (text: string) => string = (text) => `“${text}”`): string[] {
  const { outcomes } = report;
  const lines = [
    `Questions in the last ${report.days} day${report.days === 1 ? '' : 's'}: ${report.total} (answered ${outcomes.answered}, closest ${outcomes.closest}, declined ${outcomes.declined}, invalid ${outcomes.invalid})`,
    `Feedback: ${report.votes.up} 👍, ${report.votes.down} 👎`,
    '',
  ];
  if (!report.textStored) {
    lines.push('Question text is not stored (STORE_QUESTIONS=false): no gaps to list.');
  } else if (report.gaps.length === 0) {
    lines.push('Gaps in the article: none (every question got an answer).');
  } else {
    lines.push('Most asked without a confident answer (gaps in the article):', ...report.gaps.map((gap) => `${gap.count}× ${gap.question}`));
  }
  lines.push('');
  if (report.disliked.length === 0) {
    lines.push('No answer got a 👎.');
  } else {
    lines.push('Answers with the most 👎:');
    for (const answer of report.disliked) {
      lines.push(`${answer.down} 👎 / ${answer.up} 👍${answer.question === null ? '' : ` — ${answer.question}`}`);
      if (answer.quote !== null) lines.push(`   ${quote(answer.quote.quote)} (¶${answer.quote.paragraph}${answer.quote.section === null ? '' : ` · ${answer.quote.section}`})`);
    }
  }
  return lines;
}
