import type { LoadedCorpus } from './adapters/corpus-files.ts';
import { INDEX_FORMAT, type NewIndex, type StoredIndex } from './adapters/index-store.ts';
import { composeAnswer, type AnswerLimits } from './core/answer.ts';
import { CHUNKER_VERSION } from './core/chunk.ts';
import { decide, type DecisionParams } from './core/decide.ts';
import { gatherEvidence } from './core/evidence.ts';
import { followUpQuestion, resolveFollowUp } from './core/follow-up.ts';
import { preferEarlier, withEarlierPlace } from './core/prefer-earlier.ts';
import { blendRankings } from './core/blend-rankings.ts';
import { parseQuestion } from './core/question.ts';
import { rankCandidates } from './core/rank.ts';
import { TUNING } from './core/tuning.ts';
import { selectCandidates } from './core/candidates.ts';
import { createRetrievalCorpus, denseScores, termWeights, type RetrievalCorpus, type SentenceRecord } from './core/retrieve.ts';
import { nearestTerms, termVector, wordSimilarityOf, type VocabularyVectors } from './core/synonyms.ts';
import type { Analyzer, Answer, Chunk, Embedder } from './core/types.ts';
import type { AskOptions, AskResult, Engine, IndexInfo, Inspection, ReindexReport } from './engine-types.ts';
import { AppError, isAppError } from './errors.ts';
import type { BuildProgress } from './indexer.ts';
import { prepareIndex } from './indexer.ts';
import type { Logger } from './logger.ts';
import { paragraphHash } from './paragraph-hash.ts';

/** What the engine is made of; `app.ts` passes the real adapters. */
export interface EngineParts {
  readonly embedder: Embedder;
  /** The tagger, loaded only when an index is built here (a stored index carries what it read). */
  readonly loadAnalyzer: () => Promise<Analyzer>;
  /** The fitted decision parameters of the embedder's model, or null when it was never calibrated. */
  readonly params: DecisionParams | null;
  readonly loadCorpus: () => Promise<LoadedCorpus>;
  /**
   * The corpus files' stamp as they are now (see `corpusStamp`): when it equals the
   * stored build's, the corpus is not read at start-up. Without it, or when it is
   * null, the corpus is read and its hash compared.
   */
  readonly corpusStamp?: () => Promise<string | null>;
  readonly readIndex: () => Promise<StoredIndex | null>;
  /** The newest earlier build that passes every check, served while a damaged current one is rebuilt. */
  readonly readPreviousIndex?: () => Promise<StoredIndex | null>;
  /**
   * When the current build is damaged and an earlier one is valid: true serves the
   * earlier one at once and rebuilds in the background (the bot); false rebuilds
   * before answering (a one-shot CLI run that would exit before a background build ends).
   */
  readonly repairInBackground?: boolean;
  readonly writeIndex: (build: NewIndex) => Promise<StoredIndex>;
  readonly limits: AnswerLimits;
  readonly logger: Logger;
  /** Called while an index is being built, e.g. to draw a progress line. */
  readonly onProgress?: (progress: BuildProgress) => void;
  /**
   * Builds the index from the corpus off this thread (a worker with its own model)
   * and returns it verified and opened. Rebuilds use it so answering never waits
   * on embedding; without it they run here (scripts and tests of the engine alone).
   */
  readonly buildElsewhere?: (onProgress: (progress: BuildProgress) => void) => Promise<StoredIndex>;
}

/** The engine plus what the CLI needs to say about start-up. */
export interface StartedEngine extends Engine {
  /** Why the index was (re)built at start-up, or null when the stored one was current. */
  readonly builtAtStart: string | null;
}

/**
 * Opens the stored index, or builds it when it is missing or stale (another
 * corpus, model or chunker), and serves questions from it. A damaged index is
 * rebuilt; with `repairInBackground` and a valid earlier build, that build serves
 * at once and the rebuild runs like a `/reindex`.
 */
export async function createEngine(parts: EngineParts): Promise<StartedEngine> {
  const stampNow = (await parts.corpusStamp?.()) ?? null;
  let damaged = false;
  let outdated: string | null = null;
  let stored = await parts.readIndex().catch(async (error: unknown) => {
    if (isAppError(error) && error.code === 'INDEX_OUTDATED') {
      outdated = error.message;
      return null;
    }
    if (isAppError(error) && error.code === 'INDEX_UNREADABLE') {
      // The message names the damaged file. A damaged build is never opened.
      parts.logger.warn('the stored index is damaged; rebuilding it from the corpus', { error });
      damaged = true;
      const previous = (await parts.readPreviousIndex?.()) ?? null;
      // Only a build of this model can answer this model's question vectors, however stale its corpus.
      return previous !== null && previous.manifest.modelId === parts.embedder.modelId && previous.manifest.dimensions === parts.embedder.dimensions ? previous : null;
    }
    throw error;
  });
  const repairLater = damaged && stored !== null && parts.repairInBackground === true;
  if (repairLater) parts.logger.warn('serving the previous valid build until the rebuild is done', { build: stored?.id });
  // Files untouched since the build were not changed since: their hash is the one it was built from.
  const untouched = stored !== null && stampNow !== null && stampNow === stored.manifest.corpusStamp;
  let corpus: LoadedCorpus | null = null;
  const currentCorpus = async () => (corpus ??= await parts.loadCorpus());
  const staleness = damaged
    ? 'the stored index is damaged'
    : (outdated ?? (stored === null ? 'no index yet' : staleReason(stored, untouched ? { hash: stored.manifest.corpusHash } : await currentCorpus(), parts.embedder)));
  if (staleness !== null && !repairLater) {
    parts.logger.info('building the index', { reason: staleness });
    // A stale or fallback build passed every check: the texts it embedded keep their vectors.
    stored = await parts.writeIndex(await prepareIndex(await currentCorpus(), { embedder: parts.embedder, analyzer: await parts.loadAnalyzer() }, { onProgress: parts.onProgress, previous: stored }));
  }
  if (stored === null) throw new Error('unreachable: index neither read nor built');
  const serve = (index: StoredIndex): Serving => serveIndex(index);
  let serving = serve(stored);
  let rebuilding: Promise<ReindexReport> | null = null;

  const rebuild = async (onProgress?: (progress: BuildProgress) => void): Promise<ReindexReport> => {
    const started = performance.now();
    const progress = (update: BuildProgress) => {
      parts.onProgress?.(update);
      onProgress?.(update);
    };
    try {
      const built = parts.buildElsewhere === undefined
        ? await parts.writeIndex(await prepareIndex(await parts.loadCorpus(), { embedder: parts.embedder, analyzer: await parts.loadAnalyzer() }, { onProgress: progress, previous: serving.stored }))
        : await parts.buildElsewhere(progress);
      // Swapped in only now, complete and verified; questions in flight keep the index they started with.
      const next = serve(built);
      serving = next;
      return {
        documents: next.info.documents.length,
        chunks: next.info.chunks,
        ms: Math.round(performance.now() - started),
        corpusHash: next.info.corpusHash,
        info: next.info,
        startedByThisCall: true,
      };
    } catch (error) {
      throw new AppError('INDEX_BUILD_FAILED', `rebuilding the index failed; still serving index ${serving.info.version}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };

  // Vectors of question words the article lacks, by word: the same casual words come back often.
  const wordVectors = new Map<string, Float32Array>();
  const remember = (word: string, vector: Float32Array) => {
    wordVectors.set(word, vector);
    for (const oldest of wordVectors.keys()) {
      if (wordVectors.size <= WORD_CACHE_SIZE) break;
      wordVectors.delete(oldest);
    }
  };

  const inspect = async (current: Serving, raw: string, options: AskOptions = {}): Promise<Inspection & { embedMs: number }> => {
    const parsed = parseQuestion(raw);
    // A follow-up: checked as asked, searched with the subject it leaves out, ranked favouring the earlier answer's place.
    const followUp = options.followUp === undefined || !parsed.ok ? null : resolveFollowUp(raw, options.followUp);
    if (!parsed.ok) {
      const answer: Answer = { kind: 'invalid', question: parsed.text, reason: { code: parsed.reason, detail: parsed.message }, message: parsed.message };
      return { answer, evidence: null, ranked: [], decision: null, index: current.info, embedMs: 0 };
    }
    const question = followUp === null ? parsed.question : followUpQuestion(parsed.question, followUp);
    const started = performance.now();
    // A follow-up that asks something of its own is also read as asked, alone (see `blendRankings`).
    const asked = followUp?.how === 'adds' ? parsed.question : null;
    const [vector, askedVector] = await parts.embedder.embed(asked === null ? [question.searchText] : [question.searchText, asked.searchText]);
    if (vector === undefined || (asked !== null && askedVector === undefined)) throw new Error('the embedder returned no vector');
    // Each question word's vector: the article's own for its words, embedded (and remembered) for the others.
    const words = parts.params === null ? [] : question.terms;
    const vectorOf = new Map(words.flatMap((term) => {
      const known = termVector(current.vocabularyVectors, term) ?? wordVectors.get(question.words.get(term) ?? term);
      return known === undefined ? [] : [[term, known] as const];
    }));
    const unseen = words.filter((term) => !vectorOf.has(term));
    if (unseen.length > 0) {
      const embedded = await parts.embedder.embed(unseen.map((term) => question.words.get(term) ?? term));
      unseen.forEach((term, i) => {
        const wordVector = embedded[i];
        if (wordVector === undefined) return;
        vectorOf.set(term, wordVector);
        remember(question.words.get(term) ?? term, wordVector);
      });
    }
    const embedMs = performance.now() - started;
    const { corpus } = current;
    const dense = denseScores(vector, { corpus, vectors: current.stored.vectors });
    const candidates = withEarlierPlace(selectCandidates(question, dense, corpus, termWeights(question, corpus.lexicon)), followUp, corpus);
    const wordSimilarity = wordSimilarityOf(vectorOf, current.vocabularyVectors);
    const missing = words.filter((term) => !corpus.lexicon.knows(term));
    const synonyms = parts.params === null || missing.length === 0 ? new Map<string, string>() : nearestTerms(missing, wordSimilarity, parts.params.synonymSimilarity, termsOfAll(candidates));
    const evidence = gatherEvidence(question, { corpus, dense, candidates, synonyms, wordSimilarity });
    const ranker = parts.params?.ranker ?? TUNING.uncalibratedRanker;
    const askedRanking = asked === null || askedVector === undefined ? null : rankCandidates(gatherEvidence(asked, { corpus, dense: denseScores(askedVector, { corpus, vectors: current.stored.vectors }), candidates, synonyms, wordSimilarity }).candidates, ranker);
    const resolvedRanking = preferEarlier(rankCandidates(evidence.candidates, ranker), followUp, askedRanking?.[0]?.sentence.id ?? null);
    const ranked =
      askedRanking === null
        ? resolvedRanking
        : blendRankings(
            resolvedRanking,
            askedRanking,
            TUNING.followUpResolvedWeight,
          );
    // When the blend keeps the resolved reading's first sentence, the calibrated decision reads the ranking it was fitted on;
    // when the two readings disagree, the blend's narrower margin counts against confidence.
    const decision = decide(evidence.question, ranked[0]?.sentence.id === resolvedRanking[0]?.sentence.id ? resolvedRanking : ranked, parts.params);
    const answer = composeAnswer(question, decision, ranked, current.corpus, parts.limits);
    return { answer, evidence, ranked, decision, index: current.info, embedMs };
  };

  const engine: StartedEngine = {
    builtAtStart: repairLater ? null : staleness,
    info: () => serving.info,
    async ask(raw: string, options?: AskOptions): Promise<AskResult> {
      const started = performance.now();
      const current = serving; // one index for the whole question, even if a rebuild swaps it meanwhile
      const inspection = await inspect(current, raw, options);
      if (inspection.answer.kind === 'invalid') return { answer: inspection.answer, ms: { embed: 0, search: 0, total: elapsed(started) }, index: current.info };
      const done = performance.now();
      return {
        answer: inspection.answer,
        ms: { embed: round(inspection.embedMs), search: round(done - started - inspection.embedMs), total: round(done - started) },
        index: current.info,
      };
    },
    async inspect(raw: string, options?: AskOptions): Promise<Inspection> {
      return inspect(serving, raw, options);
    },
    reindex(options = {}): Promise<ReindexReport> {
      if (rebuilding !== null) return rebuilding.then((report) => ({ ...report, startedByThisCall: false }));
      rebuilding = rebuild(options.onProgress).finally(() => {
        rebuilding = null;
      });
      return rebuilding;
    },
  };
  if (repairLater) {
    engine.reindex().then(
      (report) => parts.logger.info('rebuilt the damaged index', { version: report.info.version, ms: report.ms }),
      (error: unknown) => parts.logger.error('could not rebuild the damaged index; still serving the previous build', { error }),
    );
  }
  return engine;
}

/** Why a stored index no longer matches the corpus or model, or null when it does. */
export function staleReason(stored: StoredIndex, corpus: Pick<LoadedCorpus, 'hash'>, embedder: Embedder): string | null {
  const { manifest } = stored;
  if (manifest.format !== INDEX_FORMAT) return `index format ${manifest.format} is not ${INDEX_FORMAT}`;
  if (manifest.modelId !== embedder.modelId) return `model changed from ${manifest.modelId} to ${embedder.modelId}`;
  if (manifest.dimensions !== embedder.dimensions) return `dimensions changed from ${manifest.dimensions} to ${embedder.dimensions}`;
  if (manifest.chunkerVersion !== CHUNKER_VERSION) return `chunker changed from v${manifest.chunkerVersion} to v${CHUNKER_VERSION}`;
  if (manifest.corpusHash !== corpus.hash) return 'the corpus changed';
  return null;
}

interface Serving {
  readonly stored: StoredIndex;
  readonly corpus: RetrievalCorpus;
  readonly vocabularyVectors: VocabularyVectors;
  readonly info: IndexInfo;
}

/** Question words whose vectors are remembered. A count. */
const WORD_CACHE_SIZE = 5000;

function serveIndex(stored: StoredIndex): Serving {
  const { manifest } = stored;
  const corpus = createRetrievalCorpus(stored.documents, stored.chunks, stored.digest);
  const chunksOf = new Map<string, Chunk[]>();
  for (const chunk of stored.chunks) {
    const chunks = chunksOf.get(chunk.doc);
    if (chunks === undefined) chunksOf.set(chunk.doc, [chunk]);
    else chunks.push(chunk);
  }
  return {
    stored,
    corpus,
    vocabularyVectors: stored.vocabulary,
    info: {
      version: manifest.corpusHash.slice(0, 8),
      corpusHash: manifest.corpusHash,
      modelId: manifest.modelId,
      dimensions: manifest.dimensions,
      chunkerVersion: manifest.chunkerVersion,
      builtAt: manifest.builtAt,
      chunks: manifest.chunks,
      // From the stored chunks, not a fresh chunking: /about describes the index being served.
      documents: stored.documents.map((document) => {
        const chunks = chunksOf.get(document.id) ?? [];
        const sections = chunks.map((chunk) => chunk.section).filter((section): section is string => section !== null);
        return { id: document.id, title: document.title, url: document.url, format: document.format ?? 'text', paragraphs: chunks.length, sections: [...new Set(sections)], paragraphHashes: chunks.map((chunk) => paragraphHash(chunk.text)) };
      }),
    },
  };
}

/**
 * Every term of the sentences: where a question word's stand-in is looked for.
 * (A section's heading is among the terms of the sentence that opens it.)
 */
function termsOfAll(sentences: readonly SentenceRecord[]): Set<string> {
  const terms = new Set<string>();
  for (const sentence of sentences) for (const term of sentence.terms) terms.add(term);
  return terms;
}

function elapsed(started: number): number {
  return round(performance.now() - started);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
