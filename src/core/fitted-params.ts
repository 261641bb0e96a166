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
      "bias": -1.68,
      "topShare": 0.289,
      "margin": 0.072,
      "dense": 0.184,
      "coverage": 0.307,
      "contextCoverage": 0.358,
      "softCoverage": 0.545,
      "unknownName": 0.071,
      "unknownShare": -0.139,
      "kindFound": 0.007,
      "kindMissing": -0.716,
      "agreement": 0.542,
      "denseTop": 0.175,
      "coverageTop": 0.123
    },
    "synonymSimilarity": 0.5,
    "answerThreshold": 0.702,
    "offTopicDense": 0.166
  }
};
