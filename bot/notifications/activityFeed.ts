import type { RenderContext } from './delivery.ts';

/**
 * One Teams activity-feed notification (Graph `sendActivityNotification`): its `activityType` is
 * one the manifest declares under `activities.activityTypes`, whose `templateText` the
 * `templateParameters` fill; Teams shows the first 150 characters of `previewText`.
 */
export interface FeedItem {
  readonly activityType: string;
  readonly previewText: string;
  readonly templateParameters: Readonly<Record<string, string>>;
}

/** The feed line of a notification kind for one person; undefined sends it to their 1:1 chat instead. */
export type FeedRenderer = (context: RenderContext) => Promise<FeedItem | undefined>;

/** The activity feed cannot take this notification for this person (not allowed, app not installed, no such user): it goes to the 1:1 chat. */
export class FeedUnavailable extends Error {
  constructor(readonly status: number | undefined, readonly code: string) {
    super(`activity feed unavailable ${status ?? ''} ${code}`.trim());
    this.name = 'FeedUnavailable';
  }
}

/**
 * Sends activity-feed notifications. Throws {@link FeedUnavailable} when the feed cannot be used
 * for this person, and a transient `DeliveryError` (429, 5xx) when it should be tried again.
 */
export interface ActivityFeed {
  send(userId: string, item: FeedItem): Promise<void>;
}
