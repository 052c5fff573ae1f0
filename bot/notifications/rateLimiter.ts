import type { RateBudgetRepository } from '../storage/rateBudgetRepository.ts';

/** Teams' documented limits per bot per conversation thread. */
export const THREAD_WINDOWS: readonly { count: number; ms: number }[] = [
  { count: 7, ms: 1000 },
  { count: 8, ms: 2000 },
  { count: 60, ms: 30_000 },
  { count: 1800, ms: 3_600_000 },
];
/** Teams' documented limit per app per tenant. */
export const TENANT_LIMIT_PER_SECOND = 50;
const TAKE_AT_ONCE = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps sends within Teams' limits before Teams has to say 429: sliding windows per thread in
 * this instance, and a per-second tenant budget shared by all instances through Table Storage.
 */
export class RateLimiter {
  private readonly threads = new Map<string, number[]>();
  private readonly tokens = new Map<string, { second: number; left: number }>();

  constructor(
    private readonly budget: RateBudgetRepository,
    private readonly tenantLimit = TENANT_LIMIT_PER_SECOND,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long to wait before one more send to this thread fits every window (0 = now). */
  threadWait(thread: string): number {
    const now = this.now();
    const times = (this.threads.get(thread) ?? []).filter((t) => now - t < 3_600_000);
    this.threads.set(thread, times);
    let wait = 0;
    for (const w of THREAD_WINDOWS) {
      const inWindow = times.filter((t) => now - t < w.ms);
      if (inWindow.length >= w.count) wait = Math.max(wait, inWindow[inWindow.length - w.count]! + w.ms - now);
    }
    return wait;
  }

  /** Waits until one more send to `thread` in `tenant` is within the limits, then counts it. */
  async acquire(thread: string, tenant: string): Promise<void> {
    for (let wait = this.threadWait(thread); wait > 0; wait = this.threadWait(thread)) await sleep(wait);
    await this.takeTenantToken(tenant);
    const list = this.threads.get(thread) ?? [];
    list.push(this.now());
    this.threads.set(thread, list);
  }

  private async takeTenantToken(tenant: string): Promise<void> {
    for (;;) {
      const second = Math.floor(this.now() / 1000);
      const local = this.tokens.get(tenant);
      if (local && local.second === second && local.left > 0) {
        local.left--;
        return;
      }
      const granted = await this.budget.take(`tenant:${tenant}`, second, TAKE_AT_ONCE, this.tenantLimit);
      if (granted > 0) {
        this.tokens.set(tenant, { second, left: granted - 1 });
        return;
      }
      await sleep(1000 - (this.now() % 1000) + 1);
    }
  }
}
