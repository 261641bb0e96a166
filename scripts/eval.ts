/**
 * npm run eval [-- --split test|fit|all] [--article NAME] [--verbose]
 *   Answer quality on the development suite (eval/suite): per article, per
 *   question style and per outcome. Each article gets an index of its own.
 *   The default is the test split, which `npm run calibrate` never sees.
 * npm run eval -- FILE.jsonl [FILE.jsonl …] [--verbose]
 *   The same figures for question files about the configured corpus.
 */
import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/adapters/corpus-files.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { evaluate, parseEvalFile, styleOf, tally, type EvalRow, type QuestionStyle, type Split } from '../src/evaluation.ts';
import { appForArticle, loadSuite } from '../src/eval-suite.ts';
import { evaluateFollowUps } from '../src/follow-up-evaluation.ts';
import { createLogger } from '../src/logger.ts';
import { projectRoot } from '../src/project-root.ts';

const USAGE = 'usage: npm run eval -- [--split test|fit|all] [--article NAME] [--verbose] | FILE.jsonl … [--verbose]';
let parsed: ReturnType<typeof parseEvalArgs>;
try {
  parsed = parseEvalArgs();
} catch (error) {
  console.error(`error: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { verbose, split, article: only, files } = parsed;
if (!['fit', 'test', 'all'].includes(split)) {
  console.error(USAGE);
  process.exit(2);
}
const config = loadConfig(process.env);

if (files.length > 0) {
  // Read every file first, so that a missing one fails before the model loads.
  const texts: [string, string][] = [];
  for (const file of files) {
    try {
      texts.push([file, await readFile(file, 'utf8')]);
    } catch (error) {
      console.error(`error: cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
      process.exit(1);
    }
  }
  const app = await createApp(config, { logger: createLogger('warn') });
  const { documents } = await loadCorpus(config.corpusDir);
  const documentText = (doc: string) => documents.find((document) => document.id === doc)?.text;
  const all: EvalRow[] = [];
  for (const [file, text] of texts) {
    const rows = await evaluate(parseEvalFile(text, file), app.engine, { documentText, maxChars: config.answer.maxChars });
    printRows(file, rows);
    all.push(...rows);
  }
  printTable([['all files', all]]);
} else {
  const suite = (await loadSuite(path.join(projectRoot()?.dir ?? process.cwd(), 'eval', 'suite'))).filter((article) => only === undefined || article.name === only);
  const perArticle: [string, EvalRow[]][] = [];
  const followUps: [string, EvalRow[]][] = [];
  for (const article of suite) {
    const items = article.items.filter((item) => split === 'all' || item.split === split);
    const { app, documentText, close } = await appForArticle(article, process.env);
    const rows = await evaluate(items, app.engine, { documentText, maxChars: config.answer.maxChars });
    const followUpRows = await evaluateFollowUps(article.followUps, app.engine, { documentText, maxChars: config.answer.maxChars });
    await close();
    if (verbose) printRows(article.name, rows);
    if (verbose && followUpRows.length > 0) printRows(`${article.name} follow-ups`, followUpRows);
    perArticle.push([article.name, rows]);
    if (followUpRows.length > 0) followUps.push([article.name, followUpRows]);
  }
  console.log(`\nsplit: ${split}; model: ${config.model.id}`);
  printTable([...perArticle, ['all articles', perArticle.flatMap(([, rows]) => rows)]]);
  printStyles(perArticle.flatMap(([, rows]) => rows));
  printReasons(perArticle.flatMap(([, rows]) => rows));
  if (followUps.length > 0) printFollowUps([...followUps, ['all articles', followUps.flatMap(([, rows]) => rows)]]);
}

function parseEvalArgs() {
  const { values, positionals } = parseArgs({
    strict: true,
    allowPositionals: true,
    options: { split: { type: 'string', default: 'test' }, article: { type: 'string' }, verbose: { type: 'boolean', default: false } },
  });
  return { verbose: values.verbose, split: values.split as Split | 'all', article: values.article, files: positionals };
}

function printRows(title: string, rows: readonly EvalRow[]): void {
  console.log(`\n${title}`);
  for (const row of rows) {
    const mark = row.item.answerable ? (row.hit ? (row.outcome === 'answered' ? 'HIT ' : 'NEAR') : row.outcome === 'answered' ? 'WRONG' : 'MISS') : row.outcome === 'answered' ? 'FALSE-ANSWER' : 'OK  ';
    const evidence = row.item.answerable ? (row.evidenceHit ? ' evidence:yes' : ' evidence:no ') : '';
    console.log(`${mark}${evidence} ${row.item.id} [${styleOf(row.item)}] ${row.item.question}`);
    if (verbose || mark === 'WRONG' || mark === 'MISS' || mark === 'FALSE-ANSWER') console.log(`      -> ${row.summary}`);
    for (const problem of row.unfaithful) console.log(`      UNFAITHFUL: ${problem}`);
  }
}

/** The targets' figures per article: helpful, confident, precision of answered, unanswerable answered. */
function printTable(groups: readonly (readonly [string, readonly EvalRow[]])[]): void {
  const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${Math.round((100 * part) / whole)}%`);
  const header = ['article', 'questions', 'helpful', 'confident', 'answered right', 'unans. answered', 'ans. declined', 'off-topic declined', 'closest', 'unfaithful', 'too long'];
  const lines = groups.map(([name, rows]) => {
    const t = tally(rows);
    return [
      name,
      `${t.answerable}+${t.unanswerable}`,
      `${t.helpful}/${t.answerable} ${pct(t.helpful, t.answerable)}`,
      `${t.confident}/${t.answerable} ${pct(t.confident, t.answerable)}`,
      `${t.answeredRight}/${t.answered} ${pct(t.answeredRight, t.answered)}`,
      `${t.unanswerableAnswered}/${t.unanswerable}`,
      `${t.answerableDeclined}`,
      `${t.offTopicDeclined}/${t.offTopic}`,
      `${t.outcomes.closest}`,
      `${t.unfaithful}`,
      `${t.overLength}`,
    ];
  });
  printColumns([header, ...lines]);
}

/** Follow-up pairs (every pair, whatever the split): the follow-up's first quote holds the fact (helpful), confidently (confident), and how right its confident answers are. */
function printFollowUps(groups: readonly (readonly [string, readonly EvalRow[]])[]): void {
  console.log('\nfollow-ups (each asked after its first question, in its context)');
  const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${Math.round((100 * part) / whole)}%`);
  const lines = groups.map(([name, rows]) => {
    const t = tally(rows);
    return [name, `${t.answerable}`, `${t.helpful}/${t.answerable} ${pct(t.helpful, t.answerable)}`, `${t.confident}/${t.answerable} ${pct(t.confident, t.answerable)}`, `${t.answeredRight}/${t.answered} ${pct(t.answeredRight, t.answered)}`, `${t.unfaithful}`];
  });
  printColumns([['article', 'pairs', 'helpful', 'confident', 'answered right', 'unfaithful'], ...lines]);
}

function printStyles(rows: readonly EvalRow[]): void {
  console.log('\nby style (answerable: helpful / confident; unanswerable: answered / closest / declined)');
  const styles: QuestionStyle[] = ['close', 'casual', 'short', 'unanswerable'];
  const lines = styles.map((style) => {
    const group = rows.filter((row) => styleOf(row.item) === style);
    const t = tally(group);
    return style === 'unanswerable'
      ? [style, `${group.length}`, `${t.unanswerableAnswered} answered`, `${t.outcomes.closest} closest`, `${t.outcomes.declined} declined`]
      : [style, `${group.length}`, `${t.helpful} helpful`, `${t.confident} confident`, `${t.outcomes.closest} closest`];
  });
  printColumns(lines);
}

function printReasons(rows: readonly EvalRow[]): void {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.reason !== null) counts.set(`${row.outcome}/${row.reason.code}`, (counts.get(`${row.outcome}/${row.reason.code}`) ?? 0) + 1);
  console.log('\nby outcome and reason');
  printColumns([...counts].sort((a, b) => b[1] - a[1]).map(([code, n]) => [code, `${n}`]));
}

function printColumns(lines: readonly (readonly string[])[]): void {
  const widths = lines.reduce<number[]>((w, line) => line.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  for (const line of lines) console.log(line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}
