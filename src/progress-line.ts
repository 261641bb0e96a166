import type { BuildProgress } from './indexer.ts';

/** Whether a progress line is drawn on the terminal and not yet cleared. */
let drawn = false;

/**
 * Shows index-build progress on stderr: one line redrawn in place on a terminal
 * (cleared with `clearProgress` once the build is over), plain lines otherwise (logs, CI).
 */
export function showProgress({ stage, done, total }: BuildProgress): void {
  const line = stage === 'embedding' ? `building the index: embedding ${done}/${total}` : `building the index: ${stage}`;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r\x1b[K${line}`);
    drawn = true;
  } else process.stderr.write(`${line}\n`);
}

/** Erases the progress line, if one is drawn, so that nothing stray is left above the output. */
export function clearProgress(): void {
  if (!drawn) return;
  process.stderr.write('\r\x1b[K');
  drawn = false;
}
