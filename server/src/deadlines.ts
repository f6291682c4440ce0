/**
 * Deadline of routes that move whole files or count whole cycles (census and paper uploads,
 * imports, exports, recounts): a big city's data takes tens of seconds, and a slow phone longer
 * to send it. Every other route has `REQUEST_TIMEOUT_MS`.
 */
export const LONG_REQUEST_TIMEOUT_MS = 10 * 60_000;
