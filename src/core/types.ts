/**
 * The domain of ask-the-article. Pure data and small interfaces: nothing here
 * loads a model, touches the disk or knows about Discord.
 */

/** One article as the loader found it in `corpus/`. `text` is the file's exact content. */
export interface ArticleDocument {
  /** File name without extension, e.g. `article`. Stable: citations name it. */
  readonly id: string;
  readonly title: string;
  /** Where the article was published, when known. */
  readonly url: string | null;
  readonly text: string;
  /** `markdown` for a `.md` file: its quotes are shown without inline markup (see `plainText`). Absent means `text`. */
  readonly format?: DocumentFormat;
}

/** How a document's text is written. */
export type DocumentFormat = 'markdown' | 'text';

/** A sentence inside a paragraph, as `[start, end)` offsets into its document's text. */
export interface SentenceSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * A paragraph of a document: the unit of indexing. Offsets are `[start, end)`
 * into the document's text, so `doc.text.slice(start, end) === text` always.
 */
export interface Chunk {
  /** Position in the chunk list; also the label of its vector in the index. */
  readonly id: number;
  readonly doc: string;
  /** 1-based number of the paragraph in its document, headings not counted. */
  readonly paragraph: number;
  /** The heading of the section the paragraph is in; `null` before the first heading. */
  readonly section: string | null;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly sentences: readonly SentenceSpan[];
}

/**
 * A verbatim quote from the corpus. Invariant: `quote === document.text.slice(start, end)`.
 */
export interface Citation {
  /** 1-based position in the reply. */
  readonly n: number;
  readonly quote: string;
  readonly doc: string;
  readonly start: number;
  readonly end: number;
  readonly paragraph: number;
  readonly section: string | null;
  /** How well the quote matches the question, 0..1 (higher is better). */
  readonly score: number;
}

/** Why a question was not put to the article at all. */
export type InvalidReason = 'empty' | 'too-long' | 'no-words' | 'not-english';

/** The four kinds of reply, as `--json` names them in `outcome`. */
export type Outcome = 'answered' | 'closest' | 'declined' | 'invalid';

/**
 * Why a reply is not a confident answer, as a code a log, a script or a
 * moderator can filter on. The first four are invalid input; then:
 * - `no-content-words`: the question has nothing to look for ("what is it?");
 * - `empty-corpus`: nothing is indexed;
 * - `off-topic`: no passage is related (declined);
 * - `unknown-name`: the question names someone or something the article never mentions;
 * - `missing-answer-kind`: it asks for a number, a date, a duration, a name… and the passage holds none;
 * - `not-attributed`: it asks what someone said, and the passage does not report that person's words;
 * - `unknown-terms`: telling words of the question appear nowhere in the article;
 * - `weak-match`: the passage is related, but the evidence is below the confidence threshold;
 * - `uncalibrated-model`: the embedding model has no fitted thresholds, so no answer is confident.
 */
export type ReasonCode =
  | InvalidReason
  | 'no-content-words'
  | 'empty-corpus'
  | 'off-topic'
  | 'unknown-name'
  | 'missing-answer-kind'
  | 'not-attributed'
  | 'unknown-terms'
  | 'weak-match'
  | 'uncalibrated-model';

/** A reason code and a sentence saying what it means for this question. */
export interface Reason {
  readonly code: ReasonCode;
  readonly detail: string;
}

/**
 * What the engine says to a question. Not answering is an expected outcome, so it
 * is a value of this union, never an exception.
 */
export type Answer =
  | {
      /** The engine is confident the first quote answers the question. */
      readonly kind: 'answered';
      readonly question: string;
      /** The first citation is the answer; the rest (at most two) support it. */
      readonly citations: readonly Citation[];
      /** Further relevant passages, best first, for a "more from the article" view. */
      readonly more: readonly Citation[];
      /** Calibrated probability (0..1) that the first quote answers the question. */
      readonly confidence: number;
    }
  | {
      /** The article may not answer directly: these are the closest passages, not a confirmed answer. */
      readonly kind: 'closest';
      readonly question: string;
      readonly reason: Reason;
      /** The closest passage first, then at most two others. */
      readonly citations: readonly Citation[];
      readonly more: readonly Citation[];
      readonly confidence: number;
    }
  | {
      /** Nothing in the article is related to the question. */
      readonly kind: 'declined';
      readonly question: string;
      readonly reason: Reason;
      /** What the asker could do instead; `null` when nothing helps. */
      readonly suggestion: string | null;
    }
  | {
      /** The input could not be put to the article (empty, too long, not English…). */
      readonly kind: 'invalid';
      readonly question: string;
      readonly reason: Reason & { readonly code: InvalidReason };
      /** A sentence a person can act on, e.g. "Please ask in English." */
      readonly message: string;
    };

/** Kinds of value an English tagger finds in text. */
export type EntityKind = 'date' | 'time' | 'duration' | 'money' | 'percent' | 'cardinal' | 'ordinal';

/** A word as a tagger reads it. */
export interface TaggedToken {
  /** As written. */
  readonly text: string;
  /** Dictionary form, lower-case ("said" -> "say"). */
  readonly lemma: string;
  /** Universal part-of-speech tag: NOUN, PROPN, VERB, NUM, PUNCT… */
  readonly pos: string;
}

/** What an English tagger reads in a text: its words and the values it names. */
export interface TextAnalysis {
  readonly tokens: readonly TaggedToken[];
  readonly entities: readonly { readonly kind: EntityKind; readonly text: string }[];
}

/** An English part-of-speech and entity tagger (wink-nlp in production). Pure and synchronous. */
export interface Analyzer {
  analyze(text: string): TextAnalysis;
}

/** Turns texts into mean-pooled, L2-normalized vectors. */
export interface Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** A nearest-neighbour hit: the label of a vector and its cosine similarity. */
export interface VectorHit {
  readonly label: number;
  readonly score: number;
}

/** Nearest-neighbour search over normalized vectors. */
export interface VectorSearch {
  readonly size: number;
  search(vector: Float32Array, k: number): VectorHit[];
}
