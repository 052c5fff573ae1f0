import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { getJson, takeAnswered, takePrefetched } from './api.ts';
import type { MeView, MyProgress, PortfolioOverview } from './types.ts';

/** A value loaded from the API: loading, loaded or failed, with a reload. */
export interface Loaded<T> {
  readonly data?: T;
  readonly error?: Error;
  readonly loading: boolean;
  reload(): void;
}

/** Loads `path` once (and on reload); `intervalMs` polls, skipping while the page is hidden. */
export function useApi<T>(path: string | null, intervalMs?: number): Loaded<T> & { lastUpdated?: Date; setData(update: (old: T | undefined) => T | undefined): void } {
  // An answer that arrived before the first render is drawn at once, without a loading state first.
  const initial = useRef<{ data: T } | undefined>(undefined);
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean; lastUpdated?: Date }>(() => {
    initial.current = path === null ? undefined : takeAnswered<T>(path);
    return initial.current ? { data: initial.current.data, loading: false, lastUpdated: new Date() } : { loading: path !== null };
  });
  const [tick, setTick] = useState(0);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  useEffect(() => {
    if (path === null) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      if (intervalMs && document.hidden) {
        timer = setTimeout(load, intervalMs);
        return;
      }
      try {
        const data = await (takePrefetched<T>(path) ?? getJson<T>(path));
        if (!cancelled) setState({ data, loading: false, lastUpdated: new Date() });
      } catch (error) {
        if (!cancelled) setState((old) => ({ ...old, error: error as Error, loading: false }));
      }
      if (!cancelled && intervalMs) timer = setTimeout(load, intervalMs);
    };
    if (initial.current) {
      initial.current = undefined;
      if (intervalMs) timer = setTimeout(load, intervalMs);
    } else {
      setState((old) => ({ ...old, loading: true }));
      void load();
    }
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [path, intervalMs, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((update: (old: T | undefined) => T | undefined) => {
    if (alive.current) setState((old) => ({ ...old, data: update(old.data) }));
  }, []);
  return { ...state, reload, setData };
}

/** What every view shares: the signed-in person and the portfolio overview (loaded once, at start). */
export interface Shared {
  readonly me: Loaded<MeView>;
  readonly portfolio: Loaded<PortfolioOverview> & { setData(update: (old: PortfolioOverview | undefined) => PortfolioOverview | undefined): void };
  /** Loaded on first use (the KLIK and Aftaler views call `needProgress`), not at start. */
  readonly progress: Loaded<MyProgress> & { setData(update: (old: MyProgress | undefined) => MyProgress | undefined): void };
  readonly needProgress: () => void;
  /** After a write in the admin view: the overview read anew, so every view shows the change at once. */
  readonly refreshPortfolio: () => Promise<void>;
}

const SharedContext = createContext<Shared | undefined>(undefined);

export function SharedDataProvider({ children }: { children: ReactNode }) {
  const portfolio = useApi<PortfolioOverview>('/api/portfolio');
  const me = useApi<MeView>('/api/me');
  const [progressWanted, setProgressWanted] = useState(false);
  const progress = useApi<MyProgress>(progressWanted ? '/api/me/progress' : null);
  const needProgress = useCallback(() => setProgressWanted(true), []);
  const { setData: setPortfolio } = portfolio;
  const refreshPortfolio = useCallback(async () => {
    const fresh = await getJson<PortfolioOverview>('/api/portfolio?fresh=1');
    setPortfolio(() => fresh);
  }, [setPortfolio]);
  return <SharedContext.Provider value={{ me, portfolio, progress, needProgress, refreshPortfolio }}>{children}</SharedContext.Provider>;
}

export function useShared(): Shared {
  const shared = useContext(SharedContext);
  if (!shared) throw new Error('useShared outside SharedDataProvider');
  return shared;
}
