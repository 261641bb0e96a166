import type { Analyzer, EntityKind, TextAnalysis } from '../core/types.ts';

/** wink-nlp's entity types that name a kind of answer, and what the core calls them. */
const ENTITY_KINDS: Readonly<Record<string, EntityKind>> = {
  DATE: 'date',
  TIME: 'time',
  DURATION: 'duration',
  MONEY: 'money',
  PERCENT: 'percent',
  CARDINAL: 'cardinal',
  ORDINAL: 'ordinal',
};

let loading: Promise<Analyzer> | null = null;

/**
 * The English tagger: wink-nlp with its light web model (part of speech, lemmas,
 * and DATE/TIME/DURATION/MONEY/PERCENT/CARDINAL/ORDINAL entities). Loaded once,
 * on first call; concurrent callers share the loading promise.
 */
export function createAnalyzer(): Promise<Analyzer> {
  loading ??= load();
  return loading;
}

async function load(): Promise<Analyzer> {
  const [{ default: winkNLP }, { default: model }] = await Promise.all([import('wink-nlp'), import('wink-eng-lite-web-model')]);
  const nlp = winkNLP(model, ['sbd', 'negation', 'pos', 'ner']);
  // wink's `its` helpers are plain functions that never read `this`.
  /* eslint-disable @typescript-eslint/unbound-method */
  const { lemma, pos, detail } = nlp.its;
  /* eslint-enable @typescript-eslint/unbound-method */
  return {
    analyze(text: string): TextAnalysis {
      const doc = nlp.readDoc(text);
      const words = doc.tokens().out();
      const lemmas = doc.tokens().out(lemma as typeof pos);
      const tags = doc.tokens().out(pos);
      const details = doc.entities().out(detail) as unknown as { value: string; type: string }[];
      return {
        tokens: words.map((word, i) => ({ text: word, lemma: (lemmas[i] ?? word).toLowerCase(), pos: tags[i] ?? 'X' })),
        entities: details.flatMap((entity) => {
          const kind = ENTITY_KINDS[entity.type];
          return kind === undefined ? [] : [{ kind, text: entity.value }];
        }),
      };
    },
  };
}
