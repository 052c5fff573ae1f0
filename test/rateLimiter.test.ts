import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter, TENANT_LIMIT_PER_SECOND } from '../bot/notifications/rateLimiter.ts';
import type { Storage } from '../bot/storage/storage.ts';
import type { Repositories } from '../bot/storage/repositories.ts';
import { openTestRepositories } from './support/storage.ts';

/** The most timestamps that fall in any one-second window (Teams counts a sliding second). */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
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
