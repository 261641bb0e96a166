import type { BuildProgress } from './indexer.ts';

/**
 * Shows index-build progress on stderr: one line redrawn in place on a terminal,
 * plain lines otherwise (logs, CI).
 */
export function showProgress({ stage, done, total }: BuildProgress): void {
  const line = stage === 'embedding' ? `building the index: embedding ${done}/${total}` : `building the index: ${stage}`;
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}${stage === 'writing' ? '\n' : ''}`);
  else process.stderr.write(`${line}\n`);
}
