import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's folder and package.json, found by walking up from this file
 * (src/ when run from source, dist/src/ when compiled); null outside the project.
 */
export function projectRoot(): { readonly dir: string; readonly pkg: { readonly name?: string; readonly version?: string } } | null {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ask-the-article') return { dir, pkg };
    } catch {
      // no package.json here: keep walking up
    }
    if (path.dirname(dir) === dir) return null;
  }
}
