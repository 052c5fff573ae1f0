import type { RateBudgetRepository } from '../storage/rateBudgetRepository.ts';

/** Teams' documented limits per bot per conversation thread. */
export const THREAD_WINDOWS: readonly { count: number; ms: number }[] = [
  { count: 7, ms: 1000 },
  { count: 8, ms: 2000 },
  { count: 60, ms: 30_000 },
  { count: 1800, ms: 3_600_000 },
];
/** How much longer than Teams this instance counts a thread's windows: room for a send's time on the way. */
const THREAD_WINDOW_MARGIN_MS = 50;
/** Teams' documented limit per app per tenant. */
export const TENANT_LIMIT_PER_SECOND = 50;
/**
 * What all instances together take per second from the shared budget: a little under the limit,
 * because the budget counts whole seconds while Teams counts any second (a sliding window).
 */
const SHARED_BUDGET_SHARE = 0.94;
const TAKE_AT_ONCE = 5;
const SHARERS_MEMORY_SECONDS = 3;
/** Held sends at which the next ones are taken, so the refill is back before they run out. */
const REFILL_AHEAD = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps sends within Teams' limits before Teams has to say 429: sliding windows per thread in
 * this instance, and a per-second tenant budget shared by all instances through Table Storage.
 */
export class RateLimiter {
  private readonly threads = new Map<string, number[]>();
  /** Sends taken from the shared budget and not used yet, per tenant and second. */
  private readonly tokens = new Map<string, Map<number, number>>();
  /** The last second each tenant's shared budget was found spent. */
  private readonly spent = new Map<string, number>();
  private readonly tenantSends = new Map<string, number[]>();
  private readonly refills = new Map<string, Promise<void>>();
  /** When this instance may next send to the tenant: sends are spaced evenly, never in bursts. */
  private readonly nextSend = new Map<string, number>();

  private get sharedBudget(): number {
    return Math.floor(this.tenantLimit * SHARED_BUDGET_SHARE);
  }

  /** How many instances took from the tenant's budget in each recent second; this instance paces itself to its share. */
  private readonly sharers = new Map<string, { second: number; count: number }[]>();

  /**
   * `now` and `wait` are the clock and the timer: real time in the app; tests pass a virtual
   * clock whose `wait` moves it on, to check the 30-second and one-hour windows in milliseconds.
   */
  constructor(
    private readonly budget: RateBudgetRepository,
    private readonly tenantLimit = TENANT_LIMIT_PER_SECOND,
    private readonly now: () => number = Date.now,
    private readonly instance = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
  ) {}

  /**
   * How long to wait before one more send to this thread fits every window (0 = now). Each window
   * is counted a little longer than Teams counts it: a send leaves a few milliseconds after it is
   * counted here, and the first of a window leaving later than the last would put one too many in
   * Teams' window.
   */
  threadWait(thread: string): number {
    const now = this.now();
    const times = (this.threads.get(thread) ?? []).filter((t) => now - t < 3_600_000 + THREAD_WINDOW_MARGIN_MS);
    this.threads.set(thread, times);
    let wait = 0;
    for (const w of THREAD_WINDOWS) {
      const span = w.ms + THREAD_WINDOW_MARGIN_MS;
      const inWindow = times.filter((t) => now - t < span);
      if (inWindow.length >= w.count) wait = Math.max(wait, inWindow[inWindow.length - w.count]! + span - now);
    }
    return wait;
  }

  /**
   * How long until one more send fits this instance's sliding one-second window for the tenant.
   * The window holds the shared budget, not the whole limit: sends spaced a second apart here can
   * arrive closer together at Teams, and the difference is the margin for that.
   */
  private tenantWait(tenant: string): number {
    const now = this.now();
    const max = this.sharedBudget;
    const times = (this.tenantSends.get(tenant) ?? []).filter((t) => now - t < 1000);
    this.tenantSends.set(tenant, times);
    return times.length >= max ? times[times.length - max]! + 1000 - now : 0;
  }

  /**
   * Waits until one more send to `thread` in `tenant` is within the limits, then counts it. The
   * shared per-second budget keeps instances together within the tenant limit; the sliding
   * window keeps this instance from bunching a second's sends against the next second's.
   */
  async acquire(thread: string, tenant: string): Promise<void> {
    // The shared budget first, then this instance's own pacing, so workers that waited for the next
    // second's budget do not all go at once when it opens.
    await this.takeTenantToken(tenant);
    for (;;) {
      const wait = Math.max(this.threadWait(thread), this.tenantWait(tenant), (this.nextSend.get(tenant) ?? 0) - this.now());
      if (wait <= 0) break;
      await this.wait(wait);
    }
    // Counted before the next await, so concurrent workers in this instance cannot all pass at once.
    const now = this.now();
    const interval = this.interval(tenant);
    // Spaced from when this send was due rather than when the timer fired: timers fire a little
    // late, and counting from then would lose a few per cent of the budget every second.
    const due = this.nextSend.get(tenant) ?? 0;
    this.nextSend.set(tenant, (now - due < interval ? due : now) + interval);
    this.threads.set(thread, [...(this.threads.get(thread) ?? []), now]);
    this.tenantSends.set(tenant, [...(this.tenantSends.get(tenant) ?? []), now]);
  }

  /** The spacing of this instance's sends to a tenant: its share of the shared budget, evenly. */
  private interval(tenant: string): number {
    return (1000 * this.sharersOf(tenant)) / this.sharedBudget;
  }

  /**
   * The most instances seen taking from the tenant's budget in the last few seconds. Remembered
   * across seconds, because the first instance to take in a new second sees only itself and
   * would otherwise go at the whole budget's pace until its next refill.
   */
  private sharersOf(tenant: string): number {
    const second = Math.floor(this.now() / 1000);
    const seen = (this.sharers.get(tenant) ?? []).filter((s) => second - s.second <= SHARERS_MEMORY_SECONDS);
    this.sharers.set(tenant, seen);
    return Math.max(1, ...seen.map((s) => s.count));
  }

  /**
   * Takes one send from the tenant's shared budget for the current second. Tokens are taken a few
   * at a time, and the next few are taken while some are left (for the next second when the ones
   * held will last this one out), so a send does not wait for a storage round trip.
   */
  private async takeTenantToken(tenant: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const second = Math.floor(now / 1000);
      const held = this.heldTokens(tenant);
      for (const s of held.keys()) if (s < second) held.delete(s);
      const left = held.get(second) ?? 0;
      if (left > 0) {
        held.set(second, left - 1);
        if (left - 1 <= REFILL_AHEAD) {
          const lastsTheSecond = (left - 1) * this.interval(tenant) >= 1000 - (now % 1000);
          const ahead = lastsTheSecond ? second + 1 : second;
          // A refill taken ahead that fails is taken again by the send that needs it, which then reports the error.
          if (!held.has(ahead) || ahead === second) this.refill(tenant, ahead).catch(() => undefined);
        }
        return;
      }
      if (this.spent.get(tenant) === second) {
        await this.wait(1000 - (this.now() % 1000) + 1);
        continue;
      }
      await this.refill(tenant, second);
    }
  }

  private heldTokens(tenant: string): Map<number, number> {
    let held = this.tokens.get(tenant);
    if (!held) this.tokens.set(tenant, (held = new Map()));
    return held;
  }

  /** One refill of the shared budget at a time per tenant in this instance; the other workers wait for it. */
  private refill(tenant: string, second: number): Promise<void> {
    const running = this.refills.get(tenant);
    if (running) return running;
    const refill = (async () => {
      // No more than this instance can send before that second ends: tokens left over at the end
      // of a second are lost to every instance.
      const msLeft = Math.min(1000, (second + 1) * 1000 - this.now());
      const want = Math.max(1, Math.min(TAKE_AT_ONCE, Math.ceil(msLeft / this.interval(tenant))));
      const { granted, sharers } = await this.budget.take(`tenant:${tenant}`, second, want, this.sharedBudget, this.instance);
      const known = this.sharersOf(tenant);
      this.sharers.set(tenant, [...(this.sharers.get(tenant) ?? []), { second, count: sharers }]);
      // An instance that has just met another holds back for about one refill: the other one learns
      // of it only at its own next refill and goes at its old pace until then.
      if (sharers > known) this.nextSend.set(tenant, Math.max(this.nextSend.get(tenant) ?? 0, this.now() + (TAKE_AT_ONCE * 1000) / this.sharedBudget));
      const held = this.heldTokens(tenant);
      held.set(second, (held.get(second) ?? 0) + granted);
      if (granted === 0) this.spent.set(tenant, second);
    })().finally(() => this.refills.delete(tenant));
    this.refills.set(tenant, refill);
    return refill;
  }
}
