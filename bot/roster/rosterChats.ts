import { z } from 'zod';
import { jobKind, type House, type JobSpec } from '../capability.ts';
import type { Renderer } from '../notifications/delivery.ts';
import { DeliveryError } from '../notifications/messenger.ts';
import type { ReachRecord } from '../domain/roster.ts';
import { Stale } from '../domain/errors.ts';

/** How long Teams gets to announce a new installation before the app opens the chat itself. */
export const ANNOUNCE_WAIT_MS = 2 * 60_000;

const chatJobId = (email: string) => `rosterChat:${email}`;
const welcomeId = (userId: string) => `rosterWelcome:${userId}`;

/**
 * The 1:1 chat with a person the app was installed for through Graph. Teams normally announces it
 * (installationUpdate) within seconds; when it has not after {@link ANNOUNCE_WAIT_MS}, the app
 * creates the conversation with the Bot Connector (members: the person's Entra object id, the
 * tenant, not a group), records it as an installation, and sends the welcome Teams' announcement
 * would have brought, claimed like that one so the person is welcomed once.
 */
export class RosterChats {
  constructor(private readonly house: Pick<House, 'repos' | 'delivery' | 'scheduler' | 'clock' | 'log' | 'config' | 'conversation'>) {}

  readonly job: JobSpec = jobKind('rosterChat', z.object({ email: z.string().min(3), userId: z.string().min(1) }), (payload) => this.open(payload));

  /** The welcome in a chat the app opened itself: what Teams' announcement brings anyone else. */
  readonly welcome: Renderer = async ({ target, profile }) => {
    if (!target.userId) return undefined;
    const [reply] = await this.house.conversation.onInstalled({
      user: { id: target.userId, aadObjectId: target.userId, ...(profile?.name ? { name: profile.name } : {}), ...(profile?.email ? { email: profile.email } : {}) },
      conversation: { id: target.conversationId, type: 'personal', ...(target.tenantId ? { tenantId: target.tenantId } : {}) },
      correlationId: welcomeId(target.userId),
    });
    return reply;
  };

  /** Called once the app is installed for a person: look again after Teams has had its time. */
  async installed(record: ReachRecord): Promise<void> {
    if (!record.userId) return;
    const { scheduler, clock } = this.house;
    await scheduler.schedule({ id: chatJobId(record.email), kind: 'rosterChat', dueAt: new Date(clock.now().getTime() + ANNOUNCE_WAIT_MS), payload: { email: record.email, userId: record.userId } });
  }

  private async open({ email, userId }: { email: string; userId: string }): Promise<void> {
    const { repos, delivery, log, clock, config } = this.house;
    if ((await repos.installations.personalChatOf(userId))?.active) return;
    // The Bot Connector's address for KOMBIT's tenant is the one Teams sends with every activity.
    let origin;
    for await (const installation of repos.installations.active()) if (installation.serviceUrl) { origin = installation; break; }
    const tenantId = config.bot?.tenantId ?? config.entra?.tenantId ?? origin?.tenantId;
    if (!origin || !tenantId) {
      log.warn({ email }, 'no Bot Connector address known yet: the chat is left to Teams');
      return;
    }
    let installation;
    try {
      installation = await delivery.openPersonalChat({ userId, tenantId, serviceUrl: origin.serviceUrl });
    } catch (error) {
      if (!(error instanceof DeliveryError) || error.kind !== 'permanent') throw error;
      log.warn({ email, status: error.status, code: error.code }, 'the Bot Connector refused to open the 1:1 chat');
      return await this.note(email, 'chatRefused');
    }
    log.info({ email }, 'opened the 1:1 chat Teams had not announced');
    if (await repos.installations.claimWelcome(installation.key, clock.now())) {
      await delivery.publish({ id: welcomeId(userId), kind: 'rosterWelcome', subjectId: userId, audience: { kind: 'users', userIds: [userId] } });
    }
  }

  private async note(email: string, reason: 'chatRefused'): Promise<void> {
    const found = await this.house.repos.roster.getReach(email);
    if (!found) return;
    try {
      await this.house.repos.roster.saveReach({ ...found.value, reason, updatedAt: this.house.clock.now().toISOString() }, found.etag);
    } catch (error) {
      if (!(error instanceof Stale)) throw error;
    }
  }
}
