/**
 * The two small fits behind `npm run calibrate`: a listwise softmax ranker and a
 * logistic confidence model, by plain gradient descent on standardized features
 * with an L2 penalty. Deterministic: same data, same weights.
 */

/** One question's candidates for the ranker: feature rows and which of them hold the answer. */
export interface RankingGroup {
  readonly features: readonly (readonly number[])[];
  readonly positive: readonly boolean[];
  /** How much the group counts (1 when absent). */
  readonly weight?: number;
}

/** Fit settings. */
export interface FitOptions {
  readonly iterations: number;
  readonly learningRate: number;
  /** L2 penalty on the (standardized) weights. */
  readonly l2: number;
}

const DEFAULTS: FitOptions = { iterations: 1500, learningRate: 0.3, l2: 0.01 };

/**
 * Weights w maximizing, over the groups, the log of the softmax probability of
 * the group's positive rows: a ranker whose top candidate is most often a positive one.
 */
export function fitRanker(groups: readonly RankingGroup[], options: Partial<FitOptions> = {}): number[] {
  const { iterations, learningRate, l2 } = { ...DEFAULTS, ...options };
  const usable = groups.filter((group) => group.positive.some(Boolean) && group.features.length > 1);
  const dims = usable[0]?.features[0]?.length ?? 0;
  const { mean, scale } = standardizer(usable.flatMap((group) => group.features), dims);
  const z = usable.map((group) => group.features.map((row) => row.map((x, i) => (x - (mean[i] ?? 0)) / (scale[i] ?? 1))));
  const w = new Array<number>(dims).fill(0);
  for (let step = 0; step < iterations; step++) {
    const gradient = new Array<number>(dims).fill(0);
    usable.forEach((group, g) => {
      const rows = z[g] ?? [];
      const scores = rows.map((row) => row.reduce((sum, x, i) => sum + x * (w[i] ?? 0), 0));
      const top = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - top));
      const all = exp.reduce((a, b) => a + b, 0);
      const pos = exp.reduce((a, e, i) => a + (group.positive[i] ? e : 0), 0);
      const weight = group.weight ?? 1;
      rows.forEach((row, r) => {
        // d/dw of -log(pos/all) = E_all[x] - E_pos[x]
        const coefficient = weight * ((exp[r] ?? 0) / all - (group.positive[r] ? (exp[r] ?? 0) / pos : 0));
        row.forEach((x, i) => (gradient[i] = (gradient[i] ?? 0) + coefficient * x));
      });
    });
    for (let i = 0; i < dims; i++) w[i] = (w[i] ?? 0) - learningRate * ((gradient[i] ?? 0) / usable.length + l2 * (w[i] ?? 0));
  }
  // Back to raw feature units (the softmax ignores the constant the means add).
  return w.map((weight, i) => weight / (scale[i] ?? 1));
}

/** Logistic regression: [bias, ...weights] in raw feature units. */
export function fitLogistic(
  features: readonly (readonly number[])[],
  labels: readonly boolean[],
  weights: readonly number[] = [],
  options: Partial<FitOptions> = {},
): number[] {
  const { iterations, learningRate, l2 } = { ...DEFAULTS, ...options };
  const dims = features[0]?.length ?? 0;
  const { mean, scale } = standardizer(features, dims);
  const z = features.map((row) => row.map((x, i) => (x - (mean[i] ?? 0)) / (scale[i] ?? 1)));
  const w = new Array<number>(dims).fill(0);
  let bias = 0;
  for (let step = 0; step < iterations; step++) {
    const gradient = new Array<number>(dims).fill(0);
    let gradientBias = 0;
    z.forEach((row, r) => {
      const p = sigmoid(bias + row.reduce((sum, x, i) => sum + x * (w[i] ?? 0), 0));
      const error = (weights[r] ?? 1) * (p - (labels[r] ? 1 : 0));
      gradientBias += error;
      row.forEach((x, i) => (gradient[i] = (gradient[i] ?? 0) + error * x));
    });
    bias -= (learningRate * gradientBias) / z.length;
    for (let i = 0; i < dims; i++) w[i] = (w[i] ?? 0) - learningRate * ((gradient[i] ?? 0) / z.length + l2 * (w[i] ?? 0));
  }
  const raw = w.map((weight, i) => weight / (scale[i] ?? 1));
  return [bias - raw.reduce((sum, weight, i) => sum + weight * (mean[i] ?? 0), 0), ...raw];
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function standardizer(rows: readonly (readonly number[])[], dims: number): { mean: number[]; scale: number[] } {
  const mean = new Array<number>(dims).fill(0);
  const scale = new Array<number>(dims).fill(1);
  if (rows.length === 0) return { mean, scale };
  for (let i = 0; i < dims; i++) {
    const values = rows.map((row) => row[i] ?? 0);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length);
    mean[i] = m;
    scale[i] = sd > 1e-9 ? sd : 1;
  }
  return { mean, scale };
}
