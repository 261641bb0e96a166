import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Forks the entry module `name` (without extension) that sits beside the module at
 * `here` (its `import.meta.url`): `.ts` under tsx, `.js` once compiled. Under tsx
 * the child loads tsx's hooks with `--import`, as `tsx` itself does.
 */
export function forkEntry(here: string, name: string, options: Omit<ForkOptions, 'execArgv'> = {}): ChildProcess {
  const url = new URL(here);
  const extension = url.pathname.endsWith('.ts') ? 'ts' : 'js';
  const entry = fileURLToPath(new URL(`./${name}.${extension}`, url));
  // What `node --import tsx` loads, resolved from here so it works whatever the working folder.
  const execArgv = extension === 'ts' ? ['--import', pathToFileURL(createRequire(url).resolve('tsx')).href] : [];
  return fork(entry, [], { ...options, execArgv });
}
