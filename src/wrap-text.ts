/**
 * Word-wraps `text` to lines of at most `width` characters for a terminal. Existing
 * line breaks stay; a wrapped line continues at the indentation it started with; a
 * word longer than the width gets a line of its own rather than being cut.
 * `width` null (not a terminal) returns the text unchanged.
 */
export function wrapText(text: string, width: number | null): string {
  if (width === null || width < 20) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  if ([...line].length <= width) return line;
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const words = line.slice(indent.length).split(/ +/).filter((word) => word !== '');
  const lines: string[] = [];
  let current = indent;
  for (const word of words) {
    const candidate = current.trim() === '' ? `${indent}${word}` : `${current} ${word}`;
    if ([...candidate].length <= width || current.trim() === '') current = candidate;
    else {
      lines.push(current);
      current = `${indent}${word}`;
    }
  }
  lines.push(current);
  return lines.join('\n');
}
