import type { Logger } from '../log.ts';

/** Asks for a notification's shared cards to be re-rendered; true when a refresh that will see the latest data is now waiting. */
export type RefreshRequest = (notificationId: string) => Promise<boolean>;

interface State {
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  dirty: boolean;
}

/**
 * Keeps shared cards in step with incoming answers without putting work on the answer's path:
 * {@link touch} returns at once; at most one refresh request per notification per interval is
 * made from this instance, and one more follows the last change. A request counts as done only
 * when a refresh is waiting that will read storage after the change; the delivery engine joins
 * a request made while a refresh is running, so such a request is tried again after the interval.
 */
export class CardRefresher {
  private readonly states = new Map<string, State>();
  private stopped = false;

  constructor(
    private readonly request: RefreshRequest,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** Notes that a notification's cards are out of date. Never throws, never waits. */
  touch(notificationId: string): void {
    if (this.stopped) return;
    const state = this.states.get(notificationId) ?? { dirty: false };
    this.states.set(notificationId, state);
    if (state.timer || state.running) {
      state.dirty = true;
      return;
    }
    this.fire(notificationId, state);
  }

  private fire(notificationId: string, state: State): void {
    state.dirty = false;
    state.running = this.request(notificationId)
      .then((covered) => {
        if (!covered) state.dirty = true;
      })
      .catch((error: unknown) => {
        state.dirty = true;
        this.log.warn({ err: error, notificationId }, 'could not ask for a card refresh; trying again');
      })
      .finally(() => {
        state.running = undefined;
        if (this.stopped) return;
        state.timer = setTimeout(() => {
          state.timer = undefined;
          if (state.dirty && !this.stopped) this.fire(notificationId, state);
          else this.states.delete(notificationId);
        }, this.intervalMs);
        state.timer.unref?.();
      });
  }

  /** Stops: no new requests; waits for the ones in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of this.states.values()) if (state.timer) clearTimeout(state.timer);
    await Promise.all([...this.states.values()].map((s) => s.running));
    this.states.clear();
  }
}
