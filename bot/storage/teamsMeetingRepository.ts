import type { Logger } from '../log.ts';
import type { Storage } from './storage.ts';
import { EntityTable } from './entityTable.ts';
import { TABLES } from './tables.ts';

/** A meeting chat the app is installed in: where the meeting's cards go. */
export interface MeetingChat {
  /** The chat's conversation id, `19:meeting_…@thread.v2` (the thread id in the meeting's join link). */
  readonly chatId: string;
  /** The installation in that chat, as the delivery engine addresses it. */
  readonly installationKey: string;
  readonly linkedAt: string;
}

/**
 * One person who was in a program-leader meeting, as Teams' participant events told it. Only what
 * the attendance needs is kept: no name or e-mail.
 */
export interface Attendee {
  readonly meetingId: string;
  /** Their Entra object id where Teams gives it, else their Teams user id. */
  readonly participantId: string;
  /** Their municipality by e-mail domain; absent for KOMBIT staff and for people the app cannot place. */
  readonly municipalityCode?: string;
  readonly kombit: boolean;
  readonly firstJoinedAt: string;
  readonly inMeeting: boolean;
  readonly updatedAt: string;
  /** Where the app learnt of them: Teams' participant events (absent) or the meeting's attendance report from Graph. */
  readonly source?: 'report';
}

const CHATS = 'chat';
const attendancePartition = (meetingId: string) => `attendance~${meetingId}`;

/** What the app knows of each Teams meeting beyond the meeting record: its chat, and who attended. */
export class TeamsMeetingRepository {
  private readonly chats: EntityTable<MeetingChat>;
  private readonly attendees: EntityTable<Attendee>;
  constructor(storage: Storage, log: Logger) {
    const client = storage.table(TABLES.teamsMeetings);
    this.chats = new EntityTable(client, log, 'Mødechatten');
    this.attendees = new EntityTable(client, log, 'Deltageren');
  }

  /** Records (or refreshes) the link of a meeting chat to its installation. */
  async linkChat(chat: MeetingChat): Promise<void> {
    await this.chats.upsert(CHATS, chat.chatId.toLowerCase(), chat);
  }

  async chat(chatId: string): Promise<MeetingChat | undefined> {
    return (await this.chats.get(CHATS, chatId.toLowerCase()))?.value;
  }

  /** Writes a participant's row; a join keeps the time they first joined. */
  async saveAttendee(attendee: Attendee): Promise<void> {
    await this.attendees.upsert(attendancePartition(attendee.meetingId), attendee.participantId, attendee);
  }

  async attendee(meetingId: string, participantId: string): Promise<Attendee | undefined> {
    return (await this.attendees.get(attendancePartition(meetingId), participantId))?.value;
  }

  async attendeesOf(meetingId: string): Promise<Attendee[]> {
    return (await this.attendees.list(attendancePartition(meetingId))).map((r) => r.value);
  }
}
