import type { Message } from 'discord.js';
import { answerQuestion, enforceCooldown } from './answer-question.ts';
import type { BotContext } from './bot-context.ts';
import { repliedTurn } from './follow-up.ts';
import { renderAnswer } from './render.ts';
import { replyForError } from './replyable-error.ts';

/**
 * Answers a direct message, or a channel message that mentions the bot, with a reply
 * to it. A reply to one of the bot's answers is a follow-up to that answer. Ignores bots (itself included) and channel messages that do not mention it.
 * Never rejects.
 */
export async function handleMessage(message: Message, context: BotContext): Promise<void> {
  const me = message.client.user.id;
  if (message.author.bot || context.isClosing()) return;
  const inGuild = message.inGuild();
  if (inGuild && !message.mentions.users.has(me)) return;
  try {
    enforceCooldown(context, message.author.id);
    const followUp = await repliedTurn(message, context);
    await answerQuestion(
      questionIn(message.content, me),
      { userId: message.author.id, guildId: message.guildId, via: inGuild ? 'mention' : 'dm', createdAt: message.createdTimestamp },
      context,
      (reply) => message.reply(reply),
      renderAnswer,
      followUp === null ? {} : { followUp },
    );
  } catch (error) {
    const reply = replyForError(error, context.logger, { event: 'message', userId: message.author.id, guildId: message.guildId });
    await message.reply(reply).catch((replyError: unknown) => {
      context.logger.warn('could not tell the user about an error', { userId: message.author.id, error: replyError });
    });
  }
}

/** The message text without the bot's own mentions. */
export function questionIn(content: string, botId: string): string {
  return content.replaceAll(new RegExp(`<@!?${botId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}
