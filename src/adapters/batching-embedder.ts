import type { Embedder } from '../core/types.ts';

/** How `batchConcurrentCalls` groups calls. */
export interface BatchingOptions {
  /** Most texts one grouped call may hold; a single larger call still runs whole, alone. */
  readonly maxTexts: number;
}

interface Waiting {
  readonly texts: readonly string[];
  resolve(vectors: Float32Array[]): void;
  reject(error: unknown): void;
}

/**
 * An embedder that runs calls made at the same time as one model call: when the
 * model is free a call runs at once; calls that arrive while it is busy wait for
 * that run to end (the bound on their wait) and then run together. Sixteen members
 * asking at once thus cost a few model calls rather than sixteen, and a lone
 * question never waits for company.
 */
export function batchConcurrentCalls(embedder: Embedder, { maxTexts }: BatchingOptions = { maxTexts: 64 }): Embedder {
  const queue: Waiting[] = [];
  let busy = false;

  const runNext = () => {
    if (busy || queue.length === 0) return;
    const group: Waiting[] = [queue.shift() as Waiting];
    let count = group[0]?.texts.length ?? 0;
    while (queue.length > 0 && count + (queue[0]?.texts.length ?? 0) <= maxTexts) {
      const next = queue.shift() as Waiting;
      group.push(next);
      count += next.texts.length;
    }
    busy = true;
    embedder
      .embed(group.flatMap((waiting) => waiting.texts))
      .then(
        (vectors) => {
          let offset = 0;
          for (const waiting of group) {
            waiting.resolve(vectors.slice(offset, offset + waiting.texts.length));
            offset += waiting.texts.length;
          }
        },
        (error: unknown) => {
          for (const waiting of group) waiting.reject(error);
        },
      )
      .finally(() => {
        busy = false;
        runNext();
      });
  };

  return {
    modelId: embedder.modelId,
    dimensions: embedder.dimensions,
    embed(texts) {
      if (texts.length === 0) return Promise.resolve([]);
      return new Promise<Float32Array[]>((resolve, reject) => {
        queue.push({ texts, resolve, reject });
        runNext();
      });
    },
  };
}
