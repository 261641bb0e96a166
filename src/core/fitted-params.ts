// Written by `npm run calibrate` (scripts/calibrate.ts): do not edit by hand.
// The fit report is eval/calibration-report.md.
import type { DecisionParams } from './decide.ts';

/** Fitted decision parameters, by embedding model id. A model missing here is uncalibrated: no answer is confident. */
export const FITTED_PARAMS: Readonly<Record<string, DecisionParams>> = {
  "all-MiniLM-L6-v2": {
    "ranker": {
      "dense": 7.765,
      "paragraphDense": 6.983,
      "coverage": -3.507,
      "contextCoverage": 4.646,
      "softCoverage": 8.574,
      "kindFound": 0.919,
      "kindMissing": -0.988
    },
    "confidence": {
      "bias": -1.691,
      "topShare": 0.289,
      "margin": 0.071,
      "dense": 0.188,
      "coverage": 0.311,
      "contextCoverage": 0.367,
      "softCoverage": 0.547,
      "unknownName": 0.07,
      "unknownShare": -0.103,
      "kindFound": 0.007,
      "kindMissing": -0.713,
      "agreement": 0.55,
      "denseTop": 0.188,
      "coverageTop": 0.107
    },
    "synonymSimilarity": 0.5,
    "answerThreshold": 0.702,
    "offTopicDense": 0.166
  }
};
