import { createInterface } from 'node:readline/promises';
import type { App } from './app.ts';
import { isAppError } from './errors.ts';
import { textReply } from './text-reply.ts';

/** Streams the chat reads from and writes to. */
export interface ChatIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

const HELP = `Ask anything about the article; answers are verbatim quotes with their paragraph (¶) and section.
Commands: /about (what is indexed), /reindex (rebuild the index from the corpus), /help, /quit`;

/**
 * The interactive chat over the engine: one question per line until EOF or /quit.
 * Resolves when the chat ends.
 */
export async function runChat(app: App, { input, output }: ChatIo): Promise<void> {
  const say = (text: string) => output.write(`${text}\n`);
  const info = app.engine.info();
  say(`Ask the article: ${info.documents.map((document) => document.title).join('; ')} (index ${info.version}, ${info.chunks} paragraphs).`);
  say('Type a question, /help for commands, /quit to leave.');
  const rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true, prompt: 'ask> ' });
  rl.prompt();
  for await (const line of rl) {
    const command = line.trim().toLowerCase();
    if (command === '/quit' || command === '/exit') break;
    if (command === '/help') say(HELP);
    else if (command === '/about') say(describeIndex(app));
    else if (command === '/reindex') {
      try {
        const report = await app.engine.reindex();
        say(`Rebuilt: ${report.documents} document(s), ${report.chunks} paragraphs in ${(report.ms / 1000).toFixed(1)} s; corpus ${report.corpusHash.slice(0, 12)}.`);
      } catch (error) {
        say(isAppError(error) ? `Rebuild failed: ${error.message}` : `Rebuild failed: ${String(error)}`);
      }
    } else if (command !== '') {
      const result = await app.engine.ask(line);
      say(textReply(result.answer, { withDocument: app.engine.info().documents.length > 1 }));
      say('');
    }
    rl.prompt();
  }
  rl.close();
}

function describeIndex(app: App): string {
  const info = app.engine.info();
  const lines = info.documents.flatMap((document) => [
    `• ${document.title} (${document.id}${document.url === null ? '' : `, ${document.url}`}): ${document.paragraphs} paragraphs`,
    ...document.sections.map((section) => `    - ${section}`),
  ]);
  return [...lines, `Index ${info.version}: ${info.chunks} paragraphs, model ${info.modelId} (${info.dimensions} dims), built ${info.builtAt}.`].join('\n');
}
