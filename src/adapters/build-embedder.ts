import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { Embedder } from '../core/types.ts';
import { AppError, type ReportedError } from '../errors.ts';
import { forkEntry } from '../fork-entry.ts';
import { BATCH_SIZE, BUILD_THREADS, createEmbedder, type EmbedderOptions } from './embedder.ts';
import { buildLocalModel, LOCAL_MODEL_ID } from './build-bert-onnx.ts';

/** The embedder of a build: it may run model processes of its own, which `close` ends. */
export interface BuildEmbedder extends Embedder {
  /** How many model sessions share each call: this process's and its helpers'. */
  readonly lanes: number;
  /** Ends the helper processes; calls after it fail. */
  close(): Promise<void>;
}

/** What the parent sends a helper: first the model to load, then texts to embed. */
export type HelperRequest =
  | { readonly type: 'load'; readonly options: EmbedderOptions }
  | { readonly type: 'embed'; readonly id: number; readonly texts: readonly string[] };

/** What a helper answers. */
export type HelperReply =
  | { readonly type: 'ready' }
  | { readonly type: 'vectors'; readonly id: number; readonly vectors: readonly Float32Array[] }
  | ({ readonly type: 'failed'; readonly id: number | null } & ReportedError);

/**
 * The embedder for building an index with every core. onnxruntime runs a forward
 * pass on the calling thread, and one session with two threads used this machine's
 * two cores less well than two sessions of one thread each in two processes: 200
 * batches took 9.0–9.2 s against 7.0 s (on an AVX-512 machine; 6–10% apart on an
 * earlier one, no gain on an AVX2 one). So with the built-in model and `lanes`
 * cores, each call is split between this process's session and `lanes − 1` helper
 * processes, one model thread each, in runs of whole forward passes: every text
 * goes through the model in the same batch as with one session, so the vectors are
 * the same bit for bit. Other models, or one core, get one session with every core.
 */
export async function createBuildEmbedder(options: EmbedderOptions, { lanes = availableParallelism() }: { lanes?: number } = {}): Promise<BuildEmbedder> {
  if (options.modelId !== LOCAL_MODEL_ID || lanes < 2) {
    return { ...(await createEmbedder({ ...options, threads: BUILD_THREADS })), lanes: 1, close: () => Promise.resolve() };
  }
  // Built (or its stamp checked) once here, so the helpers only open it rather than each building it too.
  await buildLocalModel({ outDir: options.modelsDir });
  const helpers = Array.from({ length: lanes - 1 }, () => startHelper({ ...options, threads: 1 }));
  let local: Embedder;
  try {
    [local] = await Promise.all([createEmbedder({ ...options, threads: 1 }), ...helpers.map((helper) => helper.ready)]);
  } catch (error) {
    await Promise.all(helpers.map((helper) => helper.stop()));
    throw error;
  }
  let closed = false;
  return {
    modelId: local.modelId,
    dimensions: local.dimensions,
    lanes,
    async embed(texts) {
      if (closed) throw new AppError('MODEL_UNAVAILABLE', 'the build embedder was closed');
      const passes = Math.ceil(texts.length / BATCH_SIZE);
      const share = Math.ceil(passes / lanes) * BATCH_SIZE;
      const slices = Array.from({ length: lanes }, (_, lane) => texts.slice(lane * share, (lane + 1) * share));
      // The helpers get their texts first: this process's own share then blocks its thread in onnxruntime.
      const remote = helpers.map((helper, i) => helper.embed(slices[i + 1] ?? []));
      // Awaited below; a helper failing while this process embeds must not count as unhandled meanwhile.
      for (const reply of remote) reply.catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve));
      const own = await local.embed(slices[0] ?? []);
      return [own, ...(await Promise.all(remote))].flat();
    },
    async close() {
      closed = true;
      await Promise.all(helpers.map((helper) => helper.stop()));
    },
  };
}

/** A helper process with one model session. */
interface Helper {
  /** Settles once the model is loaded (or failed to load). */
  readonly ready: Promise<void>;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  stop(): Promise<void>;
}

function startHelper(options: EmbedderOptions): Helper {
  // 'advanced' serialization carries Float32Arrays as they are, not as JSON.
  const child: ChildProcess = forkEntry(import.meta.url, 'embed-worker', { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  const pending = new Map<number, { resolve: (vectors: Float32Array[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let gone: AppError | null = null;
  let onReady: { resolve: () => void; reject: (error: Error) => void } | null = null;
  const ready = new Promise<void>((resolve, reject) => (onReady = { resolve, reject }));
  ready.catch(() => undefined);
  const fail = (error: AppError) => {
    gone ??= error;
    onReady?.reject(error);
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  child.on('message', (reply: HelperReply) => {
    if (reply.type === 'ready') onReady?.resolve();
    else if (reply.type === 'vectors') {
      pending.get(reply.id)?.resolve([...reply.vectors]);
      pending.delete(reply.id);
    } else {
      const error = new AppError(reply.code ?? 'MODEL_UNAVAILABLE', reply.message);
      if (reply.id === null) fail(error);
      else {
        pending.get(reply.id)?.reject(error);
        pending.delete(reply.id);
      }
    }
  });
  // A send to a process that died fails too; its exit, reported below, says why. One that never started has no exit to wait for.
  child.on('error', (error) => {
    if (child.pid === undefined || (child.exitCode === null && child.signalCode === null && child.connected)) fail(new AppError('MODEL_UNAVAILABLE', `an embedding process of the build failed: ${error.message}`, { cause: error }));
  });
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      const last = stderr.trim().split('\n').at(-1);
      fail(new AppError('MODEL_UNAVAILABLE', `an embedding process of the build stopped (${signal ?? `exit code ${code}`})${last === undefined || last === '' ? '' : `: ${last}`}`));
      resolve();
    }),
  );
  child.send({ type: 'load', options } satisfies HelperRequest);
  return {
    ready,
    embed(texts) {
      if (texts.length === 0) return Promise.resolve([]);
      if (gone !== null) return Promise.reject(gone);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // Gone but its exit not yet seen: the exit rejects this call with its reason.
        if (child.connected) child.send({ type: 'embed', id, texts } satisfies HelperRequest);
      });
    },
    async stop() {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        // The helper exits when its channel closes; a kill is the fallback for one that hangs.
        if (child.connected) child.disconnect();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
