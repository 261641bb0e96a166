import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Vitest global setup: compiles src/ to dist/ (incrementally) before any test runs,
 * so the tests that start `node dist/…` as processes run the code under test, not a
 * stale build.
 */
export default async function buildDist(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '../..');
  await promisify(execFile)(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
  });
}
