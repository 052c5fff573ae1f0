import { TeamsInfo, TurnContext } from 'botbuilder';
import type { Logger } from '../log.ts';
import type { TurnInfo } from '../conversation/turn.ts';
import { TtlCache } from '../domain/ttlCache.ts';

const ROSTER_TTL_MS = 10 * 60 * 1000;
const roster = new TtlCache<{ email?: string; upn?: string }>({ ttlMs: ROSTER_TTL_MS });

/**
 * The person's e-mail and, for a member (not a guest) of the tenant, their sign-in name, from
 * Teams' roster (activities carry neither); cached for a few minutes, empty if Teams will not say.
 */
function rosterEntryOf(context: TurnContext, log: Logger): Promise<{ email?: string; upn?: string }> {
  const userId = context.activity.from?.id;
  return userId ? rosterEntryFor(context, userId, log) : Promise.resolve({});
}

/** {@link rosterEntryOf} for anyone in the conversation, e.g. a meeting participant. */
export async function rosterEntryFor(context: TurnContext, userId: string, log: Logger): Promise<{ email?: string; upn?: string }> {
  return roster.get(userId, async () => {
    try {
      const member = await TeamsInfo.getMember(context, userId);
      const upn = member.userPrincipalName?.toLowerCase();
      const guest = member.userRole === 'guest' || upn?.includes('#ext#');
      return { email: member.email ?? member.userPrincipalName ?? undefined, ...(upn && !guest ? { upn } : {}) };
    } catch (error) {
      log.debug({ err: error, correlationId: context.activity.id }, 'could not read the member from the roster');
      return {};
    }
  });
}

/** Turns an activity into what the conversation logic needs, free of botbuilder types. */
export async function turnInfoOf(context: TurnContext, log: Logger, options: { lookUpEmail: boolean }): Promise<TurnInfo> {
  const a = context.activity;
  const type = a.conversation?.conversationType === 'personal' || a.conversation?.conversationType === 'groupChat' ? a.conversation.conversationType : 'channel';
  const channelData = a.channelData as { team?: { id?: string }; tenant?: { id?: string } } | undefined;
  const listed = options.lookUpEmail ? await rosterEntryOf(context, log) : {};
  return {
    user: {
      id: a.from?.id ?? 'unknown',
      aadObjectId: a.from?.aadObjectId,
      name: a.from?.name,
      email: listed.email,
      ...(listed.upn ? { upn: listed.upn } : {}),
    },
    conversation: {
      id: a.conversation?.id ?? '',
      type,
      tenantId: a.conversation?.tenantId ?? channelData?.tenant?.id,
      teamId: channelData?.team?.id,
    },
    locale: a.locale,
    correlationId: a.id ?? 'no-activity-id',
  };
}

/** The text of a message with the bot's @mention removed. */
export function messageText(context: TurnContext): string {
  return TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
}
