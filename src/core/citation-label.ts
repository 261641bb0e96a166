import type { Citation } from './types.ts';

/**
 * Where a quote stands, as readers see it: `¶7 · What the union wants`, or
 * `¶2` before the first heading. With
 * `withDocument`, the document id leads: `article ¶7 · …`.
 */
export function citationLabel(citation: Pick<Citation, 'doc' | 'paragraph' | 'section'>, withDocument = false): string {
  const place = citation.section === null ? `¶${citation.paragraph}` : `¶${citation.paragraph} · ${citation.section}`;
  return withDocument ? `${citation.doc} ${place}` : place;
}
