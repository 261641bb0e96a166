/**
 * npm run ask -- "question"            one answer, human-readable
 * npm run -s ask -- --json "question"  one JSON object
 * npm run -s ask -- --json < file      one JSON object per input line (model and index loaded once)
 */
import 'dotenv/config';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { isAppError } from './errors.ts';
import { inputLines } from './input-lines.ts';
import { jsonReply } from './json-reply.ts';
import { createLogger } from './logger.ts';
import { showProgress } from './progress-line.ts';
import { textReply } from './text-reply.ts';

const USAGE = 'usage: npm run ask -- [--json] "your question"   (with --json and no question: one question per line on stdin)';

try {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const question = args.filter((arg) => arg !== '--json').join(' ');
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  if (question.trim() === '' && !json && process.stdin.isTTY) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig(process.env);
  // Logs go to stderr; unless LOG_LEVEL says otherwise only warnings, so the terminal stays readable.
  const app = await createApp(config, {
    logger: createLogger(config.logLevel ?? 'warn'),
    onProgress: showProgress,
    // A one-shot run would exit before a background repair finished: repair first.
    repairInBackground: false,
  });
  const withDocument = app.engine.info().documents.length > 1;
  const answer = async (text: string) => {
    const result = await app.engine.ask(text);
    return json ? JSON.stringify(jsonReply(text, result, { withDocument })) : `${textReply(result.answer, { withDocument })}\n`;
  };
  if (question.trim() !== '' || (json && process.stdin.isTTY)) {
    console.log(await answer(question));
  } else {
    for await (const line of inputLines(process.stdin)) {
      console.log(await answer(line));
    }
  }
} catch (error) {
  console.error(isAppError(error) ? `error: ${error.message}` : error);
  process.exit(1);
}
