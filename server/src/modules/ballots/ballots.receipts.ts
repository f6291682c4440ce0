import { createHash, createHmac, randomBytes } from 'node:crypto';
import { RECEIPT_BITS, codeLengthForBits, encodeBase32, groupCode, normalizeCode } from '@pb/shared';

const RECEIPT_LENGTH = codeLengthForBits(RECEIPT_BITS);

export interface Receipt {
  /** As shown to the voter, once. */
  code: string;
  /** Stored on the ballot. */
  ballotHash: string;
  /** Stored on the participation. */
  replaceTag: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function receiptHashes(canonical: string): Omit<Receipt, 'code'> {
  return { ballotHash: sha256(`ballot:${canonical}`), replaceTag: sha256(`participation:${canonical}`) };
}

export function newReceipt(): Receipt {
  const canonical = encodeBase32(randomBytes(RECEIPT_BITS / 8));
  return { code: groupCode(canonical), ...receiptHashes(canonical) };
}

/** The hashes of what someone typed, or undefined when it cannot be a receipt code. */
export function hashesOfTyped(typed: string): Omit<Receipt, 'code'> | undefined {
  const canonical = normalizeCode(typed);
  if (canonical?.length !== RECEIPT_LENGTH) return undefined;
  return receiptHashes(canonical);
}

/**
 * Each voter's own, stable order of the projects: sorted by a keyed hash of voter and project,
 * so a reload shows the same order and nobody can predict another voter's.
 */
export function shuffleForVoter<T extends { id: string }>(items: readonly T[], secret: string, voterSeed: string): T[] {
  const rank = new Map(
    items.map((item) => [item.id, createHmac('sha256', secret).update(`${voterSeed}:${item.id}`).digest('hex')]),
  );
  return [...items].sort((left, right) => ((rank.get(left.id) ?? '') < (rank.get(right.id) ?? '') ? -1 : 1));
}
