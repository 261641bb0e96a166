// Written by `npm run calibrate` (scripts/calibrate.ts): do not edit by hand.
// The fit report is eval/calibration-report.md.
import type { DecisionParams } from './decide.ts';

/** Fitted decision parameters, by embedding model id. A model missing here is uncalibrated: no answer is confident. */
export const FITTED_PARAMS: Readonly<Record<string, DecisionParams>> = {
  "all-MiniLM-L6-v2": {
    "ranker": {
      "dense": 7.772,
      "paragraphDense": 6.931,
      "coverage": -3.437,
      "contextCoverage": 4.787,
      "softCoverage": 8.283,
      "kindFound": 0.883,
      "kindMissing": -0.977
    },
    "confidence": {
      "bias": -1.676,
      "topShare": 0.277,
      "margin": 0.074,
      "dense": 0.22,
      "coverage": 0.313,
      "contextCoverage": 0.365,
      "softCoverage": 0.549,
      "unknownName": 0.068,
      "unknownShare": -0.136,
      "kindFound": -0.061,
      "kindMissing": -0.712,
      "agreement": 0.541,
      "denseTop": 0.183,
      "coverageTop": 0.106
    },
    "synonymSimilarity": 0.5,
    "answerThreshold": 0.701,
    "offTopicDense": 0.166
  }
};
