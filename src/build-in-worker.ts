import type { ChildProcess } from 'node:child_process';
import type { BuildRequest } from './build-index-from-corpus.ts';
import { AppError, type ReportedError } from './errors.ts';
import { forkEntry } from './fork-entry.ts';
import type { BuildProgress } from './indexer.ts';

/** What the worker needs to build an index on its own: where things are, which model, which limits. */
export type WorkerBuildRequest = Omit<BuildRequest, 'fresh' | 'onProgress'>;

/** Messages from the worker: progress, then one of done or failed. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: BuildProgress }
  | { readonly type: 'done'; readonly id: string }
  | ({ readonly type: 'failed' } & ReportedError);

/**
 * Builds an index (load and check the corpus, chunk, embed, write, verify) in a
 * child process with its own model session, so this process keeps answering
 * while onnxruntime computes (it runs inference synchronously on the calling
 * thread). A process rather than a worker thread: onnxruntime-node can crash the
 * whole process when a worker thread holding a session ends. Resolves with the id
 * of the finished build, which CURRENT already names.
 *
 * @throws AppError `INDEX_BUILD_FAILED` when the build fails or takes longer than
 * `timeoutMs` (the worker is then killed); an AppError of the worker (say
 * `CORPUS_INVALID`) keeps its code and message.
 */
export function buildInWorker(
  request: WorkerBuildRequest,
  { timeoutMs, onProgress }: { timeoutMs: number; onProgress?: (progress: BuildProgress) => void },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = startWorker();
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new AppError('INDEX_BUILD_FAILED', `the rebuild took longer than ${Math.round(timeoutMs / 1000)} s (REINDEX_TIMEOUT_SECONDS) and was stopped`)));
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') settle(() => resolve(message.id));
      else settle(() => reject(new AppError(message.code ?? 'INDEX_BUILD_FAILED', message.message)));
    });
    child.on('error', (error) => settle(() => reject(new AppError('INDEX_BUILD_FAILED', `the index build worker failed: ${error.message}`, { cause: error }))));
    child.on('exit', (code, signal) =>
      settle(() => reject(new AppError('INDEX_BUILD_FAILED', `the index build worker stopped (${signal ?? `exit code ${code}`}) before finishing${stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n').at(-1)}`}`))),
    );
    child.send(request);
  });
}

function startWorker(): ChildProcess {
  return forkEntry(import.meta.url, 'build-worker', { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
}
