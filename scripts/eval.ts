/**
 * npm run eval -- FILE.jsonl [FILE.jsonl …]
 * Asks every question of each file and prints, per question and in total:
 * answer hits, evidence hits, correct declines, false declines, unfaithful quotes.
 * Per question: HIT (first quote has an answer term), MISS (answered without one),
 * DECL (declined an answerable question), OK (declined an unanswerable one),
 * FALSE-ANSWER (answered an unanswerable one); and whether a quote overlaps the evidence.
 */
import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import { loadCorpus } from '../src/adapters/corpus-files.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { evaluate, parseEvalFile, type EvalRow } from '../src/evaluation.ts';
import { createLogger } from '../src/logger.ts';

const files = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const verbose = process.argv.includes('--verbose');
if (files.length === 0) {
  console.error('usage: npm run eval -- FILE.jsonl [FILE.jsonl …] [--verbose]');
  process.exit(2);
}

const config = loadConfig(process.env);
const app = await createApp(config, { logger: createLogger('warn') });
// Quotes are checked against the corpus files as they are on disk, not the index's copy.
const { documents } = await loadCorpus(config.corpusDir);
const textOf = (doc: string) => documents.find((document) => document.id === doc)?.text;
let allRows: EvalRow[] = [];
for (const file of files) {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    console.error(`error: cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    process.exit(1);
  });
  const items = parseEvalFile(text, file);
  const rows = await evaluate(items, app.engine, textOf);
  allRows = allRows.concat(rows);
  console.log(`\n${file}`);
  for (const row of rows) {
    const mark = row.item.answerable ? (row.answerHit ? 'HIT ' : row.declined ? 'DECL' : 'MISS') : row.declined ? 'OK  ' : 'FALSE-ANSWER';
    const evidence = row.item.answerable ? (row.evidenceHit ? ' evidence:yes' : ' evidence:no ') : '';
    console.log(`${mark}${evidence} ${row.item.id} ${row.item.question}`);
    if (verbose || mark === 'MISS' || mark === 'DECL' || mark === 'FALSE-ANSWER') {
      console.log(`      -> ${row.summary}`);
    }
    for (const problem of row.unfaithful) console.log(`      UNFAITHFUL: ${problem}`);
  }
  printTotals(rows);
}
if (files.length > 1) {
  console.log('\nall files');
  printTotals(allRows);
}

function printTotals(rows: readonly EvalRow[]): void {
  const answerable = rows.filter((row) => row.item.answerable);
  const unanswerable = rows.filter((row) => !row.item.answerable);
  const count = (list: readonly EvalRow[], test: (row: EvalRow) => boolean) => list.filter(test).length;
  const ms = rows.map((row) => row.ms).sort((a, b) => a - b);
  console.log(`  answer hits:      ${count(answerable, (row) => row.answerHit)}/${answerable.length}`);
  console.log(`  evidence hits:    ${count(answerable, (row) => row.evidenceHit)}/${answerable.length}`);
  console.log(`  correct declines: ${count(unanswerable, (row) => row.declined)}/${unanswerable.length}`);
  console.log(`  false declines:   ${count(answerable, (row) => row.declined)}`);
  console.log(`  unfaithful quotes: ${rows.reduce((sum, row) => sum + row.unfaithful.length, 0)}`);
  console.log(`  median ms/question: ${ms[Math.floor(ms.length / 2)]?.toFixed(1) ?? '-'}`);
}
