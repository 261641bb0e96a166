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
      "bias": -1.433,
      "topShare": -0.397,
      "margin": 0.171,
      "dense": -0.289,
      "coverage": -0.563,
      "contextCoverage": 0.463,
      "softCoverage": 0.055,
      "unknownName": 0.399,
      "unknownShare": -0.247,
      "kindFound": -0.324,
      "kindMissing": -2.267,
      "agreement": 3.106
    },
    "synonymSimilarity": 0.5,
    "answerThreshold": 0.821,
    "offTopicDense": 0.166
  }
};
