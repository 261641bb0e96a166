import {
  MessageFlags,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { isAppError } from '../../errors.ts';
import type { BotContext } from '../bot-context.ts';
import { MODERATOR_COMMAND, requireModerator } from '../is-moderator.ts';
import type { BuildProgress } from '../../indexer.ts';
import { renderNotice, renderReindex } from '../render.ts';
import { ReplyableError } from '../replyable-error.ts';

export const definition = {
  name: 'reindex',
  description: 'Moderators: rebuild the index from the corpus. Questions keep being answered meanwhile.',
  ...MODERATOR_COMMAND,
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export async function handler(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  requireModerator(interaction, context.discord.moderatorRoleIds, 'rebuild the index');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const started = Date.now();
  context.indexHistory.observe(context.engine.info());
  context.logger.info('reindex requested', { event: 'reindex', userId: interaction.user.id, guildId: interaction.guildId });
  // Progress edits the deferred reply at most every few seconds, one edit at a time.
  let edits: Promise<unknown> = Promise.resolve();
  let lastEdit = 0;
  const onProgress = (progress: BuildProgress) => {
    if (progress.stage !== 'embedding' || Date.now() - lastEdit < PROGRESS_EVERY_MS) return;
    lastEdit = Date.now();
    edits = edits.then(() => interaction.editReply(renderNotice(progressLine(progress)))).catch((error: unknown) => {
      context.logger.warn('could not show reindex progress', { error });
    });
  };
  let report;
  try {
    report = await context.engine.reindex({ onProgress });
  } catch (error) {
    context.metrics.reindex({ ok: false, ms: Date.now() - started });
    if (!isAppError(error)) throw error;
    throw new ReplyableError(`The rebuild failed, so the previous index is still serving. ${error.message}`, { cause: error });
  } finally {
    lastEdit = Number.POSITIVE_INFINITY;
    await edits;
  }
  context.metrics.reindex({ ok: true, ms: Date.now() - started });
  const changes = context.indexHistory.observe(report.info);
  context.logger.info('reindex finished', {
    event: 'reindex',
    userId: interaction.user.id,
    documents: report.documents,
    chunks: report.chunks,
    ms: Date.now() - started,
    version: report.info.version,
    startedByThisCall: report.startedByThisCall,
  });
  await interaction.editReply(renderReindex(report, changes));
}

/** How often a running rebuild updates the moderator's reply. */
const PROGRESS_EVERY_MS = 3000;

function progressLine({ done, total }: BuildProgress): string {
  return `Rebuilding the index: embedded ${done} of ${total} paragraphs and sentences. Questions are answered from the current index meanwhile.`;
}
