import type { Repositories } from '../../bot/storage/repositories.ts';
import { installationFrom } from '../../bot/teams/referenceStore.ts';
import type { Installation } from '../../bot/storage/installationRepository.ts';
import { BOT, TENANT, type Person } from './activities.ts';

/** Records installations as teamsfx's middleware would on install: a team channel, a group chat or a person's 1:1 chat. */
export async function install(repos: Repositories, serviceUrl: string, where: { team: string } | { groupChat: string } | { person: Person }): Promise<Installation> {
  const conversation =
    'team' in where
      ? { id: where.team, conversationType: 'channel', tenantId: TENANT, isGroup: true }
      : 'groupChat' in where
        ? { id: where.groupChat, conversationType: 'groupChat', tenantId: TENANT, isGroup: true }
        : { id: `a:1personal-${where.person.aadObjectId}`, conversationType: 'personal', tenantId: TENANT };
  const reference = {
    activityId: undefined,
    user: 'person' in where ? { id: where.person.id, name: where.person.name, aadObjectId: where.person.aadObjectId } : undefined,
    bot: BOT,
    conversation,
    channelId: 'msteams',
    locale: 'da-DK',
    serviceUrl,
  };
  const installation = installationFrom(`_${TENANT}_${conversation.id}`, reference as never, new Date());
  await repos.installations.add(installation, true);
  return installation;
}
