import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFRESH_INTERVAL_MS, createRefresher } from './refresher.js';

class FakeVisibility {
  visibilityState: DocumentVisibilityState = 'visible';
  private listeners = new Set<() => void>();
  addEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.listeners.delete(listener);
  }
  change(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    for (const listener of this.listeners) listener();
  }
}

describe('the session refresher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setUp() {
    const refresh = vi.fn(() => Promise.resolve());
    const visibility = new FakeVisibility();
    const refresher = createRefresher({ refresh, visibility, now: () => Date.now() });
    return { refresh, visibility, refresher };
  }

  it('refreshes every 10 minutes while started, well within the 30-minute token life', () => {
    const { refresh, refresher } = setUp();
    refresher.start();
    vi.advanceTimersByTime(REFRESH_INTERVAL_MS - 1);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2 * REFRESH_INTERVAL_MS);
    expect(refresh).toHaveBeenCalledTimes(3);
    expect(REFRESH_INTERVAL_MS).toBeLessThan(30 * 60 * 1000);
  });

  it('refreshes when the tab becomes visible again, unless it just did', () => {
    const { refresh, visibility, refresher } = setUp();
    refresher.start();
    visibility.change('hidden');
    visibility.change('visible');
    expect(refresh).not.toHaveBeenCalled();
    visibility.change('hidden');
    vi.advanceTimersByTime(5 * 60 * 1000);
    visibility.change('visible');
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('stops refreshing once stopped (signed out), and starting twice keeps one timer', () => {
    const { refresh, visibility, refresher } = setUp();
    refresher.start();
    refresher.start();
    vi.advanceTimersByTime(REFRESH_INTERVAL_MS);
    expect(refresh).toHaveBeenCalledTimes(1);
    refresher.stop();
    vi.advanceTimersByTime(3 * REFRESH_INTERVAL_MS);
    visibility.change('hidden');
    visibility.change('visible');
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
