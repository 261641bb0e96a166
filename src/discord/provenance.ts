import type { KindMatch } from '../core/answer-kind.ts';
import type { Outcome, Reason } from '../core/types.ts';
import type { IndexInfo, Inspection } from '../engine-types.ts';

/** How many of the ranked candidates a provenance record keeps. */
export const PROVENANCE_CANDIDATES = 5;
/** Longest candidate sentence kept, in characters: enough to recognise it. */
const CANDIDATE_TEXT_CHARS = 240;

/** One candidate sentence as the decision saw it. */
export interface ProvenanceCandidate {
  readonly doc: string;
  readonly paragraph: number;
  readonly section: string | null;
  /** The sentence, cut to `CANDIDATE_TEXT_CHARS`. */
  readonly text: string;
  /** Ranker score (logit units: only differences between candidates mean something). */
  readonly score: number;
  /** Cosine similarity of question and sentence. */
  readonly dense: number;
  /** IDF-weighted share of the question's terms in the sentence (0..1), and counting its paragraph and heading. */
  readonly coverage: number;
  readonly contextCoverage: number;
  readonly kind: KindMatch;
}

/**
 * What the bot keeps about one reply so that a moderator can ask "Why this answer?":
 * the decision, the evidence it read, the top candidates, and the index. Small by
 * design (a few hundred bytes plus the shared IndexInfo), never the full ranking.
 */
export interface Provenance {
  readonly question: string;
  readonly outcome: Outcome;
  /** Null for an answer. */
  readonly reason: Reason | null;
  /** Calibrated probability that the first quote answers; null when nothing was decided (an invalid question). */
  readonly confidence: number | null;
  /** The confidence features of the best candidate, by name: the evidence the decision used. */
  readonly features: Readonly<Record<string, number>> | null;
  /** Names and terms of the question the article never mentions. */
  readonly unknownNames: readonly string[];
  readonly unknownTerms: readonly string[];
  /** The best candidates, best first, at most `PROVENANCE_CANDIDATES`. */
  readonly candidates: readonly ProvenanceCandidate[];
  /** The index that answered (the same object the engine serves, not a copy). */
  readonly index: IndexInfo;
  /** When the reply was made (ISO 8601). */
  readonly at: string;
}

/** The provenance record of an inspected question. */
export function provenanceOf(inspection: Inspection, at: Date): Provenance {
  const { answer, evidence, decision, ranked } = inspection;
  return {
    question: answer.question,
    outcome: answer.kind,
    reason: answer.kind === 'answered' ? null : answer.reason,
    confidence: decision?.confidence ?? null,
    features: decision === null ? null : { ...decision.features },
    unknownNames: evidence?.question.unknownNames ?? [],
    unknownTerms: evidence?.question.unknownTerms ?? [],
    candidates: ranked.slice(0, PROVENANCE_CANDIDATES).map((candidate) => ({
      doc: candidate.sentence.chunk.doc,
      paragraph: candidate.sentence.chunk.paragraph,
      section: candidate.sentence.chunk.section,
      text: cut(candidate.sentence.text.replace(/\s+/g, ' ').trim(), CANDIDATE_TEXT_CHARS),
      score: candidate.score,
      dense: candidate.dense,
      coverage: candidate.coverage,
      contextCoverage: candidate.contextCoverage,
      kind: candidate.kind,
    })),
    index: inspection.index,
    at: at.toISOString(),
  };
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}
