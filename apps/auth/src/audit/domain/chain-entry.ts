import { createHash } from 'node:crypto';

import { type AuditEntry } from '@opencen/contracts';
import { canonicalize } from 'json-canonicalize';

/** What an entry records, before it is linked into the chain. */
export type EntryContent = Omit<AuditEntry, 'previousHash' | 'hash'>;

/** The `previousHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 (hex) of an entry over its canonical encoding (RFC 8785 JSON: sorted keys, no
 * insignificant whitespace, one spelling per number), which includes the previous entry's hash:
 * changing any entry changes every hash after it.
 */
export function entryHash(content: EntryContent, previousHash: string): string {
  return sha256(canonicalize({ ...content, previousHash }));
}

/** The entry that follows the one of hash `previousHash` in the chain. */
export function linkEntry(content: EntryContent, previousHash: string): AuditEntry {
  return { ...content, previousHash, hash: entryHash(content, previousHash) };
}

/** Whether an entry's hash is the one of its content and its previous hash. */
export function hashHolds(entry: AuditEntry): boolean {
  const { previousHash, hash, ...content } = entry;
  return entryHash(content, previousHash) === hash;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
