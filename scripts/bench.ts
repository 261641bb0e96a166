/**
 * npm run bench: the figures the README promises, measured on this machine.
 * `npm run bench -- --docs N [--keep DIR]` measures scale instead (see scripts/bench-scale.ts);
 * `--keep` keeps the generated corpus and its index in DIR for the next run.
 * - index: `npm run index` on the bundled article (wall clock)
 * - cold start: the compiled CLI (`node dist/src/cli.js "…"`, what `npm run -s ask` runs) with the index built, to the printed answer
 * - warm answers: batch mode (`ask --json` over stdin), the engine's own ms.total per question
 * - discord: INTERACTION_CREATE to the edited reply against the fake Discord (scripts/bench-discord.ts)
 * Each is run several times; medians are printed.
 */
import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const NODE = process.execPath;
/** A compiled entry point, run with plain node as the npm scripts do (`npm run build` first). */
const dist = (entry: string) => path.join(ROOT, 'dist', entry);
const RUNS = 5;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
};
const timed = async (task: () => Promise<unknown>) => {
  const started = performance.now();
  await task();
  return performance.now() - started;
};

const docsFlag = process.argv.indexOf('--docs');
if (docsFlag !== -1) {
  const { benchScale } = await import('./bench-scale.ts');
  const keepFlag = process.argv.indexOf('--keep');
  await benchScale(Number(process.argv[docsFlag + 1]), keepFlag === -1 ? undefined : process.argv[keepFlag + 1]);
  process.exit(0);
}

const indexRuns: number[] = [];
for (let i = 0; i < RUNS; i++) indexRuns.push(await timed(() => run(NODE, [dist('scripts/build-index.js')], { cwd: ROOT })));
console.log(`npm run index (article):        median ${(median(indexRuns) / 1000).toFixed(2)} s over ${RUNS} runs (target < 10 s)`);

const coldRuns: number[] = [];
for (let i = 0; i < RUNS; i++) {
  coldRuns.push(await timed(() => run(NODE, [dist('src/cli.js'), 'What did Danny Ayalon call the MoU?'], { cwd: ROOT })));
}
console.log(`cold start to first answer:     median ${(median(coldRuns) / 1000).toFixed(2)} s over ${RUNS} runs (target < 3 s)`);

const questions = (await readFile(path.join(ROOT, 'eval', 'suite', 'bundled', 'questions.jsonl'), 'utf8'))
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { question: string }).question);
const batch = Array.from({ length: 5 }, () => questions).flat();
const engineMs: number[] = [];
const wall = await timed(
  () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(NODE, [dist('src/cli.js'), '--json'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) return reject(new Error(`ask --json exited with ${code}`));
        for (const line of out.trim().split('\n')) engineMs.push((JSON.parse(line) as { ms: { total: number } }).ms.total);
        resolve();
      });
      child.stdin.end(`${batch.join('\n')}\n`);
    }),
);
const warm = engineMs.slice(questions.length); // the first pass warms caches
console.log(
  `warm answers (batch, ${warm.length} q):    median ${median(warm).toFixed(1)} ms, p95 ${percentile(warm, 0.95).toFixed(1)} ms (target median < 40 ms); whole batch incl. start ${(wall / 1000).toFixed(2)} s`,
);

// The bot's own latency, against the fake Discord on 127.0.0.1.
const discord = await run(TSX, [path.join(ROOT, 'scripts', 'bench-discord.ts')], { cwd: ROOT });
console.log(`discord (fake, 127.0.0.1):\n${discord.stdout.trim().replace(/^/gm, '  ')}`);
const autocomplete = await run(TSX, [path.join(ROOT, 'scripts', 'bench-autocomplete.ts')], { cwd: ROOT });
console.log(`autocomplete (/ask suggestions):\n${autocomplete.stdout.trim().replace(/^/gm, '  ')}`);
