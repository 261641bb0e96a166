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

/**
 * What the engine says to a question. Declining is an expected outcome, so it is
 * a value of this union, never an exception.
 */
export type Answer =
  | {
      readonly kind: 'answered';
      readonly question: string;
      /** The first citation is the answer; the rest (at most two) support it. */
      readonly citations: readonly Citation[];
      /** Further relevant passages, best first, for a "more from the article" view. */
      readonly more: readonly Citation[];
    }
  | {
      readonly kind: 'not-in-article';
      readonly question: string;
      /** Why the engine judged the article not to answer, for logs and debugging. */
      readonly reason: string;
      /** The nearest passage, shown only as "not an answer", or `null` when nothing is near. */
      readonly closest: Citation | null;
      /** What the asker could do instead, e.g. ask something more specific; `null` when nothing helps. */
      readonly suggestion: string | null;
    }
  | {
      readonly kind: 'invalid-question';
      readonly question: string;
      readonly reason: InvalidReason;
      /** A sentence a person can act on, e.g. "Please ask in English." */
      readonly message: string;
    };

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
