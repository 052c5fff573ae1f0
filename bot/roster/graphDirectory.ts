import { GraphError } from '@microsoft/microsoft-graph-client';
import { graphClient } from '../graph/graphClient.ts';
import type { Config } from '../config.ts';
import type { ReachReason } from '../domain/roster.ts';
import { FeedUnavailable, type FeedItem } from '../notifications/activityFeed.ts';
import { DeliveryError } from '../notifications/messenger.ts';

/** A user in KOMBIT's tenant, as Graph describes them; guests carry their invitation's state. */
export interface DirectoryUser {
  readonly id: string;
  readonly userType?: string | null;
  readonly externalUserState?: string | null;
}

/** What Microsoft Graph answered that ends the attempt for this person, with the reason recorded for staff. */
export class Unreachable extends Error {
  constructor(readonly reason: ReachReason, detail: string) {
    super(detail);
    this.name = 'Unreachable';
  }
}

/** The two Graph calls reaching a person takes; an interface so the worker does not care how they are made. */
export interface Directory {
  /** The user whose mail, other mails or UPN is this address (a guest's UPN is `navn_kommune.dk#EXT#@…`), or undefined. */
  findUser(email: string): Promise<DirectoryUser | undefined>;
  /** Installs the app in the user's personal scope; true when installed now, false when it already was. */
  installFor(userId: string): Promise<boolean>;
  /** The user with this object id (an invited guest, to see whether they accepted), or undefined when there is none. */
  getUser(userId: string): Promise<DirectoryUser | undefined>;
  /**
   * Invites a person as a guest in KOMBIT's tenant (Graph `POST /invitations`), with Graph's
   * invitation mail carrying `message`; they land in the app in Teams when they accept.
   * Answers the guest user Graph created (or already had for that address).
   */
  invite(person: { email: string; name: string; message: string }): Promise<{ userId: string; status: string }>;
  /**
   * Sends an activity-feed notification to the user (Graph `sendActivityNotification`, permission
   * `TeamsActivity.Send`); its topic is the app in the catalogue, so it opens the app. Throws
   * FeedUnavailable when Graph refuses it (400/403/404), a transient DeliveryError otherwise.
   */
  notify(userId: string, item: FeedItem): Promise<void>;
}

/** Graph documents 5 requests per second per app per tenant for POST /users/{id}/teamwork/sendActivityNotification. */
const FEED_INTERVAL_MS = 200;

const quote = (s: string) => s.replace(/'/g, "''");

/**
 * Microsoft Graph through the maintained client (`@microsoft/microsoft-graph-client`), whose
 * retry middleware waits out 429 and 503/504 with the Retry-After Graph sends. Signs in as the
 * app registration of the manifest's `webApplicationInfo` with `@azure/identity` (application permissions `User.Read.All`,
 * `TeamsAppInstallation.ReadWriteSelfForUser.All` and `User.Invite.All`, granted by admin consent).
 */
export async function graphDirectory(config: Config): Promise<Directory | undefined> {
  const graph = config.graph;
  const client = await graphClient(config);
  if (!graph || !client) return undefined;
  const api = (path: string) => client.api(path);
  let nextFeedSlot = 0;
  // Spaces the feed's requests out to Graph's documented rate, shared by every sender in this instance.
  const feedSlot = async () => {
    const now = Date.now();
    const at = Math.max(now, nextFeedSlot);
    nextFeedSlot = at + FEED_INTERVAL_MS;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  };
  const catalogApp = `${graph.baseUrl}/v1.0/appCatalogs/teamsApps/${graph.catalogAppId}`;
  // Teams' deep link to an app in the organisation's catalogue takes its catalogue id.
  const tenant = config.entra?.tenantId ?? config.bot?.tenantId;
  const redirectUrl = `https://teams.microsoft.com/l/app/${graph.catalogAppId}${tenant ? `?tenantId=${tenant}` : ''}`;
  return {
    async findUser(email) {
      const e = quote(email);
      const guestUpn = quote(`${email.replace('@', '_')}#EXT#`);
      // `otherMails/any` and `startswith` on the UPN are advanced queries: they need ConsistencyLevel and $count.
      const filter = `mail eq '${e}' or userPrincipalName eq '${e}' or otherMails/any(m:m eq '${e}') or startswith(userPrincipalName,'${guestUpn}')`;
      const page = await api('/users')
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true' })
        // The client puts query values in the URL as they are: a guest UPN's '#' would end it.
        .filter(encodeURIComponent(filter))
        .select(['id', 'userType', 'externalUserState'])
        .get()
        .catch((error: unknown) => classify(error));
      return (page.value as DirectoryUser[])[0];
    },
    async installFor(userId) {
      try {
        await api(`/users/${encodeURIComponent(userId)}/teamwork/installedApps`).post({ 'teamsApp@odata.bind': catalogApp });
        return true;
      } catch (error) {
        if (error instanceof GraphError && error.statusCode === 409) return false;
        return classify(error);
      }
    },
    async getUser(userId) {
      try {
        return (await api(`/users/${encodeURIComponent(userId)}`).select(['id', 'userType', 'externalUserState']).get()) as DirectoryUser;
      } catch (error) {
        if (error instanceof GraphError && error.statusCode === 404) return undefined;
        throw error;
      }
    },
    async notify(userId, item) {
      await feedSlot();
      try {
        await api(`/users/${encodeURIComponent(userId)}/teamwork/sendActivityNotification`).post({
          topic: { source: 'entityUrl', value: catalogApp },
          activityType: item.activityType,
          previewText: { content: item.previewText.slice(0, 150) },
          templateParameters: Object.entries(item.templateParameters).map(([name, value]) => ({ name, value })),
        });
      } catch (error) {
        if (error instanceof GraphError && [400, 403, 404].includes(error.statusCode)) throw new FeedUnavailable(error.statusCode, error.code ?? 'Refused');
        if (error instanceof GraphError) throw new DeliveryError('transient', error.statusCode, error.code ?? 'GraphError');
        throw error;
      }
    },
    async invite(person) {
      const answer = await api('/invitations')
        .post({
          invitedUserEmailAddress: person.email,
          invitedUserDisplayName: person.name,
          inviteRedirectUrl: redirectUrl,
          sendInvitationMessage: true,
          invitedUserMessageInfo: { messageLanguage: 'da-DK', customizedMessageBody: person.message },
        })
        .catch((error: unknown) => classify(error, 'invitationRefused'));
      return { userId: (answer as { invitedUser: { id: string } }).invitedUser.id, status: (answer as { status: string }).status };
    },
  };
}

/** Graph's refusals that retrying will not change become {@link Unreachable}; anything else is thrown to be tried again. */
function classify(error: unknown, refused?: ReachReason): never {
  if (!(error instanceof GraphError)) throw error;
  const text = `${error.code ?? ''} ${error.message ?? ''}`;
  // An invitation refused (B2B invitations off for the tenant, the domain blocked, a bad address) stays refused.
  if (refused && (error.statusCode === 400 || error.statusCode === 403)) throw new Unreachable(refused, text);
  if (error.statusCode === 404) throw new Unreachable('noSuchUser', text);
  if (error.statusCode === 403) throw new Unreachable(/polic|blocked/i.test(text) ? 'blockedByPolicy' : 'forbidden', text);
  throw error;
}
