import { useEffect, useState } from 'react';

/**
 * The parts of the first view that are not the portfolio's rows: the view tabs, the portfolio's
 * filters and the error message with its retry button. Their Fluent components (TabList with
 * tabster's keyboard navigation, Field, Input, Select, Switch, Button) are a fifth of the first
 * bundle, so they come in their own chunk, asked for at start (main.tsx) alongside the data, and
 * are drawn as soon as it arrives; the rows do not wait for them.
 */
export type Later = typeof import('./components/afterFirstPaint.tsx');

let loaded: Later | undefined;
let loading: Promise<Later> | undefined;

/** Starts loading the chunk (once); a failed load may be tried again by the next caller. */
export function loadLater(): Promise<Later> {
  loading ??= import('./components/afterFirstPaint.tsx').then(
    (mod) => (loaded = mod),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * The chunk's components, or undefined until it has arrived (the caller draws a placeholder of the
 * same size, so nothing moves when it comes). Already loaded: given on the first render.
 */
export function useLater(): Later | undefined {
  const [later, setLater] = useState(loaded);
  useEffect(() => {
    if (later) return;
    let live = true;
    loadLater().then(
      (mod) => live && setLater(() => mod),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [later]);
  return later;
}
