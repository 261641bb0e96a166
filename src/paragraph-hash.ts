import { createHash } from 'node:crypto';

/**
 * A short fingerprint of a paragraph's text (sha256, base64url, 12 characters): equal
 * texts give equal fingerprints, so two builds can tell which paragraphs changed.
 */
export function paragraphHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}
