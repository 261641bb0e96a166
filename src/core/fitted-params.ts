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
      "bias": -1.832,
      "topShare": 0.322,
      "margin": 0.068,
      "dense": 0.197,
      "coverage": 0.344,
      "contextCoverage": 0.402,
      "softCoverage": 0.577,
      "unknownName": 0.096,
      "unknownShare": -0.203,
      "kindFound": -0.015,
      "kindMissing": -0.703,
      "agreement": 0.589,
      "denseTop": 0.174,
      "coverageTop": 0.133
    },
    "synonymSimilarity": 0.5,
    "answerThreshold": 0.703,
    "offTopicDense": 0.166
  }
};
