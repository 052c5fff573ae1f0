import { randomUUID } from 'node:crypto';

/**
 * Teams activity payloads as Teams sends them to a bot (shapes from Microsoft's Bot Framework
 * and Teams docs): ids, conversation types, channelData with team and tenant, mention entities.
 */
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:c9e8c047-2a74-40a2-b28a-b162d5f5327c', name: 'KOMBIT Programledere' };
export const TEAM_ID = '19:a1b2c3d4e5f6a7b8c9d0@thread.tacv2';

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
}

export function person(n: number, name = `Programleder ${n}`): Person {
  const hex = n.toString(16).padStart(12, '0');
  return { id: `29:1user${hex}`, name, aadObjectId: `00000000-0000-4000-8000-${hex}` };
}

const base = (serviceUrl: string) => ({
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  localTimestamp: new Date().toISOString(),
  channelId: 'msteams',
  serviceUrl,
  recipient: BOT,
  locale: 'da-DK',
});

export function personalConversation(p: Person) {
  return { conversationType: 'personal', tenantId: TENANT, id: `a:1personal-${p.aadObjectId}` };
}

/** A message in the person's 1:1 chat with the bot. */
export function personalMessage(serviceUrl: string, p: Person, text: string) {
  return {
    ...base(serviceUrl),
    type: 'message',
    textFormat: 'plain',
    text,
    from: p,
    conversation: personalConversation(p),
    entities: [{ type: 'clientInfo', locale: 'da-DK', country: 'DK', platform: 'Web', timezone: 'Europe/Copenhagen' }],
    channelData: { tenant: { id: TENANT } },
  };
}

/** A channel message that @mentions the bot, as Teams sends it: the `<at>` tag in the text and a mention entity. */
export function channelMention(serviceUrl: string, p: Person, text: string) {
  const id = String(Date.now());
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...base(serviceUrl),
    id,
    type: 'message',
    textFormat: 'plain',
    text: `${mention} ${text}`,
    from: p,
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${TEAM_ID};messageid=${id}` },
    entities: [
      { type: 'mention', mentioned: BOT, text: mention },
      { type: 'clientInfo', locale: 'da-DK', country: 'DK', platform: 'Web', timezone: 'Europe/Copenhagen' },
    ],
    channelData: {
      teamsChannelId: TEAM_ID,
      teamsTeamId: TEAM_ID,
      channel: { id: TEAM_ID },
      team: { id: TEAM_ID },
      tenant: { id: TENANT },
    },
  };
}

/** The bot was added to a team: conversationUpdate with the bot in membersAdded. */
export function botAddedToTeam(serviceUrl: string, by: Person) {
  return {
    ...base(serviceUrl),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
    from: by,
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: TEAM_ID },
    channelData: { team: { aadGroupId: '3b3f3d6e-0000-4000-8000-000000000001', name: 'KOMBIT-programledere', id: TEAM_ID }, eventType: 'teamMemberAdded', tenant: { id: TENANT } },
  };
}

/** The bot was removed from the team. */
export function botRemovedFromTeam(serviceUrl: string, by: Person) {
  return {
    ...botAddedToTeam(serviceUrl, by),
    membersAdded: undefined,
    membersRemoved: [{ id: BOT.id }],
    channelData: { team: { id: TEAM_ID, name: 'KOMBIT-programledere' }, eventType: 'teamMemberRemoved', tenant: { id: TENANT } },
  };
}

/** installationUpdate add/remove, in a team or in the person's 1:1 chat. */
export function installationUpdate(serviceUrl: string, by: Person, action: 'add' | 'remove', scope: 'team' | 'personal') {
  return {
    ...base(serviceUrl),
    type: 'installationUpdate',
    action,
    from: by,
    conversation: scope === 'team' ? { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: TEAM_ID } : personalConversation(by),
    channelData:
      scope === 'team'
        ? { settings: { selectedChannel: { id: TEAM_ID } }, team: { id: TEAM_ID }, source: { name: 'message' }, tenant: { id: TENANT } }
        : { source: { name: 'message' }, tenant: { id: TENANT } },
  };
}

/** An Action.Execute from a card: invoke `adaptiveCard/action`, inputs merged into `action.data`. */
export function cardAction(serviceUrl: string, p: Person, verb: string, data: Record<string, unknown>, where: 'personal' | 'channel' = 'personal') {
  return {
    ...base(serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: `1:${randomUUID()}`,
    from: p,
    conversation: where === 'personal' ? personalConversation(p) : { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${TEAM_ID};messageid=1700000000000` },
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data: { verb, ...data } }, trigger: 'manual' },
    channelData: where === 'personal' ? { tenant: { id: TENANT }, source: { name: 'message' } } : { team: { id: TEAM_ID }, channel: { id: TEAM_ID }, tenant: { id: TENANT }, source: { name: 'message' } },
  };
}

/** POSTs an activity to the bot like the Bot Connector does; returns status and parsed body. */
export async function post(baseUrl: string, activity: object, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
  const textBody = await res.text();
  return { status: res.status, body: textBody ? JSON.parse(textBody) : undefined };
}
