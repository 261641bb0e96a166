import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's name and version from its package.json, found by walking up from
 * this file (src/ when run from source, dist/src/ when compiled).
 */
export function packageVersion(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ask-the-article' && pkg.version !== undefined) return `${pkg.name} ${pkg.version}`;
    } catch {
      // no package.json here: keep walking up
    }
    if (path.dirname(dir) === dir) return 'ask-the-article (unknown version)';
  }
}
