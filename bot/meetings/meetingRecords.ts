import type { ServiceDeps } from '../capability.ts';
import type { Versioned } from '../storage/entityTable.ts';
import { currentMeeting, newMeetingSchema, type Meeting } from '../domain/meeting.ts';
import { applyPatch, parseOrThrow, parsePatch, ValidationError } from '../domain/validation.ts';
import { todayIn } from '../domain/time.ts';
import { requireStaff, type Principal } from '../auth/principal.ts';
import { AlreadyExists, NotFound } from '../domain/errors.ts';

/** A change to a meeting: any of its fields. */
export const meetingPatchSchema = newMeetingSchema.partial().strict();

/** How many `pl-<date>-<n>` ids are tried for meetings on the same day before giving up. */
const MEETING_IDS_PER_DAY = 9;

/**
 * The program-leader meetings themselves: the list with today's or the next one, one with its
 * ETag, and staff's changes (validated with the domain's schema; with an ETag, refused if someone
 * changed the meeting since it was read). The Teams link, recording and slides are fields here.
 */
export class MeetingRecordService {
  constructor(private readonly deps: Pick<ServiceDeps, 'repos' | 'clock' | 'log'>) {}

  /** Every meeting with its agenda, and which one is today's or next. */
  async list(): Promise<{ today: string; currentMeetingId: string | null; meetings: Meeting[] }> {
    const today = todayIn(this.deps.clock);
    const meetings = await this.deps.repos.meetings.list();
    return { today, currentMeetingId: currentMeeting(meetings, today)?.id ?? null, meetings };
  }

  async get(id: string): Promise<Versioned<Meeting>> {
    const row = await this.deps.repos.meetings.get(id);
    if (!row) throw new NotFound('Mødet');
    return row;
  }

  /** Adds a meeting with the id `pl-<date>` (the demo data's scheme), `pl-<date>-2` for a second one that day. */
  async create(input: unknown, principal: Principal): Promise<Versioned<Meeting>> {
    requireStaff(principal);
    const parsed = checkTimes(parseOrThrow(newMeetingSchema, input));
    for (let n = 1; n <= MEETING_IDS_PER_DAY; n++) {
      const meeting: Meeting = { ...parsed, id: n === 1 ? `pl-${parsed.date}` : `pl-${parsed.date}-${n}` };
      try {
        const etag = await this.deps.repos.meetings.create(meeting);
        this.deps.log.info({ meetingId: meeting.id, by: principal.userId }, 'meeting created');
        return { value: meeting, etag };
      } catch (error) {
        if (!(error instanceof AlreadyExists)) throw error;
      }
    }
    throw new AlreadyExists('Mødet', `Der er allerede ${MEETING_IDS_PER_DAY} møder den dag.`);
  }

  /** Changes a meeting; `agenda`, when given, replaces the whole agenda. Written only if the meeting still has `etag` (or the version just read). */
  async update(id: string, patchInput: unknown, principal: Principal, etag?: string): Promise<Versioned<Meeting>> {
    requireStaff(principal);
    const patch = parsePatch(meetingPatchSchema, patchInput);
    const current = await this.get(id);
    const value = checkTimes({ id: current.value.id, ...parseOrThrow(newMeetingSchema, applyPatch(current.value, patch)) });
    return { value, etag: await this.deps.repos.meetings.replace(value, etag ?? current.etag) };
  }
}

function checkTimes<T extends { startTime: string; endTime: string }>(meeting: T): T {
  if (meeting.endTime <= meeting.startTime) throw new ValidationError([{ field: 'endTime', message: 'skal ligge efter starttidspunktet' }]);
  return meeting;
}
