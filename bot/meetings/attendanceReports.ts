import { GraphError } from '@microsoft/microsoft-graph-client';
import { graphClient } from '../graph/graphClient.ts';
import type { Config } from '../config.ts';
import { todayIn } from '../domain/time.ts';

/** One person in a Teams meeting's attendance report, as Graph's `attendanceRecord` gives it. */
export interface AttendanceRecord {
  readonly emailAddress?: string | null;
  readonly identity?: { readonly id?: string | null; readonly displayName?: string | null; readonly tenantId?: string | null } | null;
  readonly role?: string | null;
  readonly totalAttendanceInSeconds?: number | null;
}

/** Why a meeting's attendance report cannot be had, whatever the number of tries. */
export type ReportRefusal = 'noOrganizer' | 'meetingNotFound' | 'forbidden';

/** Graph refused for good: the meeting is unknown to Graph, or the app may not read it (permission or access policy). */
export class ReportUnavailable extends Error {
  constructor(readonly reason: ReportRefusal, detail: string) {
    super(detail);
    this.name = 'ReportUnavailable';
  }
}

/** Reads a Teams meeting's attendance report; an interface so the meeting service does not care how. */
export interface AttendanceReports {
  /**
   * The attendance records of the meeting behind `joinUrl` on `date` (Copenhagen), or `notReady`
   * while Teams has not made that session's report yet. Throws {@link ReportUnavailable} when
   * trying again will not help.
   */
  recordsFor(joinUrl: string, date: string): Promise<AttendanceRecord[] | 'notReady'>;
}

/** The organiser's Entra object id from a Teams join link's `context` (`{"Tid":…,"Oid":…}`). */
export function organizerOf(joinUrl: string): string | undefined {
  try {
    const context = new URL(joinUrl).searchParams.get('context');
    const oid = context ? (JSON.parse(context) as { Oid?: unknown }).Oid : undefined;
    return typeof oid === 'string' && /^[0-9a-f-]{36}$/i.test(oid) ? oid : undefined;
  } catch {
    return undefined;
  }
}

interface ReportRow {
  readonly id: string;
  readonly meetingStartDateTime?: string;
  readonly meetingEndDateTime?: string;
}

/**
 * Attendance reports through Microsoft Graph (application permissions `OnlineMeetings.Read.All`
 * to find the meeting by its join link and `OnlineMeetingArtifact.Read.All` for the report, both
 * allowed for the organiser by the tenant's application access policy). The same app registration
 * and client secret as the roster's Graph calls; undefined when Graph is not configured.
 */
export async function graphAttendanceReports(config: Config): Promise<AttendanceReports | undefined> {
  const client = await graphClient(config);
  if (!client) return undefined;

  const get = async <T>(path: string, filter?: string): Promise<T> => {
    const request = client.api(path);
    if (filter) request.filter(encodeURIComponent(filter));
    return (await request.get().catch(refuse)) as T;
  };

  return {
    async recordsFor(joinUrl, date) {
      const organizer = organizerOf(joinUrl);
      if (!organizer) throw new ReportUnavailable('noOrganizer', 'the join link names no organiser (context Oid)');
      const user = `/users/${encodeURIComponent(organizer)}/onlineMeetings`;
      const found = await get<{ value: { id: string }[] }>(user, `JoinWebUrl eq '${joinUrl.replace(/'/g, "''")}'`);
      const meeting = found.value[0];
      if (!meeting) throw new ReportUnavailable('meetingNotFound', 'no online meeting of the organiser has this join link');
      const base = `${user}/${encodeURIComponent(meeting.id)}/attendanceReports`;
      const reports = await get<{ value: ReportRow[] }>(base);
      // A recurring meeting keeps one link: each session has its report, and the day picks this one.
      const report = reports.value.find((r) => r.meetingStartDateTime && todayIn({ now: () => new Date(r.meetingStartDateTime!) }) === date);
      if (!report) return 'notReady';
      const records: AttendanceRecord[] = [];
      let page = await get<{ value: AttendanceRecord[]; '@odata.nextLink'?: string }>(`${base}/${encodeURIComponent(report.id)}/attendanceRecords`);
      records.push(...page.value);
      while (page['@odata.nextLink']) {
        // The client takes a full URL only on Graph's own hosts: the link's path and query serve both Graph and the stand-in.
        const next = new URL(page['@odata.nextLink']);
        page = (await client.api(`${next.pathname.replace(/^\/v1\.0/, '')}${next.search}`).get().catch(refuse)) as typeof page;
        records.push(...page.value);
      }
      return records;
    },
  };
}

/** Graph's 404 and 403 end the attempt for this meeting; anything else is thrown to be tried again. */
function refuse(error: unknown): never {
  if (!(error instanceof GraphError)) throw error;
  const text = `${error.code ?? ''} ${error.message ?? ''}`.trim();
  if (error.statusCode === 404) throw new ReportUnavailable('meetingNotFound', text);
  if (error.statusCode === 403) throw new ReportUnavailable('forbidden', text);
  throw error;
}
