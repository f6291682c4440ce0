import type { RateLimitRule } from '../../plugins/external/rate-limit.js';

const MINUTE = 60 * 1000;

/** Receipt codes have 128 random bits; the limit keeps the lookup from serving as a probe at all. */
export const RECEIPT_LOOKUP_LIMITS: readonly RateLimitRule[] = [
  { name: 'receipt-lookup-ip', max: 30, windowMs: 15 * MINUTE, key: (request) => request.ip },
];
