import { describe, expect, it } from 'vitest';
import { selectCandidates } from '../../src/core/candidates.ts';
import { chunkDocuments } from '../../src/core/chunk.ts';
import { digestCorpus } from '../../src/core/corpus-digest.ts';
import { parseQuestion, type Question } from '../../src/core/question.ts';
import { createRetrievalCorpus, termWeights, type DenseScores } from '../../src/core/retrieve.ts';
import { TUNING } from '../../src/core/tuning.ts';
import type { Analyzer, ArticleDocument } from '../../src/core/types.ts';

/** No tagging: candidates are chosen from vectors and terms alone. */
const NO_TAGS: Analyzer = { analyze: () => ({ tokens: [], entities: [] }) };

/** Enough lines that more than `lexicalCandidates` of them can share a term that is still not common (under `commonTermShare`). */
const LINES = Math.ceil((TUNING.lexicalCandidates + 10) / TUNING.commonTermShare) + 20;
const WEATHER_EVERY = Math.floor(1 / TUNING.commonTermShare) + 2;
const FILLER = Array.from({ length: LINES }, (_, i) => `Filler line number ${i} talks about ${i % WEATHER_EVERY === 0 ? 'weather' : 'sunshine'} and gardens.`);
const TEXT = [
  'Harbor Report',
  ...FILLER.slice(0, 70),
  'The dockworkers rejected the contract offer on Tuesday.',
  ...FILLER.slice(70),
  'Crane automation worried the union, and the port authority answered slowly.',
].join('\n');
const documents: ArticleDocument[] = [{ id: 'harbor', title: 'Harbor Report', url: null, text: TEXT }];
const chunks = chunkDocuments(documents);
const corpus = createRetrievalCorpus(documents, chunks, digestCorpus(documents, chunks, NO_TAGS));

function question(text: string): Question {
  const parsed = parseQuestion(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.question;
}

const noDense: DenseScores = { sentences: new Map(), paragraphs: new Map(), floor: 0 };
const idOf = (fragment: string) => corpus.sentences.find((sentence) => sentence.text.includes(fragment))?.id ?? -1;

describe('selectCandidates', () => {
  it('takes the sentences holding the question terms (in any form) from the inverted index, not the whole corpus', () => {
    const asked = question('Did the dockworker reject the offer?');
    const chosen = selectCandidates(asked, noDense, corpus, termWeights(asked, corpus.lexicon)).map((sentence) => sentence.id);
    expect(chosen).toContain(idOf('dockworkers rejected'));
    expect(chosen).not.toContain(idOf('Crane automation'));
    expect(chosen.length).toBeLessThanOrEqual(TUNING.lexicalCandidates);
  });

  it('keeps at most the configured number of lexical candidates, best first, when many sentences share a term', () => {
    const asked = question('What about the weather and the union?');
    const chosen = selectCandidates(asked, noDense, corpus, termWeights(asked, corpus.lexicon)).map((sentence) => sentence.id);
    expect(chosen).toHaveLength(TUNING.lexicalCandidates);
    // The only sentence with the rarer term outranks a hundred that share the common one.
    expect(chosen).toContain(idOf('Crane automation'));
  });

  it('lets no term found in more than commonTermShare of the sentences nominate candidates', () => {
    const asked = question('Anything about gardens and sunshine?');
    expect(selectCandidates(asked, noDense, corpus, termWeights(asked, corpus.lexicon))).toEqual([]);
  });

  it('adds the nearest sentences and every sentence of the nearest paragraphs, in corpus order', () => {
    const asked = question('What did the port authority do?');
    const near = idOf('dockworkers rejected');
    const paragraph = corpus.sentences[idOf('Filler line number 3 ')]?.chunk.id ?? -1;
    const dense: DenseScores = { sentences: new Map([[near, 0.6]]), paragraphs: new Map([[paragraph, 0.5]]), floor: 0.1 };
    const chosen = selectCandidates(asked, dense, corpus, termWeights(asked, corpus.lexicon)).map((sentence) => sentence.id);
    expect(chosen).toEqual(expect.arrayContaining([near, idOf('Crane automation'), ...(corpus.sentencesOf[paragraph] ?? []).map((sentence) => sentence.id)]));
    expect(chosen).toEqual([...chosen].sort((a, b) => a - b));
  });

  it('reads a corpus whole when every vector is among the nearest', () => {
    const asked = question('Anything on gardens?');
    const all: DenseScores = { sentences: new Map(corpus.sentences.map((sentence) => [sentence.id, 0.2])), paragraphs: new Map(), floor: 0.2 };
    expect(selectCandidates(asked, all, corpus, termWeights(asked, corpus.lexicon))).toHaveLength(corpus.sentences.length);
  });
});
