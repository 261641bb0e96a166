import { kindMatch, type KindMatch } from './answer-kind.ts';
import type { Question } from './question.ts';
import { termMatcher, termWeights, type DenseScores, type RetrievalCorpus, type SentenceRecord } from './retrieve.ts';
import { TUNING } from './tuning.ts';

/** How close in meaning a question's words are to the article's (see `wordSimilarityOf`). */
export interface WordSimilarity {
  /**
   * The best cosine similarity of a question term's word to the word of any of
   * `articleTerms`, at least 0; an unknown word counts 0.
   */
  nearestIn(questionTerm: string, articleTerms: ReadonlySet<string>): number;
}

/** What the question itself says about whether the article can answer it, the same for every candidate. */
export interface QuestionEvidence {
  readonly question: Question;
  /** Names (capitalized words, numbers) of the question that the article never mentions. */
  readonly unknownNames: readonly string[];
  /** Content terms of the question the article never uses, in any form or as an acronym. */
  readonly unknownTerms: readonly string[];
  /** IDF-weighted share of the question's terms that the article never uses, 0..1. */
  readonly unknownShare: number;
}

/** The measures of one candidate sentence against the question. Shares are 0..1; similarities are cosines. */
export interface CandidateEvidence {
  readonly sentence: SentenceRecord;
  /** Cosine similarity of question and sentence. */
  readonly dense: number;
  /** Cosine similarity of question and the sentence's paragraph (with its heading). */
  readonly paragraphDense: number;
  /** IDF-weighted share of the question's terms found in the sentence. */
  readonly coverage: number;
  /** The same, counting terms found only in the paragraph or heading at `TUNING.contextCredit`. */
  readonly contextCoverage: number;
  /**
   * Coverage by meaning: each question term counts the cosine similarity of its
   * word to the nearest word of the sentence (1 for the same word), IDF-weighted.
   */
  readonly softCoverage: number;
  /** Whether the sentence holds the kind of answer asked for. */
  readonly kind: KindMatch;
}

/** Everything the later stages read: computed once per question. */
export interface Evidence {
  readonly question: QuestionEvidence;
  /** The candidate sentences (see `selectCandidates`), in corpus order. */
  readonly candidates: readonly CandidateEvidence[];
}

/**
 * Measures the question against the candidate sentences: the one place the
 * evidence is computed. `dense` holds the similarities read from the index;
 * `synonyms` maps question terms the article lacks to the article term nearest
 * in meaning; such a match counts `TUNING.synonymCredit`.
 */
export function gatherEvidence(
  question: Question,
  parts: { corpus: RetrievalCorpus; dense: DenseScores; candidates: readonly SentenceRecord[]; synonyms: ReadonlyMap<string, string>; wordSimilarity: WordSimilarity },
): Evidence {
  const { corpus, dense, synonyms, wordSimilarity } = parts;
  const { lexicon } = corpus;
  const weights = termWeights(question, lexicon).map((weight, i) => {
    const synonym = synonyms.get(question.terms[i] ?? '');
    return synonym === undefined ? weight : lexicon.idf(synonym);
  });
  const synonymTerms = [...synonyms.values()];
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const share = (found: (term: string) => number) =>
    totalWeight === 0 ? 0 : question.terms.reduce((sum, term, i) => sum + (weights[i] ?? 0) * found(term), 0) / totalWeight;

  const unknownTerms = question.terms.filter((term) => term !== question.answerType && !lexicon.knows(term) && !synonyms.has(term));
  const unknownNames = question.names.filter((name) => !lexicon.knows(name));

  const matchQuestion = termMatcher(question.terms, corpus);
  const matchSynonyms = termMatcher(synonymTerms, corpus);
  // A paragraph's terms are matched once, for all of its candidate sentences.
  const contextMatches = new Map<number, { question: Set<string>; synonyms: Set<string> | null }>();
  const matchContext = (sentence: SentenceRecord) => {
    let found = contextMatches.get(sentence.chunk.id);
    if (found === undefined) {
      found = { question: matchQuestion(sentence.contextTerms), synonyms: synonymTerms.length === 0 ? null : matchSynonyms(sentence.contextTerms) };
      contextMatches.set(sentence.chunk.id, found);
    }
    return found;
  };
  const candidates = parts.candidates.map((sentence): CandidateEvidence => {
    const inSentence = matchQuestion(sentence.terms);
    const context = matchContext(sentence);
    const inContext = context.question;
    const viaSynonym = context.synonyms === null ? null : { sentence: matchSynonyms(sentence.terms), context: context.synonyms };
    const credit = (term: string, where: 'sentence' | 'context'): number => {
      const synonym = synonyms.get(term);
      if (synonym === undefined || viaSynonym === null) return 0;
      return viaSynonym[where].has(synonym) ? TUNING.synonymCredit : 0;
    };
    return {
      sentence,
      dense: dense.sentences.get(sentence.id) ?? dense.floor,
      paragraphDense: dense.paragraphs.get(sentence.chunk.id) ?? dense.floor,
      coverage: share((term) => (inSentence.has(term) ? 1 : credit(term, 'sentence'))),
      contextCoverage: share((term) =>
        inSentence.has(term) ? 1 : Math.max(credit(term, 'sentence'), inContext.has(term) ? TUNING.contextCredit : 0, TUNING.contextCredit * credit(term, 'context')),
      ),
      softCoverage: share((term) => (inSentence.has(term) ? 1 : wordSimilarity.nearestIn(term, sentence.terms))),
      kind: kindMatch(question, sentence.facts),
    };
  });
  return {
    question: { question, unknownNames, unknownTerms, unknownShare: share((term) => (unknownTerms.includes(term) ? 1 : 0)) },
    candidates,
  };
}
