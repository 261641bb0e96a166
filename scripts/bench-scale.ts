/**
 * `npm run bench -- --docs N`: how the engine scales with the corpus. Generates N
 * synthetic documents from the bundled article (scripts/synthetic-corpus.ts), builds
 * their index in a temporary folder with `npm run index`'s compiled script, then
 * runs scripts/bench-answers.ts (plain node over dist/) against it and prints:
 * the processor, build time, index size, the time of a rebuild after one more
 * document, start-up to the first answer (next to a bare script
 * that only loads the model and embeds one sentence, and next to the bundled
 * article alone), warm answer p50/p95, the question embedding alone, a burst of
 * 16 questions at once, and peak RSS.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { syntheticDocuments, writeSyntheticCorpus } from './synthetic-corpus.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const dist = (entry: string) => path.join(ROOT, 'dist', entry);
const MODELS_DIR = path.join(ROOT, 'models');
const MODEL_ID = 'all-MiniLM-L6-v2';
/** Start-up runs per measure; medians are printed. */
const START_RUNS = 3;

interface AnswerFigures {
  readonly startUpMs: number;
  readonly answer: { p50: number; p95: number; n: number };
  readonly embed: { p50: number; p95: number; n: number };
  readonly burst16: { sequentialMs: number; concurrentMs: number };
  readonly documents: number;
  readonly maxRssMb: number;
}

/**
 * Runs the scale bench for `docs` synthetic documents and prints its figures.
 * With `keepDir`, the corpus and indexes stay there and a later run over the same
 * number of documents reuses them (and reprints the build time it measured).
 */
export async function benchScale(docs: number, keepDir?: string): Promise<void> {
  if (!Number.isInteger(docs) || docs < 1) throw new Error('--docs wants a whole number of documents, at least 1');
  const work = keepDir === undefined ? await mkdtemp(path.join(tmpdir(), 'ask-bench-')) : path.resolve(keepDir, `docs-${docs}`);
  try {
    const corpusDir = path.join(work, 'corpus');
    const buildRecord = path.join(work, 'build.json');
    const reused = keepDir !== undefined ? ((await readFile(buildRecord, 'utf8').then((text) => JSON.parse(text) as { ms: number }).catch(() => null))) : null;
    if (reused === null) await writeSyntheticCorpus(corpusDir, await readFile(path.join(ROOT, 'corpus', 'article.txt'), 'utf8'), docs);
    const env = { CORPUS_DIR: corpusDir, INDEX_DIR: path.join(work, 'index'), DATA_DIR: work, MODELS_DIR, CORPUS_MAX_BYTES: '100000000', LOG_LEVEL: 'error' };
    const single = { ...env, CORPUS_DIR: path.join(ROOT, 'corpus'), INDEX_DIR: path.join(work, 'index-1') };

    const corpusBytes = await folderBytes(corpusDir);
    const build = reused ?? (await timedRun([dist('scripts/build-index.js')], env));
    if (reused === null) await timedRun([dist('scripts/build-index.js')], single);
    if (keepDir !== undefined) await writeFile(buildRecord, JSON.stringify({ ms: build.ms }));
    const indexBytes = await folderBytes(env.INDEX_DIR);

    const questionsFile = path.join(work, 'questions.txt');
    await writeFile(questionsFile, (await bundledQuestions()).join('\n'));
    // One untimed run each: brings a reused index up to date and the files into the OS cache, as for the bare script.
    await timedRun([dist('scripts/bench-answers.js'), questionsFile, '0'], env, 'first');
    await timedRun([dist('scripts/bench-answers.js'), questionsFile, '0'], single, 'first');
    await timedRun([dist('scripts/bench-bare-model.js'), MODELS_DIR, MODEL_ID], {}, 'first');
    // Interleaved, so a slow moment of the machine hits every measure alike.
    const bare: number[] = [];
    const startUp: number[] = [];
    const startUpSingle: number[] = [];
    let figures: AnswerFigures | null = null;
    let singleFigures: AnswerFigures | null = null;
    for (let run = 0; run < START_RUNS; run++) {
      bare.push((await timedRun([dist('scripts/bench-bare-model.js'), MODELS_DIR, MODEL_ID], {}, 'first')).ms);
      const answered = await timedRun([dist('scripts/bench-answers.js'), questionsFile, run === 0 ? '3' : '0'], env, 'first');
      startUp.push(answered.ms);
      figures ??= JSON.parse(answered.lastLine) as AnswerFigures;
      const answeredSingle = await timedRun([dist('scripts/bench-answers.js'), questionsFile, run === 0 ? '3' : '0'], single, 'first');
      startUpSingle.push(answeredSingle.ms);
      singleFigures ??= JSON.parse(answeredSingle.lastLine) as AnswerFigures;
    }
    if (figures === null || singleFigures === null) throw new Error('no figures');
    const addOne = await rebuildWithOneMore(work, corpusDir, env);

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    console.log(`scale bench: ${docs} synthetic documents (${(corpusBytes / 1e6).toFixed(2)} MB), ${figures.answer.n} timed answers`);
    console.log(`  machine                    ${await machine()}`);
    console.log(`  index build                ${(build.ms / 1000).toFixed(1)} s${reused === null ? '' : ' (measured when it was built)'} (target < 300 s at 1,000 documents); ${(indexBytes / 1e6).toFixed(1)} MB on disk`);
    console.log(`  rebuild with one more      ${(addOne.ms / 1000).toFixed(1)} s (the other documents keep their vectors)`);
    console.log(`  warm answer                p50 ${ms(figures.answer.p50)}, p95 ${ms(figures.answer.p95)}`);
    console.log(`  question embedding alone   p50 ${ms(figures.embed.p50)}, p95 ${ms(figures.embed.p95)}`);
    console.log(`  answer / embedding         p50 ${ratio(figures.answer.p50, figures.embed.p50)} (target ≤ 2×), p95 ${ratio(figures.answer.p95, figures.embed.p50)} (target ≤ 4×)`);
    console.log(`  16 questions at once       ${ms(figures.burst16.concurrentMs)} (one after another: ${ms(figures.burst16.sequentialMs)})`);
    console.log(`  start-up to first answer   ${ms(median(startUp))} (bare model script ${ms(median(bare))}, ${ratio(median(startUp), median(bare))}; bundled article alone ${ms(median(startUpSingle))}, +${ms(median(startUp) - median(startUpSingle))})`);
    console.log(`  peak RSS                   ${figures.maxRssMb.toFixed(0)} MB (bundled article alone: ${singleFigures.maxRssMb.toFixed(0)} MB, target < 400 MB)`);
    console.log(`  bundled article alone      warm p50 ${ms(singleFigures.answer.p50)}, p95 ${ms(singleFigures.answer.p95)}`);
  } finally {
    if (keepDir === undefined) await rm(work, { recursive: true, force: true });
  }
}

/**
 * Times `npm run index` after one more document was added, as a moderator's
 * `/reindex` would run, on copies of the corpus and index so the measured ones stay as they are.
 */
async function rebuildWithOneMore(work: string, corpusDir: string, env: Readonly<Record<string, string>> & { readonly INDEX_DIR: string }): Promise<{ ms: number }> {
  const copy = path.join(work, 'add-one');
  await rm(copy, { recursive: true, force: true });
  try {
    await cp(corpusDir, path.join(copy, 'corpus'), { recursive: true });
    await cp(env.INDEX_DIR, path.join(copy, 'index'), { recursive: true });
    const [added] = syntheticDocuments(await readFile(path.join(ROOT, 'corpus', 'article.txt'), 'utf8'), 1, 2);
    if (added === undefined) throw new Error('no synthetic document');
    await writeFile(path.join(copy, 'corpus', `added-${added.name}`), added.text);
    return await timedRun([dist('scripts/build-index.js')], { ...env, CORPUS_DIR: path.join(copy, 'corpus'), INDEX_DIR: path.join(copy, 'index'), DATA_DIR: copy });
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

async function bundledQuestions(): Promise<string[]> {
  const lines = (await readFile(path.join(ROOT, 'eval', 'suite', 'bundled', 'questions.jsonl'), 'utf8')).split('\n');
  return lines.filter((line) => line.trim() !== '').map((line) => (JSON.parse(line) as { question: string }).question);
}

/** Runs `node args` with `env` added; `ms` is the time to the line `mark` (or to the exit without one). */
function timedRun(args: readonly string[], env: Readonly<Record<string, string>>, mark?: string): Promise<{ ms: number; lastLine: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let markedAt: number | null = null;
    let out = '';
    let err = '';
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (mark !== undefined && markedAt === null && out.split('\n').includes(mark)) markedAt = performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${err.trim()}`));
      resolve({ ms: (markedAt ?? performance.now()) - started, lastLine: out.trim().split('\n').at(-1) ?? '' });
    });
  });
}

/**
 * The processor the figures were taken on: its name, its cores, and the widest vector
 * instructions it reports. The model's forward pass is most of a build and of an
 * answer, and onnxruntime picks its kernels by these, so two machines with the same
 * core count can differ twofold.
 */
async function machine(): Promise<string> {
  const flags = new Set(
    (await readFile('/proc/cpuinfo', 'utf8').catch(() => ''))
      .split('\n')
      .find((line) => line.startsWith('flags'))
      ?.split(':')[1]
      ?.trim()
      .split(/\s+/) ?? [],
  );
  const vector = flags.size === 0 ? 'vector instructions unknown' : (['avx512f', 'avx2', 'avx', 'sse4_2'].find((flag) => flags.has(flag)) ?? 'no avx');
  return `${cpus()[0]?.model.trim() ?? 'unknown processor'}, ${availableParallelism()} cores, ${vector}${flags.has('avx512_vnni') ? ' with avx512_vnni' : ''}`;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
