import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a stream, for batch mode: only `\n` and `\r\n` end a line. A lone
 * `\r` stays in its line (readline would end the line there and answer half a
 * question), to be cleaned with the other control characters. A last line without
 * a line end is yielded too. Linear in the input, whatever its line lengths.
 */
export async function* inputLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of input) {
    const text = pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let from = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
      const end = newline > from && text[newline - 1] === '\r' ? newline - 1 : newline;
      yield text.slice(from, end);
      from = newline + 1;
    }
    pending = text.slice(from);
  }
  pending += decoder.end();
  if (pending !== '') yield pending;
}
