import type { Clock } from '../../bot/domain/time.ts';

/**
 * Real time, started at a chosen moment and movable forward: for tests where time must pass by
 * itself (a coalesced card refresh, a lease) while the date stays the one the test chose.
 */
export class ShiftClock implements Clock {
  private offset: number;

  constructor(start: string) {
    this.offset = Date.parse(start) - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}
