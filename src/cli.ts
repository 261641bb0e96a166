/**
 * npm run ask -- "question"            one answer, human-readable
 * npm run -s ask -- --json "question"  one JSON object
 * npm run -s ask -- --json < file      one JSON object per input line (model and index loaded once)
 * npm run ask -- --after "question" "follow-up"   the follow-up, in the context of the earlier question's answer
 */
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { createApp } from './app.ts';
import { previousTurn, type PreviousTurn } from './core/follow-up.ts';
import { loadConfig } from './config.ts';
import { isAppError } from './errors.ts';
import { inputLines } from './input-lines.ts';
import { jsonReply } from './json-reply.ts';
import { createLogger } from './logger.ts';
import { clearProgress, showProgress } from './progress-line.ts';
import { textReply } from './text-reply.ts';
import { packageVersion } from './version.ts';

const USAGE = `usage: npm run ask -- [--json] "your question"
       npm run -s ask -- --json < questions.txt    one question per line on stdin, one JSON object per line out
options: -j, --json   print JSON (the format is in the README)
         -a, --after "earlier question"
                      answer as a follow-up to it ("when?", "who said that?"), as Discord's Ask a follow-up does;
                      only the follow-up's reply is printed (with stdin, every line follows up on it)
         -h, --help   print this
         --version    print the version`;

let parsed: { values: { json?: boolean; after?: string; help?: boolean; version?: boolean }; positionals: string[] };
try {
  parsed = parseArgs({
    options: { json: { type: 'boolean', short: 'j' }, after: { type: 'string', short: 'a' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

try {
  const json = parsed.values.json === true;
  const question = parsed.positionals.join(' ');
  if (parsed.values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  if (parsed.values.version === true) {
    console.log(packageVersion());
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
  clearProgress();
  const withDocument = app.engine.info().documents.length > 1;
  const after = parsed.values.after;
  const followUp: PreviousTurn | undefined = after === undefined ? undefined : previousTurn((await app.engine.ask(after)).answer);
  const answer = async (text: string) => {
    const result = await app.engine.ask(text, followUp === undefined ? {} : { followUp });
    return json ? JSON.stringify(jsonReply(text, result, { withDocument })) : `${textReply(result.answer, { withDocument, documents: result.index.documents })}\n`;
  };
  if (question.trim() !== '' || (json && process.stdin.isTTY)) {
    console.log(await answer(question));
  } else {
    for await (const line of inputLines(process.stdin)) {
      console.log(await answer(line));
    }
  }
} catch (error) {
  clearProgress();
  console.error(isAppError(error) ? `error: ${error.message}` : error);
  process.exit(1);
}
