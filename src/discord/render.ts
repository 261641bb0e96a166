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
import { textFragmentUrl } from '../core/text-fragment.ts';
import type { IndexInfo, ReindexReport } from '../engine-types.ts';
import { hasChanges, indexChanges, type IndexChanges } from '../index-changes.ts';
import { CLOSEST_CAVEAT, NOT_IN_ARTICLE } from '../text-reply.ts';
import type { ButtonedAnswer } from './answer-cache.ts';
import { buttonId } from './button-id.ts';
import { exampleQuestions } from './example-questions.ts';
import { reportLines, type QuestionReport } from './question-report.ts';
import { displayQuote } from '../display-quote.ts';
import type { Provenance } from './provenance.ts';

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
/** Longest embed field value Discord accepts. */
export const EMBED_FIELD_VALUE_LIMIT = 1024;

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
const DECLINED_COLOUR = 0x6b7280;

/** The one-line verdict of "Check against the article", by outcome: what the article does with the claim, never whether it is true. */
export const CHECK_VERDICTS = {
  answered: 'The article addresses this.',
  closest: 'The article only touches on this.',
  declined: 'The article does not mention this.',
} as const;
/** Under every check: what it is and is not. */
export const CHECK_NOTE = 'What the article says, quoted word for word. It does not rate the message true or false.';
/** For a message command used on a message with no words. */
export const CHECK_NO_TEXT = 'That message has no text to check (only images, embeds or attachments). Use **Check against the article** on a message with words in it.';

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

/**
 * `/about`: the indexed documents, their sections, and how the index was built; with
 * `changes`, what the last rebuild changed (documents added or removed, paragraphs edited).
 */
export function renderAbout(info: IndexInfo, changes: IndexChanges | null = null): RenderedMessage {
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
  const fields = changes === null ? [] : [{ name: `Last rebuild: ${changes.from} → ${changes.to}`, value: fitLines(changeLines(changes), EMBED_FIELD_VALUE_LIMIT) }];
  return message({
    embeds: [{ title: 'Sources', description: fitLines(lines, EMBED_DESCRIPTION_LIMIT), fields, footer: { text: `Index ${info.version}` } }],
  });
}

/**
 * "Check against the article": the verdict line, what the check is (not a true/false
 * rating), and the passages that bear on the claim, cited like an answer. With an
 * `answerId`, a **Share in channel** button; without one (the shared copy), none.
 */
export function renderCheck(answer: Answer, info: IndexInfo, answerId: string | null): RenderedMessage {
  if (answer.kind === 'invalid') return renderNotice(answer.message);
  const title = truncateAtWord(`Checked: “${escapeText(answer.question)}”`, EMBED_TITLE_LIMIT);
  const components = answerId === null ? [] : [shareButton(answerId)];
  const lead = `**${CHECK_VERDICTS[answer.kind]}**\n*${CHECK_NOTE}*`;
  const first = answer.kind === 'declined' ? undefined : answer.citations[0];
  if (answer.kind === 'declined' || first === undefined) {
    const suggestion = answer.kind === 'declined' && answer.suggestion !== null ? `\n\n${escapeText(answer.suggestion)}` : '';
    const footer = `Index ${info.version}`;
    const description = truncateAtWord(`**${CHECK_VERDICTS.declined}**\n*${CHECK_NOTE}*${suggestion}`, descriptionBudget(title, footer));
    return message({ embeds: [{ title, description, footer: { text: footer }, color: DECLINED_COLOUR }], components });
  }
  const footer = footerFor(first.doc, info);
  const quotes = fitQuotes(answer.citations, info, { heading: () => null, limit: descriptionBudget(title, footer) - lead.length - 2 });
  return message({
    embeds: [{ title, description: `${lead}\n\n${quotes}`, footer: { text: footer }, color: answer.kind === 'answered' ? ANSWER_COLOUR : CLOSEST_COLOUR }],
    components,
  });
}

/**
 * "Why this answer?", for moderators: the outcome and reason code, the evidence the
 * decision read, the top candidates with their scores, the index and model, and
 * whether the index `current` being served is still the one that answered.
 */
export function renderProvenance(record: Provenance, current: IndexInfo): RenderedMessage {
  const multiDoc = record.index.documents.length > 1;
  const confidence = record.confidence === null ? '' : ` (confidence ${record.confidence.toFixed(2)})`;
  const lines = [`**Question** ${escapeText(truncateAtWord(record.question, 300))}`, `**Outcome** ${record.outcome}${confidence}`];
  lines.push(record.reason === null ? '**Reason** none: the confidence reached the answer threshold' : `**Reason** \`${record.reason.code}\`: ${escapeText(record.reason.detail)}`);
  if (record.features !== null) {
    lines.push('', '**Evidence** (of the best candidate)', Object.entries(record.features).map(([name, value]) => `${name} ${formatNumber(value)}`).join(' · '));
  }
  if (record.unknownNames.length > 0) lines.push(`Names the article never mentions: ${escapeText(record.unknownNames.join(', '))}`);
  if (record.unknownTerms.length > 0) lines.push(`Terms the article never uses: ${escapeText(record.unknownTerms.join(', '))}`);
  if (record.candidates.length > 0) {
    lines.push('', '**Top candidates**');
    for (const [index, candidate] of record.candidates.entries()) {
      const doc = multiDoc ? ` · *${escapeText(record.index.documents.find((d) => d.id === candidate.doc)?.title ?? candidate.doc)}*` : '';
      const section = candidate.section === null ? '' : ` · ${escapeText(candidate.section)}`;
      lines.push(
        `${index + 1}. ¶${candidate.paragraph}${section}${doc}: score ${candidate.score.toFixed(2)}, similarity ${candidate.dense.toFixed(2)}, ` +
          `terms ${percent(candidate.coverage)} (with context ${percent(candidate.contextCoverage)}), answer kind ${candidate.kind}`,
        blockQuote(escapeText(candidate.text)),
      );
    }
  }
  const at = Math.floor(Date.parse(record.at) / 1000);
  const builtAt = Math.floor(Date.parse(record.index.builtAt) / 1000);
  lines.push('', `**Index** \`${record.index.version}\` built <t:${builtAt}:f>, model \`${record.index.modelId}\`; replied <t:${at}:R>`, `**Since then** ${sinceLine(record, current)}`);
  return message({ embeds: [{ title: 'Why this answer?', description: fitLines(lines, EMBED_DESCRIPTION_LIMIT), color: DECLINED_COLOUR }] });
}

/**
 * A button pressed under an answer from an index that has since changed where the answer
 * came from: says so, and offers **Ask again** on the current index.
 */
export function renderOutdated(then: IndexInfo, now: IndexInfo, answerId: string): RenderedMessage {
  return message({ content: truncateAtWord(outdatedLine(then, now), CONTENT_LIMIT), components: [askAgainButton(answerId)] });
}

/** `reply` (a short notice) with the outdated-answer line and the **Ask again** button added. */
export function withOutdatedNote(reply: RenderedMessage, then: IndexInfo, now: IndexInfo, answerId: string): RenderedMessage {
  const content = `${reply.content ?? ''}\n${outdatedLine(then, now)}`.trim();
  return message({ ...reply, content: truncateAtWord(content, CONTENT_LIMIT), components: [...(reply.components ?? []), askAgainButton(answerId)] });
}

/** The result of `/reindex`; with `changes`, what the rebuild changed. */
export function renderReindex(report: ReindexReport, changes: IndexChanges | null = null): RenderedMessage {
  const lead = report.startedByThisCall
    ? 'Rebuilt the index'
    : 'A rebuild was already running; it has finished';
  return renderNotice(
    `${lead}: ${plural(report.documents, 'document')}, ${plural(report.chunks, 'chunk')} in ${(report.ms / 1000).toFixed(1)} s. ` +
      `Corpus hash \`${report.corpusHash.slice(0, 16)}\`; now serving index \`${report.info.version}\`.` +
      (changes === null ? '' : `\nChanged: ${changeLines(changes).join('; ')}.`),
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

function outdatedLine(then: IndexInfo, now: IndexInfo): string {
  return `The index was rebuilt since this answer (\`${then.version}\` → \`${now.version}\`) and what it drew on changed, so it may no longer match the article. **Ask again** puts the question to the current index.`;
}

function sinceLine(record: Provenance, current: IndexInfo): string {
  if (record.index.version === current.version) return `unchanged: still serving \`${current.version}\`.`;
  const changes = indexChanges(record.index, current);
  const cited = new Set(record.candidates.map((candidate) => candidate.doc));
  const touched = [...changes.removedDocuments, ...changes.changedDocuments].some((doc) => cited.has(doc.id));
  const what = !hasChanges(changes)
    ? 'no document changed'
    : touched
      ? 'the document of its passages changed'
      : 'other documents changed, not the one of its passages';
  return `the index was rebuilt: now serving \`${current.version}\`; ${what}.`;
}

/** What a rebuild changed, one line per kind of change. */
function changeLines(changes: IndexChanges): string[] {
  if (!hasChanges(changes)) return ['No document changed'];
  const titles = (docs: readonly { title: string }[]) => docs.map((doc) => `“${escapeText(doc.title)}”`).join(', ');
  const lines: string[] = [];
  if (changes.addedDocuments.length > 0) lines.push(`Added ${titles(changes.addedDocuments)}`);
  if (changes.removedDocuments.length > 0) lines.push(`Removed ${titles(changes.removedDocuments)}`);
  for (const doc of changes.changedDocuments) {
    const parts = [
      doc.changed > 0 ? `${plural(doc.changed, 'paragraph')} changed` : null,
      doc.added > 0 ? `${plural(doc.added, 'paragraph')} added` : null,
      doc.removed > 0 ? `${plural(doc.removed, 'paragraph')} removed` : null,
    ].filter((part) => part !== null);
    lines.push(`“${escapeText(doc.title)}”: ${parts.join(', ')}`);
  }
  return lines;
}

function shareButton(answerId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonId('share', answerId), label: 'Share in channel' }],
  };
}

function askAgainButton(answerId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: buttonId('again', answerId), label: 'Ask again' }],
  };
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
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

/**
 * `**[1]** ¶7 · Section`, and the document's title when several are indexed. When the
 * document has a url, the place links to the quoted sentence on its page (a text fragment).
 */
function citationLine(citation: Citation, info: IndexInfo, multiDoc: boolean): string {
  const doc = info.documents.find((candidate) => candidate.id === citation.doc);
  const place = [`¶${citation.paragraph}`];
  if (citation.section !== null) place.push(escapeText(citation.section));
  const label = place.join(' · ');
  const parts = [`**[${citation.n}]** ${doc?.url == null ? label : `[${label}](${markdownSafeUrl(textFragmentUrl(doc.url, displayQuote(citation, info.documents)))})`}`];
  if (multiDoc) parts.push(`*${escapeText(doc?.title ?? citation.doc)}*`);
  return parts.join(' · ');
}

/** A URL that cannot end a Markdown link early: parentheses and white space percent-encoded. */
function markdownSafeUrl(url: string): string {
  return url.replace(/[()\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
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
