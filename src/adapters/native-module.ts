import { AppError } from '../errors.ts';

/** What to do when hnswlib-node's compiled addon is missing: the one line a user sees. */
export const NATIVE_MODULE_ADVICE =
  'the hnswlib-node native module was never compiled (install scripts blocked, or no C++ toolchain): ' +
  'install python3, make and g++ (macOS: xcode-select --install; Windows: Visual Studio Build Tools), then run `npm rebuild hnswlib-node`';

/**
 * Turns the failure to load hnswlib-node's addon ("Could not locate the bindings file",
 * or a `.node` file that will not load) into a `NATIVE_MODULE_MISSING` AppError that says
 * what to install; anything else is rethrown as it is.
 */
export function nativeModuleError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/Could not locate the bindings file|\.node\b|NODE_MODULE_VERSION|invalid ELF header/.test(message)) {
    throw new AppError('NATIVE_MODULE_MISSING', NATIVE_MODULE_ADVICE, { cause: error });
  }
  throw error;
}
