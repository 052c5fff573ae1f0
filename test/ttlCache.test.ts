import { describe, expect, it } from 'vitest';
import { TtlCache } from '../bot/domain/ttlCache.ts';

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('the TTL cache', () => {
  it('shares one load between callers within the TTL and loads again after it', async () => {
    const clock = manualClock();
    const cache = new TtlCache<number>({ ttlMs: 1000, now: clock.now });
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    clock.advance(999);
    expect(await cache.get('a', load)).toBe(1);
    clock.advance(1);
    expect(await cache.get('a', load)).toBe(2);
    cache.invalidate('a');
    expect(await cache.get('a', load)).toBe(3);
  });

  it('forgets a failed load, so the next caller tries again', async () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000, now: manualClock().now });
    await expect(cache.get('k', () => Promise.reject(new Error('storage down')))).rejects.toThrow('storage down');
    expect(await cache.get('k', async () => 'back')).toBe('back');
  });

  it('serves the old value while the next one loads when asked to, then the new one', async () => {
    const clock = manualClock();
    const cache = new TtlCache<string>({ ttlMs: 1000, staleWhileReloading: true, now: clock.now });
    expect(await cache.get('card', async () => 'v1')).toBe('v1');
    clock.advance(1500);
    let finish!: (value: string) => void;
    const slow = new Promise<string>((resolve) => (finish = resolve));
    expect(await cache.get('card', () => slow)).toBe('v1');
    expect(await cache.get('card', async () => 'never asked')).toBe('v1');
    finish('v2');
    await slow;
    expect(await cache.get('card', async () => 'never asked')).toBe('v2');
  });

  it('starts afresh past its bound instead of growing without end', async () => {
    const cache = new TtlCache<number>({ ttlMs: 60_000, maxEntries: 2, now: manualClock().now });
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('c', load);
    expect(await cache.get('a', load)).toBe(4);
  });
});
