/** Access tokens last 30 minutes; refreshing every 10 leaves room for a missed beat or two. */
export const REFRESH_INTERVAL_MS = 10 * 60 * 1000;
/** A tab shown again refreshes at once, unless it did so less than a minute ago. */
export const REFRESH_MIN_GAP_MS = 60 * 1000;

interface VisibilitySource {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

export interface RefresherOptions {
  refresh: () => Promise<unknown>;
  intervalMs?: number;
  minGapMs?: number;
  now?: () => number;
  visibility?: VisibilitySource;
}

export interface Refresher {
  start(): void;
  stop(): void;
}

/**
 * Keeps a session alive while the app is open: refreshes on a fixed beat and when the tab becomes
 * visible again (timers in hidden tabs are throttled, and a laptop may have slept).
 */
export function createRefresher(options: RefresherOptions): Refresher {
  const intervalMs = options.intervalMs ?? REFRESH_INTERVAL_MS;
  const minGapMs = options.minGapMs ?? REFRESH_MIN_GAP_MS;
  const now = options.now ?? (() => Date.now());
  const visibility = options.visibility ?? document;
  let timer: ReturnType<typeof setInterval> | undefined;
  let last = 0;

  function run(): void {
    last = now();
    void options.refresh();
  }

  function onVisibilityChange(): void {
    if (visibility.visibilityState === 'visible' && now() - last >= minGapMs) run();
  }

  return {
    start() {
      if (timer !== undefined) return;
      last = now();
      timer = setInterval(run, intervalMs);
      visibility.addEventListener('visibilitychange', onVisibilityChange);
    },
    stop() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      visibility.removeEventListener('visibilitychange', onVisibilityChange);
    },
  };
}
