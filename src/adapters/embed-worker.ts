/**
 * A helper process of a build's embedder (see `build-embedder.ts`): loads the
 * model its parent names, with one thread, then embeds the texts it is sent until
 * its parent closes the channel (or is gone).
 */
import type { Embedder } from '../core/types.ts';
import { reportError } from '../errors.ts';
import type { HelperReply, HelperRequest } from './build-embedder.ts';
import { createEmbedder } from './embedder.ts';

const reply = (message: HelperReply) => process.send?.(message);

process.once('disconnect', () => process.exit(0));

let embedder: Promise<Embedder> | null = null;
process.on('message', (request: HelperRequest) => {
  if (request.type === 'load') {
    embedder = createEmbedder(request.options);
    embedder.then(
      () => reply({ type: 'ready' }),
      (error: unknown) => reply({ type: 'failed', id: null, ...reportError(error) }),
    );
    return;
  }
  const loaded = embedder;
  if (loaded === null) return reply({ type: 'failed', id: request.id, code: null, message: 'no model was loaded' });
  loaded
    .then((model) => model.embed(request.texts))
    .then(
      (vectors) => reply({ type: 'vectors', id: request.id, vectors }),
      (error: unknown) => reply({ type: 'failed', id: request.id, ...reportError(error) }),
    );
});
