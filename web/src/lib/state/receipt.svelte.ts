import type { BallotReceipt } from '@pb/shared';

/**
 * The receipt of the ballot just cast, kept in memory only: never in the address, in storage or in
 * history, so it cannot leak through a shared link, a Referer or a browser's history. A reload loses it,
 * which the receipt page explains.
 */
export const lastReceipt: { current: { receipt: BallotReceipt; replaced: boolean } | undefined } = $state({
  current: undefined,
});

export function keepReceipt(receipt: BallotReceipt, replaced: boolean): void {
  lastReceipt.current = { receipt, replaced };
}

export function forgetReceipt(): void {
  lastReceipt.current = undefined;
}
