import type { IndexInfo } from '../engine-types.ts';

/** Opening words of a headline that stay lower-case inside a sentence. */
const COMMON_OPENERS = /^(the|a|an|why|how|what|when|where|who|which|this|these|those)\b/i;

/**
 * Example questions for `/help`, one per section heading, in article order: a heading
 * that is a question is used as is; any other becomes "What does the article say
 * about …?".
 */
export function exampleQuestions(info: IndexInfo, count: number): string[] {
  const sections = info.documents.flatMap((doc) => doc.sections);
  return sections.slice(0, count).map((section) => {
    const heading = section.trim().replace(/[.:;!]+$/, '');
    if (heading.endsWith('?')) return heading;
    const inSentence = COMMON_OPENERS.test(heading) ? `${heading.charAt(0).toLowerCase()}${heading.slice(1)}` : heading;
    return `What does the article say about ${inSentence}?`;
  });
}
