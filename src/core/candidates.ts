import type { Question } from './question.ts';
import type { DenseScores, RetrievalCorpus, SentenceRecord } from './retrieve.ts';
import { TUNING } from './tuning.ts';

/**
 * The sentences worth measuring against a question: those among the nearest
 * vectors (themselves or their paragraph), and those holding the most of the
 * question's terms by the inverted index. The work per question then grows with
 * these, not with the corpus; a corpus smaller than the dense window is read whole.
 * In corpus order.
 */
export function selectCandidates(question: Question, dense: DenseScores, corpus: RetrievalCorpus, weights: readonly number[]): SentenceRecord[] {
  const chosen = new Set<number>(dense.sentences.keys());
  for (const chunkId of dense.paragraphs.keys()) for (const sentence of corpus.sentencesOf[chunkId] ?? []) chosen.add(sentence.id);
  for (const id of lexicalCandidates(question, corpus, weights)) chosen.add(id);
  return [...chosen].sort((a, b) => a - b).flatMap((id) => corpus.sentences[id] ?? []);
}

/**
 * The `TUNING.lexicalCandidates` sentences with the largest IDF-weighted share of
 * the question's terms (in any form), a term of their paragraph or heading counting
 * `TUNING.contextCredit`.
 */
function lexicalCandidates(question: Question, corpus: RetrievalCorpus, weights: readonly number[]): number[] {
  const scores = new Map<number, number>();
  question.terms.forEach((term, i) => {
    const weight = weights[i] ?? 0;
    const inSentence = new Set<number>();
    const inContext = new Set<number>();
    for (const form of corpus.forms.related(term)) {
      for (const id of corpus.sentencePostings.get(form) ?? []) inSentence.add(id);
      for (const chunkId of corpus.chunkPostings.get(form) ?? []) for (const sentence of corpus.sentencesOf[chunkId] ?? []) inContext.add(sentence.id);
    }
    for (const id of inContext) scores.set(id, (scores.get(id) ?? 0) + weight * (inSentence.has(id) ? 1 : TUNING.contextCredit));
  });
  return [...scores]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, TUNING.lexicalCandidates)
    .map(([id]) => id);
}
