import type { IndexedDocument, IndexInfo } from './engine-types.ts';

/** A document named in a change. */
export interface DocumentRef {
  readonly id: string;
  readonly title: string;
}

/** How one document's paragraphs differ between two builds (by content; renumbering alone is no change). */
export interface DocumentChange extends DocumentRef {
  /** Paragraphs whose text was edited: as many as both removed and added texts allow. */
  readonly changed: number;
  readonly added: number;
  readonly removed: number;
}

/** What a rebuild changed, from `from` to `to`. */
export interface IndexChanges {
  readonly from: string;
  readonly to: string;
  readonly addedDocuments: readonly DocumentRef[];
  readonly removedDocuments: readonly DocumentRef[];
  /** Documents in both builds whose paragraphs differ. */
  readonly changedDocuments: readonly DocumentChange[];
}

/** What changed between two builds, document by document and paragraph by paragraph. */
export function indexChanges(before: IndexInfo, after: IndexInfo): IndexChanges {
  const ref = ({ id, title }: IndexedDocument): DocumentRef => ({ id, title });
  const changedDocuments = after.documents.flatMap((doc) => {
    const old = before.documents.find((candidate) => candidate.id === doc.id);
    if (old === undefined) return [];
    const change = paragraphChange(old.paragraphHashes, doc.paragraphHashes);
    return change.changed + change.added + change.removed === 0 ? [] : [{ ...ref(doc), ...change }];
  });
  return {
    from: before.version,
    to: after.version,
    addedDocuments: after.documents.filter((doc) => !before.documents.some((old) => old.id === doc.id)).map(ref),
    removedDocuments: before.documents.filter((doc) => !after.documents.some((next) => next.id === doc.id)).map(ref),
    changedDocuments,
  };
}

/** Whether any document was added, removed or edited. */
export function hasChanges(changes: IndexChanges): boolean {
  return changes.addedDocuments.length + changes.removedDocuments.length + changes.changedDocuments.length > 0;
}

/**
 * Whether an answer drawn from `docIds` under `before` may read differently under `after`:
 * one of its documents was removed or edited. With no documents (a "does not say"),
 * any change to the corpus counts, since another answer may now exist.
 */
export function answerOutdated(docIds: readonly string[], before: IndexInfo, after: IndexInfo): boolean {
  if (before.version === after.version) return false;
  const changes = indexChanges(before, after);
  if (docIds.length === 0) return hasChanges(changes);
  return docIds.some(
    (id) => changes.removedDocuments.some((doc) => doc.id === id) || changes.changedDocuments.some((doc) => doc.id === id),
  );
}

function paragraphChange(before: readonly string[], after: readonly string[]): Pick<DocumentChange, 'changed' | 'added' | 'removed'> {
  const left = new Map<string, number>();
  for (const hash of before) left.set(hash, (left.get(hash) ?? 0) + 1);
  let onlyAfter = 0;
  for (const hash of after) {
    const count = left.get(hash) ?? 0;
    if (count > 0) left.set(hash, count - 1);
    else onlyAfter += 1;
  }
  const onlyBefore = [...left.values()].reduce((sum, count) => sum + count, 0);
  const changed = Math.min(onlyBefore, onlyAfter);
  return { changed, added: onlyAfter - changed, removed: onlyBefore - changed };
}
