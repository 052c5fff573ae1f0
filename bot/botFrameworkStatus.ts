/**
 * Whether the Bot Framework's token metadata (login.botframework.com) could be reached the last
 * time an activity's token was checked. Kept free of botbuilder so `/readyz` can report it: while
 * it cannot be reached no activity from Teams can be accepted, though the tab still works.
 */
export class BotFrameworkStatus {
  private unreachableSince: Date | undefined;

  /** A token check failed for want of the metadata (DNS, connection, timeout): not the caller's fault. */
  noteUnreachable(now = new Date()): void {
    this.unreachableSince ??= now;
  }

  /** A token check completed (accepted or refused on its merits): the metadata was there. */
  noteReachable(): void {
    this.unreachableSince = undefined;
  }

  /** Since when token checks have failed to reach the metadata, or undefined while they do. */
  get unreachable(): Date | undefined {
    return this.unreachableSince;
  }
}
