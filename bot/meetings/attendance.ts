import { MUNICIPALITIES, municipalityByCode } from '../domain/municipality.ts';
import type { Attendee } from '../storage/teamsMeetingRepository.ts';

/** One municipality that was at the meeting, with how many of its people. */
export interface MunicipalityAttendance {
  readonly code: string;
  readonly name: string;
  readonly participants: number;
}

/** Who was at a program-leader meeting, as the decks' attendance slide shows it. */
export interface AttendanceSummary {
  readonly meetingId: string;
  /** "59 kommuner (75 deltagere)": the municipalities present and their people, KOMBIT staff not counted. */
  readonly headline: string;
  readonly municipalityCount: number;
  readonly participantCount: number;
  /** KOMBIT staff, counted apart. */
  readonly kombitCount: number;
  /** People the app could not place in a municipality (no roster profile, an unknown e-mail domain). */
  readonly unplacedCount: number;
  /** Present municipalities, by name. */
  readonly municipalities: readonly MunicipalityAttendance[];
  /** The municipalities that were not there, by name. */
  readonly absent: readonly { readonly code: string; readonly name: string }[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Counts the meeting's attendees by municipality; everyone who joined at any time counts once. */
export function attendanceSummary(meetingId: string, attendees: readonly Attendee[]): AttendanceSummary {
  const byCode = new Map<string, number>();
  let kombitCount = 0;
  let unplacedCount = 0;
  for (const a of attendees) {
    if (a.kombit) kombitCount++;
    else if (a.municipalityCode && municipalityByCode(a.municipalityCode)) byCode.set(a.municipalityCode, (byCode.get(a.municipalityCode) ?? 0) + 1);
    else unplacedCount++;
  }
  const municipalities = [...byCode]
    .map(([code, participants]) => ({ code, name: municipalityByCode(code)!.name, participants }))
    .sort((x, y) => x.name.localeCompare(y.name, 'da'));
  const participantCount = municipalities.reduce((sum, m) => sum + m.participants, 0);
  const absent = MUNICIPALITIES.filter((m) => !byCode.has(m.code))
    .map((m) => ({ code: m.code, name: m.name }))
    .sort((x, y) => x.name.localeCompare(y.name, 'da'));
  return {
    meetingId,
    headline: `${plural(municipalities.length, 'kommune', 'kommuner')} (${plural(participantCount, 'deltager', 'deltagere')})`,
    municipalityCount: municipalities.length,
    participantCount,
    kombitCount,
    unplacedCount,
    municipalities,
    absent,
  };
}
