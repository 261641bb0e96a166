/**
 * The answering half of `npm run bench`, run as its own process (plain node over
 * dist/, like `npm run ask`) against the index the environment names:
 *   node dist/scripts/bench-answers.js <questions.txt> [passes]
 * Prints one line `first` as soon as the first question is answered (the parent
 * times the process start to that line), then one JSON line of figures.
 */
import { readFile } from 'node:fs/promises';
import { createApp } from '../src/app.ts';
import { createEmbedder } from '../src/adapters/embedder.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';

const [questionsFile, passesArg] = process.argv.slice(2);
if (questionsFile === undefined) throw new Error('usage: bench-answers <questions.txt> [passes]');
const passes = Number(passesArg ?? 3);
const questions = (await readFile(questionsFile, 'utf8')).split('\n').filter((line) => line.trim() !== '');

const config = loadConfig(process.env);
const startedApp = performance.now();
const { engine } = await createApp(config, { logger: silentLogger, repairInBackground: false });
await engine.ask(questions[0] ?? 'What is this about?');
console.log('first');
const startUpMs = performance.now() - startedApp;
const embedder = await createEmbedder({ modelId: config.model.id, modelsDir: config.modelsDir, allowRemoteModels: config.model.allowRemote });

// One untimed pass warms the word-vector cache and the JIT; later passes are measured.
for (const question of questions) await engine.ask(question);
const answerMs: number[] = [];
const embedMs: number[] = [];
for (let pass = 0; pass < passes; pass++) {
  for (const question of questions) {
    let started = performance.now();
    await engine.ask(question);
    answerMs.push(performance.now() - started);
    started = performance.now();
    await embedder.embed([question]);
    embedMs.push(performance.now() - started);
  }
}
// Members asking at once: 16 questions started together, against the same 16 one after another.
const burst = Array.from({ length: 16 }, (_, i) => questions[i % questions.length] ?? '');
let started = performance.now();
for (const question of burst) await engine.ask(question);
const sequentialMs = performance.now() - started;
started = performance.now();
await Promise.all(burst.map((question) => engine.ask(question)));
const concurrentMs = performance.now() - started;

console.log(
  JSON.stringify({
    startUpMs,
    answer: summary(answerMs),
    embed: summary(embedMs),
    burst16: { sequentialMs, concurrentMs },
    documents: engine.info().documents.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);

function summary(values: readonly number[]): { p50: number; p95: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), n: sorted.length };
}
