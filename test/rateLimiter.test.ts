import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter, TENANT_LIMIT_PER_SECOND } from '../bot/notifications/rateLimiter.ts';
import type { Storage } from '../bot/storage/storage.ts';
import type { Repositories } from '../bot/storage/repositories.ts';
import { openTestRepositories } from './support/storage.ts';

/** The most timestamps that fall in any sliding window of `spanMs` (Teams counts sliding windows). */
function busiest(times: readonly number[], spanMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= spanMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
const busiestSecond = (times: readonly number[]) => busiest(times, 1000);

/** A clock that stands still until the limiter waits, then moves on by the wait: hours of sends in a moment. */
class VirtualClock {
  private t = Date.parse('2026-03-02T09:00:00Z');
  readonly now = () => this.t;
  readonly wait = async (ms: number) => {
    this.t += Math.max(1, Math.ceil(ms));
  };
}

let storage: Storage;
let repos: Repositories;
beforeAll(async () => {
  ({ storage, repos } = await openTestRepositories());
});
afterAll(() => storage?.close());

describe('the tenant budget shared through Table Storage', () => {
  it('two instances sending at once together stay within 50 in any second', async () => {
    const instances = [new RateLimiter(repos.rateBudget, TENANT_LIMIT_PER_SECOND, Date.now, 'a'), new RateLimiter(repos.rateBudget, TENANT_LIMIT_PER_SECOND, Date.now, 'b')];
    const times: number[] = [];
    // Eight workers per instance, each to its own threads, as a fan-out to many channels would be.
    await Promise.all(
      instances.flatMap((limiter, i) =>
        Array.from({ length: 8 }, async (_, w) => {
          for (let n = 0; n < 15; n++) {
            await limiter.acquire(`19:kanal-${i}-${w}-${n}@thread.tacv2`, 'kombit');
            times.push(Date.now());
          }
        }),
      ),
    );
    expect(times).toHaveLength(240);
    expect(busiestSecond(times)).toBeLessThanOrEqual(TENANT_LIMIT_PER_SECOND);
  });

  it('one thread gets no more than Teams allows a thread: 7 in a second', async () => {
    const limiter = new RateLimiter(repos.rateBudget, TENANT_LIMIT_PER_SECOND, Date.now, 'c');
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let n = 0; n < 3; n++) {
          await limiter.acquire('19:samme-kanal@thread.tacv2', 'kombit-2');
          times.push(Date.now());
        }
      }),
    );
    expect(times).toHaveLength(12);
    expect(busiestSecond(times)).toBeLessThanOrEqual(7);
  });
});

describe('one thread over 30 seconds and an hour (virtual clock)', () => {
  /** Sends `count` cards to one thread, one after another as one worker does, and returns when each went. */
  async function sendToOneThread(count: number, tenant: string): Promise<number[]> {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(repos.rateBudget, TENANT_LIMIT_PER_SECOND, clock.now, tenant, clock.wait);
    const times: number[] = [];
    for (let n = 0; n < count; n++) {
      await limiter.acquire('19:en-kanal@thread.tacv2', tenant);
      times.push(clock.now());
    }
    return times;
  }

  it('keeps 60 in any 30 seconds: the 61st waits until the first is 30 s old', async () => {
    const times = await sendToOneThread(61, 'virtual-30s');
    expect(busiest(times, 30_000)).toBe(60);
    expect(busiest(times, 2000)).toBeLessThanOrEqual(8);
    expect(busiestSecond(times)).toBeLessThanOrEqual(7);
    expect(times[60]! - times[0]!).toBeGreaterThanOrEqual(30_000);
  });

  it('keeps 1,800 in any hour: the 1,801st waits until the first is an hour old', async () => {
    const times = await sendToOneThread(1801, 'virtual-1h');
    expect(busiest(times, 3_600_000)).toBe(1800);
    expect(busiest(times, 30_000)).toBeLessThanOrEqual(60);
    expect(times[1800]! - times[0]!).toBeGreaterThanOrEqual(3_600_000);
    // The 1,800 before it went at the 30-second pace, in about 15 minutes, not spread over the hour.
    expect(times[1799]! - times[0]!).toBeLessThan(20 * 60_000);
  }, 60_000);
});
