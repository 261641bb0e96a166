// Written by `npm run calibrate` (scripts/calibrate.ts): do not edit by hand.
// The fit report is eval/calibration-report.md.
import type { DecisionParams } from './decide.ts';

/** Fitted decision parameters, by embedding model id. A model missing here is uncalibrated: no answer is confident. */
export const FITTED_PARAMS: Readonly<Record<string, DecisionParams>> = {
  "all-MiniLM-L6-v2": {
    "ranker": {
      "dense": 7.774,
      "paragraphDense": 6.931,
      "coverage": -3.437,
      "contextCoverage": 4.787,
      "softCoverage": 8.285,
      "kindFound": 0.898,
      "kindMissing": -0.967
    },
    "confidence": {
      "bias": -1.686,
      "topShare": 0.283,
      "margin": 0.073,
      "dense": 0.21,
      "coverage": 0.311,
      "contextCoverage": 0.362,
      "softCoverage": 0.546,
      "unknownName": 0.072,
      "unknownShare": -0.132,
      "kindFound": -0.012,
      "kindMissing": -0.704,
      "agreement": 0.537,
      "denseTop": 0.181,
      "coverageTop": 0.108
    },
    "synonymSimilarity": 0.5,
    "answerThreshold": 0.701,
    "offTopicDense": 0.166
  }
};
