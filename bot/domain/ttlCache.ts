/** Options of a {@link TtlCache}. */
export interface TtlCacheOptions {
  /** How long a loaded value is served without asking again. */
  readonly ttlMs: number;
  /** Bounded: past this many keys the cache starts afresh, so a runaway caller cannot grow it forever. */
  readonly maxEntries?: number;
  /**
   * After `ttlMs`, keep serving the old value while the next one loads (and swap it in when it
   * has), instead of making every caller wait for the reload.
   */
  readonly staleWhileReloading?: boolean;
  /** Milliseconds on a monotonic clock; tests pass a manual one. */
  readonly now?: () => number;
}

/**
 * Shares the result of a load between the callers of this instance for `ttlMs`: callers within
 * that time of a load (or while it runs) get its promise instead of loading again. A failed load
 * is forgotten at once, so the next caller tries again.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V>; reloading?: boolean }>();
  private readonly now: () => number;

  constructor(private readonly options: TtlCacheOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** The cached value for `key`, or what `load` gives (then cached). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && (now - hit.at < this.options.ttlMs || hit.reloading)) return hit.value;
    if (this.entries.size >= (this.options.maxEntries ?? 5000)) this.entries.clear();
    const value = load();
    if (hit && this.options.staleWhileReloading) {
      hit.reloading = true;
      value.then(
        () => this.entries.set(key, { at: this.now(), value }),
        () => this.entries.get(key) === hit && this.entries.delete(key),
      );
      return hit.value;
    }
    const entry = { at: now, value };
    this.entries.set(key, entry);
    value.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return value;
  }

  /** Forgets `key`: the next caller loads. */
  invalidate(key: string): void {
    this.entries.delete(key);
  }
}
