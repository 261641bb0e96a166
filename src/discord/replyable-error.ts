import type { Logger, LogFields } from '../logger.ts';
import { renderNotice, type RenderedMessage } from './render.ts';

/**
 * An error meant for the person who asked: a refusal, a cooldown, a failed rebuild.
 * Its message is shown to them as is and logged at info. Any other error is a bug:
 * the user gets a short apology and the details go to the log at error.
 */
export class ReplyableError extends Error {
  override name = 'ReplyableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const APOLOGY = 'Sorry, something went wrong on my side. The details are in the bot’s log; please try again later.';

/** Logs `error` at the level it deserves and returns the reply the user should see. */
export function replyForError(error: unknown, logger: Logger, fields: LogFields): RenderedMessage {
  if (error instanceof ReplyableError) {
    logger.info('told the user no', { ...fields, reason: error.message });
    return renderNotice(error.message);
  }
  logger.error('failed to handle a Discord event', { ...fields, error });
  return renderNotice(APOLOGY);
}
