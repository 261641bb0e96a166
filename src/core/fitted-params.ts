// Written by `npm run calibrate` (scripts/calibrate.ts): do not edit by hand.
// The fit report is eval/calibration-report.md.
import type { DecisionParams } from './decide.ts';

/** Fitted decision parameters, by embedding model id. A model missing here is uncalibrated: no answer is confident. */
export const FITTED_PARAMS: Readonly<Record<string, DecisionParams>> = {
  "all-MiniLM-L6-v2": {
    "ranker": {
      "dense": 8.224,
      "paragraphDense": 5.937,
      "coverage": -3.467,
      "contextCoverage": 4.67,
      "softCoverage": 8.402,
      "kindFound": 0.916,
      "kindMissing": -0.984
    },
    "confidence": {
      "bias": -1.736,
      "topShare": -0.741,
      "margin": 0.145,
      "dense": -0.67,
      "coverage": -0.461,
      "contextCoverage": 0.644,
      "softCoverage": 0.373,
      "unknownName": 0.456,
      "unknownShare": -0.196,
      "kindFound": -0.296,
      "kindMissing": -2.32,
      "agreement": 3.042,
      "denseTop": 0.51,
      "coverageTop": 0.086
    },
    "synonymSimilarity": 0.5,
    "answerThreshold": 0.82,
    "offTopicDense": 0.166
  }
};
