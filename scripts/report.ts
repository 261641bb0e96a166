/**
 * The moderator report from the data folder, as `/report` shows it in Discord:
 * questions by outcome, 👍/👎, the questions most often without a confident answer
 * (with STORE_QUESTIONS=true) and the answers with the most 👎.
 *
 *   npm run report [-- --days N] [--guild ID]
 */
import { config as loadDotenv } from 'dotenv';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { feedbackFile, openFeedbackStore } from '../src/discord/feedback-store.ts';
import { reportLines, summarizeQuestions } from '../src/discord/question-report.ts';
import { openQuestionStore, QUESTION_RECORD_DAYS, questionFile } from '../src/discord/question-store.ts';
import { isAppError } from '../src/errors.ts';
import { createLogger } from '../src/logger.ts';

loadDotenv({ quiet: true });
const USAGE = `usage: npm run report -- [--days 1-${QUESTION_RECORD_DAYS}] [--guild ID]`;

try {
  const { values } = parseArgs({ strict: true, options: { days: { type: 'string', default: '7' }, guild: { type: 'string' } } });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > QUESTION_RECORD_DAYS) throw new Error(`--days must be a whole number from 1 to ${QUESTION_RECORD_DAYS}\n${USAGE}`);
  const config = loadConfig(process.env);
  const logger = createLogger('warn');
  const questions = await openQuestionStore(questionFile(config.dataDir), config.questions, logger);
  const feedback = await openFeedbackStore(feedbackFile(config.dataDir), logger);
  const report = summarizeQuestions(questions.all(), feedback.all(), {
    days,
    now: Date.now(),
    textStored: config.questions.storeText,
    ...(values.guild === undefined ? {} : { guildId: values.guild }),
  });
  console.log(`Data folder: ${config.dataDir}${values.guild === undefined ? ' (all servers)' : ` (server ${values.guild})`}`);
  console.log(reportLines(report).join('\n'));
} catch (error) {
  console.error(isAppError(error) || error instanceof Error ? error.message : error);
  process.exit(1);
}
