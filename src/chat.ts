import { createInterface } from 'node:readline/promises';
import type { App } from './app.ts';
import { previousTurn, understoodQuestion, type PreviousTurn } from './core/follow-up.ts';
import { isAppError } from './errors.ts';
import { plural } from './plural.ts';
import { textReply } from './text-reply.ts';
import { wrapText } from './wrap-text.ts';

/** Streams the chat reads from and writes to, and how to draw on the terminal. */
export interface ChatIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Terminal width to word-wrap to, asked at each reply (the window may be resized); null or absent: no wrapping. */
  readonly width?: () => number | null;
  /** Colour for the prompt and the chat's own lines (never for quotes). Only for a TTY with NO_COLOR unset. */
  readonly color?: boolean;
  /** Called when a /reindex ends, e.g. to clear its progress line. */
  readonly afterRebuild?: () => void;
}

const HELP = `Ask anything about the article; answers are verbatim quotes with their paragraph (¶) and section.
Commands: /about (what is indexed), /followup (or /f) QUESTION (asks it in the context of the last answer, like Discord's "Ask a follow-up": "/f when?", "/f who said that?"), /reindex (rebuild the index from the corpus), /help, /quit (or help, quit, exit)`;

/** Commands that also work without the slash, since people type them that way. */
const BARE_COMMANDS = new Set(['help', 'quit', 'exit']);

const ANSI = { dim: ['\x1b[2m', '\x1b[22m'], warn: ['\x1b[33m', '\x1b[39m'], prompt: ['\x1b[1;36m', '\x1b[0m'] } as const;

/**
 * The interactive chat over the engine: one question per line until EOF or /quit.
 * Resolves when the chat ends.
 */
export async function runChat(app: App, { input, output, width = () => null, color = false, afterRebuild = () => {} }: ChatIo): Promise<void> {
  const paint = (style: keyof typeof ANSI, text: string) => (color ? `${ANSI[style][0]}${text}${ANSI[style][1]}` : text);
  const say = (text: string, style?: keyof typeof ANSI) => {
    const wrapped = wrapText(text, width());
    output.write(`${style === undefined ? wrapped : paint(style, wrapped)}\n`);
  };
  const info = app.engine.info();
  say(`Ask the article: ${info.documents.map((document) => document.title).join('; ')} (index ${info.version}, ${plural(info.chunks, 'paragraph')}).`, 'dim');
  say('Type a question, /help for commands, /quit to leave.', 'dim');
  const rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true, prompt: paint('prompt', 'ask>') + ' ' });
  // The last question as understood and its answer: what `/followup` asks about.
  let last: PreviousTurn | null = null;
  const ask = async (question: string, followUp: PreviousTurn | null) => {
    const result = await app.engine.ask(question, followUp === null ? {} : { followUp });
    if (followUp !== null) say(`follow-up to "${followUp.question}"`, 'dim');
    say(textReply(result.answer, { withDocument: result.index.documents.length > 1, documents: result.index.documents }));
    say('');
    if (result.answer.kind !== 'invalid') last = previousTurn(result.answer, understoodQuestion(question, result.answer, followUp));
  };
  rl.prompt();
  for await (const line of rl) {
    const command = commandOf(line);
    if (command === '/quit' || command === '/exit') break;
    if (command === '/followup' || command === '/f') {
      const question = line.trim().replace(/^\S+\s*/, '');
      if (last === null) say('Nothing to follow up on yet: ask a question first, then /f and your follow-up.', 'warn');
      else if (question === '') say('Add the follow-up after the command, e.g. /f when?', 'warn');
      else await ask(question, last);
    } else if (command === '/help') say(HELP, 'dim');
    else if (command === '/about') say(describeIndex(app));
    else if (command === '/reindex') {
      try {
        const report = await app.engine.reindex();
        afterRebuild();
        say(`Rebuilt: ${plural(report.documents, 'document')}, ${plural(report.chunks, 'paragraph')} in ${(report.ms / 1000).toFixed(1)} s; corpus ${report.corpusHash.slice(0, 12)}.`);
      } catch (error) {
        afterRebuild();
        say(isAppError(error) ? `Rebuild failed: ${error.message}` : `Rebuild failed: ${String(error)}`, 'warn');
      }
    } else if (command !== null) {
      say(`unknown command ${command}, try /help`, 'warn');
    } else if (line.trim() !== '') {
      await ask(line, null);
    }
    rl.prompt();
  }
  rl.close();
}

/** `/about` for "/About ", `/help` for a bare "help"; null when the line is not a command. */
function commandOf(line: string): string | null {
  const word = line.trim().toLowerCase();
  if (word.startsWith('/')) return word.split(/\s+/)[0] ?? word;
  return BARE_COMMANDS.has(word) ? `/${word}` : null;
}

function describeIndex(app: App): string {
  const info = app.engine.info();
  const lines = info.documents.flatMap((document) => [
    `• ${document.title} (${document.id}${document.url === null ? '' : `, ${document.url}`}): ${plural(document.paragraphs, 'paragraph')}`,
    ...document.sections.map((section) => `    - ${section}`),
  ]);
  return [...lines, `Index ${info.version}: ${plural(info.chunks, 'paragraph')}, model ${info.modelId} (${info.dimensions} dims), built ${info.builtAt}.`].join('\n');
}
