/**
 * Reads of one kind shared between the callers of this instance for a moment: callers within
 * `ttlMs` of a read (or while it runs) get its result instead of asking storage again. A burst of
 * chat commands in a meeting asks for the same 98 statuses of the same tasks dozens of times a
 * second; this makes it one read per task per second. Writes through the owning repository call
 * {@link invalidate}, so this instance always sees its own writes; another instance's are seen
 * within `ttlMs`.
 */
export class SharedReads<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(private readonly ttlMs: number) {}

  read(key: string, load: () => Promise<V>): Promise<V> {
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    // Bounded: the keys are tasks or agreements, a few hundred; a runaway caller must not grow it forever.
    if (this.entries.size >= 5000) this.entries.clear();
    const value = load();
    const entry = { at: now, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets what was read for `key`: the next read asks storage. */
  invalidate(key: string): void {
    this.entries.delete(key);
  }
}
