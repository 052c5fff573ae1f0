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

/** A Teams meeting's chat: a group chat whose id is the meeting's thread, as in the meeting's join link. */
export const MEETING_THREAD = '19:meeting_NjQ0ZTFhOWEtZjE5Ni00YjQ4LWE0ZjAtMmE3YzYxN2Q5ZjA1@thread.v2';
/** The meeting's join link as Teams writes it in the invitation: the thread percent-encoded, the organiser in `context`. */
export const MEETING_JOIN_URL = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(MEETING_THREAD)}/0?context=${encodeURIComponent(JSON.stringify({ Tid: TENANT, Oid: '00000000-0000-4000-8000-0000000000aa' }))}`;
/** `channelData.meeting.id`: Teams' own (base64) id of the meeting. */
export const MEETING_ID = 'MCMxOTptZWV0aW5nX05qUTBaVEZoT1dFdFpqRTVOaTAwWWpRNEBhYmMwLjIwMjYxMTIzMDkwMDAw';

const meetingChatConversation = (thread: string) => ({ isGroup: true, conversationType: 'groupChat', tenantId: TENANT, id: thread });

/** The app added to a meeting's chat (conversationUpdate with the bot in membersAdded; Teams names the meeting in channelData). */
export function botAddedToMeetingChat(serviceUrl: string, by: Person, thread = MEETING_THREAD) {
  return {
    ...base(serviceUrl),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
    from: by,
    conversation: meetingChatConversation(thread),
    channelData: { tenant: { id: TENANT }, meeting: { id: MEETING_ID } },
  };
}

/**
 * `application/vnd.microsoft.meetingStart` / `meetingEnd` as Microsoft's "Get real-time Teams meeting
 * events" documents them: an event activity, `value` in PascalCase (MeetingType, Title, Id, JoinUrl,
 * StartTime or EndTime), the meeting id in `channelData.meeting.id`, the meeting chat as conversation.
 */
export function meetingEvent(serviceUrl: string, which: 'start' | 'end', options: { joinUrl?: string; thread?: string; title?: string; at?: string } = {}) {
  const thread = options.thread ?? MEETING_THREAD;
  const at = options.at ?? new Date().toISOString();
  return {
    ...base(serviceUrl),
    type: 'event',
    name: which === 'start' ? 'application/vnd.microsoft.meetingStart' : 'application/vnd.microsoft.meetingEnd',
    from: { id: '29:1organiser', aadObjectId: '00000000-0000-4000-8000-0000000000aa' },
    conversation: meetingChatConversation(thread),
    entities: [{ locale: 'da-DK', country: 'DK', type: 'clientInfo' }],
    channelData: { tenant: { id: TENANT }, source: null, meeting: { id: MEETING_ID } },
    value: {
      MeetingType: 'Scheduled',
      Title: options.title ?? 'Programledermøde',
      Id: MEETING_ID,
      JoinUrl: options.joinUrl ?? MEETING_JOIN_URL,
      ...(which === 'start' ? { StartTime: at } : { EndTime: at }),
    },
  };
}

/**
 * `application/vnd.microsoft.meetingParticipantJoin` / `Leave`: `value.members[]` with `user`
 * (id, name, aadObjectId; no e-mail) and `meeting` (inMeeting, role), as Teams' SDKs model it.
 */
export function meetingParticipants(serviceUrl: string, which: 'join' | 'leave', people: readonly Person[], thread = MEETING_THREAD) {
  return {
    ...base(serviceUrl),
    type: 'event',
    name: which === 'join' ? 'application/vnd.microsoft.meetingParticipantJoin' : 'application/vnd.microsoft.meetingParticipantLeave',
    from: { id: '29:1organiser', aadObjectId: '00000000-0000-4000-8000-0000000000aa' },
    conversation: meetingChatConversation(thread),
    channelData: { tenant: { id: TENANT }, source: null, meeting: { id: MEETING_ID } },
    value: { members: people.map((p) => ({ user: { id: p.id, name: p.name, aadObjectId: p.aadObjectId, tenantId: TENANT }, meeting: { inMeeting: which === 'join', role: 'Attendee' } })) },
  };
}
