import { useEffect, useState } from 'react';

/**
 * The parts of the first view that are not the portfolio's rows: the view tabs, the portfolio's
 * filters and the error message with its retry button. Their Fluent components (TabList with
 * tabster's keyboard navigation, Field, Input, Select, Switch, Button) are a fifth of the first
 * bundle, so they come in their own chunk, loaded once the first view has been painted (App.tsx):
 * evaluating them before would hold up the rows.
 */
export type Later = typeof import('./components/afterFirstPaint.tsx');

let loaded: Later | undefined;
let loading: Promise<Later> | undefined;
const waiting = new Set<(later: Later) => void>();

/** Loads the chunk (once); a failed load may be tried again by the next call. */
export function loadLater(): Promise<Later> {
  loading ??= import('./components/afterFirstPaint.tsx').then(
    (mod) => {
      loaded = mod;
      for (const notify of waiting) notify(mod);
      waiting.clear();
      return mod;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * Loads the chunk once the first view is on screen. A view that marks its main content for the
 * browser's Element Timing (`elementtiming`, the portfolio's rows) is waited for until the browser
 * reports it shown, at most a second: on a busy machine drawing the frame takes a while after it
 * is made, and fetching and running the chunk meanwhile would hold it up. Other views: after the
 * next frame.
 */
export function loadLaterAfterPaint(): void {
  const load = () => void loadLater().catch(() => undefined);
  if (typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes?.includes('element') && document.querySelector('[elementtiming]')) {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      load();
    };
    const observer = new PerformanceObserver(once);
    observer.observe({ type: 'element', buffered: true });
    const timer = setTimeout(once, 1000);
    return;
  }
  // The frame's callback runs before its paint; a task queued from there runs after it.
  requestAnimationFrame(() => setTimeout(load, 0));
}

/**
 * The chunk's components, or undefined until it has arrived (the caller draws a placeholder of the
 * same size, so nothing moves when it comes). Waits for the chunk without asking for it.
 */
export function useLater(): Later | undefined {
  const [later, setLater] = useState(loaded);
  useEffect(() => {
    if (later) return;
    if (loaded) {
      setLater(() => loaded);
      return;
    }
    const notify = (mod: Later) => setLater(() => mod);
    waiting.add(notify);
    return () => {
      waiting.delete(notify);
    };
  }, [later]);
  return later;
}
