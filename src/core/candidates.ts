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
 * `TUNING.contextCredit`; ties go to the earlier sentence. Terms in more than
 * `TUNING.commonTermShare` of the sentences nominate none. Scores are summed in
 * typed arrays over the terms' postings: a common term may be in thousands of
 * sentences of a large corpus.
 */
function lexicalCandidates(question: Question, corpus: RetrievalCorpus, weights: readonly number[]): number[] {
  const scores = new Float64Array(corpus.sentences.length);
  // Which question term last credited a sentence (1-based), so that each term counts once per sentence.
  const creditedBy = new Int32Array(corpus.sentences.length);
  const touched: number[] = [];
  const { contextCredit } = TUNING;
  question.terms.forEach((term, i) => {
    const weight = weights[i] ?? 0;
    const stamp = i + 1;
    const forms = corpus.forms.related(term);
    // A term in a large share of all sentences tells few of them apart, and is the costliest to follow.
    const holding = forms.reduce((sum, form) => sum + (corpus.sentencePostings.get(form)?.length ?? 0), 0);
    if (holding > TUNING.commonTermShare * corpus.sentences.length) return;
    for (const form of forms) {
      for (const id of corpus.sentencePostings.get(form) ?? []) {
        if (creditedBy[id] === stamp) continue;
        if (scores[id] === 0) touched.push(id);
        creditedBy[id] = stamp;
        scores[id] = scores[id]! + weight;
      }
    }
    for (const form of forms) {
      for (const chunkId of corpus.chunkPostings.get(form) ?? []) {
        // A chunk's sentences have consecutive ids.
        const first = corpus.sentencesOf[chunkId]?.[0]?.id ?? 0;
        const end = first + (corpus.sentencesOf[chunkId]?.length ?? 0);
        for (let id = first; id < end; id++) {
          if (creditedBy[id] === stamp) continue;
          if (scores[id] === 0) touched.push(id);
          creditedBy[id] = stamp;
          scores[id] = scores[id]! + weight * contextCredit;
        }
      }
    }
  });
  const limit = TUNING.lexicalCandidates;
  if (touched.length <= limit) return touched;
  const ranked = new Float64Array(touched.length);
  touched.forEach((id, i) => (ranked[i] = scores[id]!));
  const threshold = ranked.sort()[ranked.length - limit]!;
  const above: number[] = [];
  const at: number[] = [];
  for (const id of touched) {
    const score = scores[id]!;
    if (score > threshold) above.push(id);
    else if (score === threshold) at.push(id);
  }
  return [...above, ...Int32Array.from(at).sort().subarray(0, limit - above.length)];
}
