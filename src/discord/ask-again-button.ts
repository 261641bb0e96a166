import type { ButtonInteraction } from 'discord.js';
import { answerInteraction } from './answer-question.ts';
import type { BotContext } from './bot-context.ts';
import { ReplyableError } from './replyable-error.ts';

/** Puts an outdated answer's question to the current index, and shows the new answer to the clicker. */
export async function handleAskAgainButton(interaction: ButtonInteraction, answerId: string, context: BotContext): Promise<void> {
  const cached = context.answers.get(answerId);
  if (cached === undefined) {
    throw new ReplyableError('I no longer remember that answer (the bot restarted or it is old): please ask again with `/ask`.');
  }
  await answerInteraction(interaction, cached.answer.question, context, { isPrivate: true, via: 'again' });
}
