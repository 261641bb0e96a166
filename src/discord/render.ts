import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type MessageMentionOptions,
} from 'discord.js';
import type { Answer, Citation } from '../core/types.ts';
import type { IndexInfo, ReindexReport } from '../engine-types.ts';
import { CLOSEST_CAVEAT, NOT_IN_ARTICLE } from '../text-reply.ts';
import type { ButtonedAnswer } from './answer-cache.ts';
import { buttonId } from './button-id.ts';
import { exampleQuestions } from './example-questions.ts';
import { reportLines, type QuestionReport } from './question-report.ts';
import { displayQuote } from '../display-quote.ts';

/** Longest message content Discord accepts. */
export const CONTENT_LIMIT = 2000;
/** Longest embed description Discord accepts. */
export const EMBED_DESCRIPTION_LIMIT = 4096;
/** Longest embed title Discord accepts. */
export const EMBED_TITLE_LIMIT = 256;
/** Longest embed footer Discord accepts. */
export const EMBED_FOOTER_LIMIT = 2048;
/** Most characters Discord accepts across all embeds of one message (titles, descriptions, fields, footers). */
export const MESSAGE_EMBED_TOTAL_LIMIT = 6000;

/** Longest modal title Discord accepts. */
export const MODAL_TITLE_LIMIT = 45;
/** Longest label of a modal field Discord accepts. */
export const MODAL_LABEL_LIMIT = 45;
/** Longest placeholder of a text input Discord accepts. */
export const TEXT_INPUT_PLACEHOLDER_LIMIT = 100;

/** Our own budget for footers, far below Discord's limit, so that titles and descriptions keep their room. */
const FOOTER_BUDGET = 200;
const ELLIPSIS = '…';
const ANSWER_COLOUR = 0x3b82f6;
const CLOSEST_COLOUR = 0xf59e0b;

/** A message as the bot sends it: accepted by `reply`, `editReply`, `followUp` and `Message#reply`. */
export interface RenderedMessage {
  readonly content?: string;
  readonly embeds?: APIEmbed[];
  readonly components?: APIActionRowComponent<APIButtonComponent>[];
  /** Always `{ parse: [] }` (and no reply ping): nothing the bot sends can ping anyone. */
  readonly allowedMentions: MessageMentionOptions;
}

/** A 👍 / 👎 vote on an answer. */
export type Vote = 'up' | 'down';

/**
 * An Answer as a Discord message. An answer is an embed: the answer quote, block-quoted
 * and numbered, its supporting quotes, each followed by its citation (`[1] ¶7 · Section`),
 * a footer naming the article and the index version, and the feedback and "More" buttons
 * (whose custom ids carry `answerId`). A closest reply is an embed of its own colour whose
 * first line says it is not a confirmed answer, with the same buttons. A declined reply
 * is one line with the feedback buttons; an invalid question one line.
 */
export function renderAnswer(answer: Answer, info: IndexInfo, answerId: string): RenderedMessage {
  switch (answer.kind) {
    case 'answered':
    case 'closest': {
      const [first] = answer.citations;
      if (first === undefined) return renderDecline(info, null, answerId);
      const closest = answer.kind === 'closest';
      const title = truncateAtWord(escapeText(answer.question), EMBED_TITLE_LIMIT);
      const footer = footerFor(first.doc, info);
      const caveat = closest ? `*${CLOSEST_CAVEAT}*\n` : '';
      const quotes = fitQuotes(answer.citations, info, {
        heading: (index) => (index === 1 ? (closest ? '**Also close**' : '**Supporting quotes**') : null),
        limit: descriptionBudget(title, footer) - caveat.length,
      });
      return message({
        embeds: [{ title, description: `${caveat}${quotes}`, footer: { text: footer }, color: closest ? CLOSEST_COLOUR : ANSWER_COLOUR }],
        components: [answerButtons(answerId, answer.more.length > 0)],
      });
    }
    case 'declined':
      return renderDecline(info, answer.suggestion, answerId);
    case 'invalid':
      return renderNotice(answer.message);
  }
}

/** The ephemeral "More from the article" view: the next passages after an answer. */
export function renderMore(answer: ButtonedAnswer, info: IndexInfo): RenderedMessage {
  // Numbered within this view: it is a message of its own.
  const passages = answer.kind === 'declined' ? [] : answer.more.map((citation, index) => ({ ...citation, n: index + 1 }));
  const [first] = passages;
  if (first === undefined) return renderNotice('The article has nothing more on this question.');
  const title = 'More from the article';
  const footer = footerFor(first.doc, info);
  const description = fitQuotes(passages, info, { heading: () => null, limit: descriptionBudget(title, footer) });
  return message({ embeds: [{ title, description, footer: { text: footer }, color: ANSWER_COLOUR }] });
}

/** `/help`: what the bot answers, how to ask, and example questions drawn from the article's sections. */
export function renderHelp(info: IndexInfo): RenderedMessage {
  const titles = info.documents.map((doc) => `“${escapeText(doc.title)}”`).join(', ');
  const lines = [
    `I answer questions about ${titles || 'the indexed article'}, and only from it: every answer is a verbatim quote with the paragraph (¶) and section it comes from. When I am not sure, I show the closest passage and say it is not a confirmed answer; when the article has nothing on it, I say so rather than guess.`,
    '',
    '**How to ask**',
    '• `/ask question:` followed by your question; add `private:True` to see the answer alone.',
    '• Mention me with a question in a channel I can read, or send me a direct message.',
    '• Under an answer, 👍 / 👎 tell the maintainers whether it helped, and **More from the article** shows further passages.',
    '• **Ask a follow-up** under an answer, or a reply to it, asks about the same subject without repeating it ("when?", "who said that?").',
    '• `/about` lists what is indexed.',
  ];
  const examples = exampleQuestions(info, 4);
  if (examples.length > 0) lines.push('', '**Try**', ...examples.map((question) => `• ${escapeText(question)}`));
  const footer = `Index ${info.version}`;
  return message({
    embeds: [{ title: 'Ask the article', description: fitLines(lines, EMBED_DESCRIPTION_LIMIT), footer: { text: footer } }],
  });
}

/** `/about`: the indexed documents, their sections, and how the index was built. */
export function renderAbout(info: IndexInfo): RenderedMessage {
  const lines: string[] = [];
  for (const doc of info.documents) {
    const link = doc.url === null ? '' : ` — <${doc.url}>`;
    lines.push(`**${escapeText(doc.title)}**${link}`, `${plural(doc.paragraphs, 'paragraph')}, ${plural(doc.sections.length, 'section')}:`);
    lines.push(...doc.sections.map((section) => `• ${escapeText(section)}`), '');
  }
  const builtAt = Math.floor(Date.parse(info.builtAt) / 1000);
  lines.push(
    `**Index** \`${info.version}\`: ${plural(info.chunks, 'chunk')}, built ${Number.isFinite(builtAt) ? `<t:${builtAt}:f>` : info.builtAt}`,
    `**Model** \`${info.modelId}\` (${info.dimensions} dimensions), chunker v${info.chunkerVersion}`,
    `**Corpus hash** \`${info.corpusHash.slice(0, 16)}\``,
  );
  return message({
    embeds: [{ title: 'Sources', description: fitLines(lines, EMBED_DESCRIPTION_LIMIT), footer: { text: `Index ${info.version}` } }],
  });
}

/** The result of `/reindex`. */
export function renderReindex(report: ReindexReport): RenderedMessage {
  const lead = report.startedByThisCall
    ? 'Rebuilt the index'
    : 'A rebuild was already running; it has finished';
  return renderNotice(
    `${lead}: ${plural(report.documents, 'document')}, ${plural(report.chunks, 'chunk')} in ${(report.ms / 1000).toFixed(1)} s. ` +
      `Corpus hash \`${report.corpusHash.slice(0, 16)}\`; now serving index \`${report.info.version}\`.`,
  );
}

/** The ephemeral confirmation of a 👍 / 👎. */
export function renderFeedbackRecorded(vote: Vote, change: 'recorded' | 'changed' | 'unchanged'): RenderedMessage {
  const emoji = vote === 'up' ? '👍' : '👎';
  const text = {
    recorded: `Thanks, your ${emoji} is recorded. You can change it at any time.`,
    changed: `Thanks, your vote is now ${emoji}.`,
    unchanged: `Your ${emoji} was already recorded.`,
  }[change];
  return renderNotice(text);
}

const FOLLOW_UP_LABEL = 'Ask a follow-up';

/** `/report`: questions by outcome, votes, the gaps in the article and the answers with the most 👎. */
export function renderReport(report: QuestionReport): RenderedMessage {
  const title = `Report: the last ${plural(report.days, 'day')}`;
  const lines = reportLines(report, (text) => `“${truncateAtWord(text, REPORT_QUOTE_BUDGET)}”`).map((line) => escapeText(line));
  return message({ embeds: [{ title, description: fitLines(lines, EMBED_DESCRIPTION_LIMIT - title.length), color: ANSWER_COLOUR }] });
}

/** Our own budget for a quote in the report, so that five of them fit with their questions. */
const REPORT_QUOTE_BUDGET = 300;

/**
 * The form the **Ask a follow-up** button opens: one line for the follow-up, whose
 * subject may be left out ("when?", "who said that?"). `customId` names the answer;
 * `inputId` the field. `maxLength` is the longest question accepted.
 */
export function renderFollowUpModal(customId: string, inputId: string, maxLength: number): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title: truncateAtWord(FOLLOW_UP_LABEL, MODAL_TITLE_LIMIT),
    components: [
      {
        type: ComponentType.Label,
        label: truncateAtWord('Your follow-up question', MODAL_LABEL_LIMIT),
        component: {
          type: ComponentType.TextInput,
          custom_id: inputId,
          style: TextInputStyle.Short,
          required: true,
          min_length: 1,
          max_length: maxLength,
          placeholder: truncateAtWord('It can leave out what the answer was about: "when?", "who said that?"', TEXT_INPUT_PLACEHOLDER_LIMIT),
        },
      },
    ],
  };
}

/** One line of our own text (an error, a refusal, a confirmation), cut to Discord's content limit. */
export function renderNotice(text: string): RenderedMessage {
  return message({ content: truncateAtWord(text, CONTENT_LIMIT) });
}

/**
 * Escapes article or user text so that it shows as written: Markdown, headings, lists,
 * masked links, block quotes and mention syntax (`@everyone`, `<@id>`) lose their meaning.
 */
export function escapeText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
    .replace(/^>/gm, '\\>')
    .replace(/@(everyone|here)\b/g, '\\@$1')
    .replace(/<(@[!&]?\d+|#\d+|\/[^>\s]+:\d+|t:-?\d+(?::[tTdDfFR])?)>/g, '\\<$1>');
}

/**
 * Shortens `text` to at most `limit` characters, cutting only between words and
 * marking the cut with an ellipsis. Text that fits is returned as is.
 */
export function truncateAtWord(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const room = text.slice(0, Math.max(0, limit - ELLIPSIS.length) + 1);
  const cut = room.search(/\s\S*$/);
  return `${(cut > 0 ? room.slice(0, cut) : '').trimEnd()}${ELLIPSIS}`;
}

function renderDecline(info: IndexInfo, suggestion: string | null, answerId: string): RenderedMessage {
  const [doc] = info.documents;
  const source = doc === undefined ? 'the article' : `“${escapeText(doc.title)}”`;
  const text = suggestion === null ? `${NOT_IN_ARTICLE} I only answer with quotes from ${source}, so I won't guess.` : `${NOT_IN_ARTICLE} ${suggestion}`;
  return message({ content: truncateAtWord(text, CONTENT_LIMIT), components: [answerButtons(answerId, false)] });
}

function message(parts: Omit<RenderedMessage, 'allowedMentions'>): RenderedMessage {
  return { ...parts, allowedMentions: { parse: [], repliedUser: false } };
}

function answerButtons(answerId: string, hasMore: boolean): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonId('up', answerId), emoji: { name: '👍' } },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonId('down', answerId), emoji: { name: '👎' } },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        custom_id: buttonId('more', answerId),
        label: 'More from the article',
        disabled: !hasMore,
      },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonId('follow', answerId), label: FOLLOW_UP_LABEL },
    ],
  };
}

function footerFor(docId: string, info: IndexInfo): string {
  const doc = info.documents.find((candidate) => candidate.id === docId);
  return truncateAtWord(`${doc?.title ?? docId} · index ${info.version}`, FOOTER_BUDGET);
}

/** Room left for an embed description once its title and footer count against the per-message total. */
function descriptionBudget(title: string, footer: string): number {
  return Math.min(EMBED_DESCRIPTION_LIMIT, MESSAGE_EMBED_TOTAL_LIMIT - title.length - footer.length);
}

/**
 * Lays citations out as block quotes, each followed by its citation line, best first.
 * When they do not all fit in `limit`, the last ones are dropped; when even the first
 * alone does not fit, its quote is shortened between words.
 */
function fitQuotes(
  citations: readonly Citation[],
  info: IndexInfo,
  options: { heading: (index: number) => string | null; limit: number },
): string {
  const multiDoc = info.documents.length > 1;
  const quoteOf = (citation: Citation): string => displayQuote(citation, info.documents);
  const block = (citation: Citation, index: number, quote: string): string => {
    const heading = options.heading(index);
    return `${heading === null ? '' : `${heading}\n`}${blockQuote(escapeText(quote))}\n${citationLine(citation, info, multiDoc)}`;
  };
  const layout = (count: number): string =>
    citations
      .slice(0, count)
      .map((citation, index) => block(citation, index, quoteOf(citation)))
      .join('\n\n');
  for (let count = citations.length; count > 1; count -= 1) {
    const text = layout(count);
    if (text.length <= options.limit) return text;
  }
  const [first] = citations;
  if (first === undefined) return '';
  // Only the first quote is left and it may still be too long: keep the longest
  // prefix that ends between two words.
  const firstQuote = quoteOf(first);
  const cuts = [...firstQuote.matchAll(/\s+/g)].map((match) => match.index);
  const shortened = (end: number): string => block(first, 0, `${firstQuote.slice(0, end).trimEnd()} ${ELLIPSIS}`);
  if (block(first, 0, firstQuote).length <= options.limit) return block(first, 0, firstQuote);
  let low = 0;
  let high = cuts.length - 1;
  let best = block(first, 0, ELLIPSIS);
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const candidate = shortened(cuts[middle] ?? 0);
    if (candidate.length <= options.limit) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

function citationLine(citation: Citation, info: IndexInfo, multiDoc: boolean): string {
  const parts = [`**[${citation.n}]** ¶${citation.paragraph}`];
  if (citation.section !== null) parts.push(escapeText(citation.section));
  if (multiDoc) {
    const doc = info.documents.find((candidate) => candidate.id === citation.doc);
    parts.push(`*${escapeText(doc?.title ?? citation.doc)}*`);
  }
  return parts.join(' · ');
}

function blockQuote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Keeps whole lines while they fit, then says how many were left out. */
function fitLines(lines: readonly string[], limit: number): string {
  const full = lines.join('\n');
  if (full.length <= limit) return full;
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const note = `\n… ${lines.length - index} more lines`;
    if (length + line.length + 1 + note.length > limit) {
      kept.push(note.trimStart());
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
