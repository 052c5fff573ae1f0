import type { ServiceDeps } from '../capability.ts';
import { requireStaff, type Principal } from '../auth/principal.ts';
import { ImportRefused, Stale } from '../domain/errors.ts';
import { MUNICIPALITIES, municipalityByCode } from '../domain/municipality.ts';
import { REACH_REASONS, rosterChanges, rosterRoleLabel, type ReachRecord, type RosterPerson } from '../domain/roster.ts';
import { readSheet } from '../imports/sheet.ts';
import { ImportError, type ImportIssue } from '../imports/importError.ts';
import { planRosterImport } from './rosterImport.ts';
import { knownPeople, type KnownPerson } from './rosterAudience.ts';
import { invitable } from './rosterInvitations.ts';

/** A person as the import and the coverage report show them. */
export interface PersonView {
  readonly name: string;
  readonly email: string;
  readonly municipalityCode: string;
  readonly municipality: string;
  readonly roles: string[];
}

/** A roster person whose self-chosen municipality in the app is not the roster's: shown to staff, not resolved. */
export interface MunicipalityConflict {
  readonly name: string;
  readonly email: string;
  readonly roster: string;
  readonly chosen: string;
}

/** What a roster import did, as the API answers. */
export interface RosterImportResult {
  readonly people: number;
  readonly rows: number;
  readonly municipalities: number;
  readonly came: PersonView[];
  readonly left: PersonView[];
  readonly changed: { readonly before: PersonView; readonly after: PersonView }[];
  readonly conflicts: MunicipalityConflict[];
}

/** One person in the coverage report: whether the app can write to them in Teams, and if not, why. */
export interface ReachView extends PersonView {
  readonly reachable: boolean;
  readonly reason?: string;
  /** Not a guest in KOMBIT's tenant and not invited yet: staff can invite them (`POST /api/roster/invitations`). */
  readonly invitable?: boolean;
}

/** One municipality in the coverage report. */
export interface MunicipalityCoverage {
  readonly code: string;
  readonly name: string;
  readonly reachable: boolean;
  readonly reason?: string;
  readonly programLeaders: ReachView[];
  readonly others: ReachView[];
}

/** The coverage report: per municipality, unreached first, and the totals. */
export interface Coverage {
  readonly summary: string;
  readonly graph: { readonly connected: boolean; readonly message?: string };
  readonly importedAt?: string;
  readonly totals: { readonly municipalities: number; readonly withProgramLeader: number; readonly reachable: number; readonly people: number; readonly reachablePeople: number; readonly invitable: number };
  readonly municipalities: MunicipalityCoverage[];
  readonly conflicts: MunicipalityConflict[];
}

const nameOf = (code: string) => municipalityByCode(code)?.name ?? code;

function view(p: RosterPerson): PersonView {
  return { name: p.name, email: p.email, municipalityCode: p.municipalityCode, municipality: nameOf(p.municipalityCode), roles: p.roles.map(rosterRoleLabel) };
}

function rejected(issues: readonly ImportIssue[]): ImportRefused {
  const rows = new Set(issues.map((i) => i.row)).size;
  return new ImportRefused(
    rows === 1
      ? 'Rollelisten er ikke indlæst, fordi 1 række har fejl. Intet er ændret – ret rækken, og indlæs filen igen.'
      : `Rollelisten er ikke indlæst, fordi ${rows} rækker har fejl. Intet er ændret – ret rækkerne, og indlæs filen igen.`,
    issues,
  );
}

/**
 * The KLIK roster: importing KLIK's Rollegalleri (all rows or none; a new roster replaces the
 * previous one) and the coverage report of who the app can reach in Teams.
 */
export class RosterService {
  constructor(
    private readonly deps: Pick<ServiceDeps, 'repos' | 'clock' | 'log'> & {
      /** Whether Microsoft Graph is configured, so people can be reached without installing the app themselves. */
      readonly graphConnected: boolean;
      /** Called after a roster is in force, to start reaching its people. */
      readonly afterImport?: (people: readonly RosterPerson[]) => Promise<void>;
    },
  ) {}

  /** Imports a roster sheet (staff only); a bad row refuses the whole file and nothing changes. */
  async importSheet(file: { name: string; content: Buffer }, principal: Principal): Promise<RosterImportResult> {
    requireStaff(principal);
    let sheet;
    try {
      sheet = await readSheet(file);
    } catch (error) {
      if (error instanceof ImportError) throw new ImportRefused(`${error.message} Intet er ændret.`, error.issues);
      throw error;
    }
    const plan = planRosterImport(sheet);
    if (!plan.ok) throw rejected(plan.issues);
    const { repos, clock, log } = this.deps;
    const before = (await repos.roster.current()).people;
    await repos.roster.replace(plan.people, { importedAt: clock.now().toISOString(), importedBy: principal.name ?? principal.userId });
    const changes = rosterChanges(before, plan.people);
    log.info({ people: plan.people.length, came: changes.came.length, left: changes.left.length, changed: changes.changed.length }, 'roster imported');
    await this.giveMunicipalities(plan.people);
    await this.deps.afterImport?.(plan.people);
    return {
      people: plan.people.length,
      rows: plan.rows,
      municipalities: new Set(plan.people.map((p) => p.municipalityCode)).size,
      came: changes.came.map(view),
      left: changes.left.map(view),
      changed: changes.changed.map((c) => ({ before: view(c.before), after: view(c.after) })),
      conflicts: await this.conflicts(plan.people),
    };
  }

  /**
   * Gives the people on the roster who have not chosen a municipality in the app the roster's, so
   * their cards, reminders and rights follow it. One who chose another is left alone and shown to
   * staff as a conflict: which is right is for a person to decide.
   */
  private async giveMunicipalities(people: readonly RosterPerson[]): Promise<void> {
    const byEmail = new Map(people.map((p) => [p.email, p]));
    for (const user of await this.deps.repos.users.list()) {
      const person = user.email ? byEmail.get(user.email.trim().toLowerCase()) : undefined;
      if (!person || user.municipalityCode) continue;
      const found = await this.deps.repos.users.get(user.userId);
      if (!found || found.value.municipalityCode) continue;
      try {
        await this.deps.repos.users.save({ ...found.value, municipalityCode: person.municipalityCode }, found.etag);
      } catch (error) {
        // They chose one themselves this very moment; theirs stands (and shows as a conflict if it differs).
        if (!(error instanceof Stale)) throw error;
      }
    }
  }

  /** Roster people who chose another municipality in the app than the roster gives them. */
  private async conflicts(people: readonly RosterPerson[]): Promise<MunicipalityConflict[]> {
    const byEmail = new Map(people.map((p) => [p.email, p]));
    const conflicts: MunicipalityConflict[] = [];
    for (const user of await this.deps.repos.users.list()) {
      const person = user.email ? byEmail.get(user.email.trim().toLowerCase()) : undefined;
      if (person && user.municipalityCode && user.municipalityCode !== person.municipalityCode) {
        conflicts.push({ name: person.name, email: person.email, roster: nameOf(person.municipalityCode), chosen: nameOf(user.municipalityCode) });
      }
    }
    return conflicts.sort((a, b) => a.name.localeCompare(b.name, 'da'));
  }

  /** Who the app can reach in Teams, per municipality, the unreached first. Staff only. */
  async coverage(principal: Principal): Promise<Coverage> {
    requireStaff(principal);
    const { repos } = this.deps;
    const [{ header, people: rosterPeople }, people, reach] = await Promise.all([repos.roster.current(), knownPeople(repos), repos.roster.reachRecords()]);
    const chats = new Set<string>();
    for await (const target of repos.installations.active()) if (target.conversationType === 'personal' && target.userId) chats.add(target.userId);
    const reachByEmail = new Map<string, ReachRecord>(reach.map((r) => [r.email, r]));
    const reachView = (p: KnownPerson): ReachView => {
      if (p.userId && chats.has(p.userId)) return { ...view(p), reachable: true };
      const record = reachByEmail.get(p.email);
      const reason = record?.reason ? REACH_REASONS[record.reason] : this.deps.graphConnected ? 'ikke forsøgt endnu' : REACH_REASONS.notConnected;
      return { ...view(p), reachable: false, reason, ...(invitable(record) ? { invitable: true } : {}) };
    };
    const byCode = new Map<string, ReachView[]>();
    for (const p of people) byCode.set(p.municipalityCode, [...(byCode.get(p.municipalityCode) ?? []), reachView(p)]);
    const municipalities = MUNICIPALITIES.map((m): MunicipalityCoverage => {
      const listed = (byCode.get(m.code) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'da'));
      const programLeaders = listed.filter((p) => p.roles.includes(rosterRoleLabel('programleder')));
      const others = listed.filter((p) => !programLeaders.includes(p));
      const reachable = listed.some((p) => p.reachable);
      const reason = reachable ? undefined : listed.length === 0 ? 'ingen på rollelisten' : `ingen af de ${listed.length} på rollelisten kan nås`;
      return { code: m.code, name: m.name, reachable, ...(reason ? { reason } : {}), programLeaders, others };
    });
    municipalities.sort((a, b) => Number(a.reachable) - Number(b.reachable) || a.name.localeCompare(b.name, 'da'));
    const reachable = municipalities.filter((m) => m.reachable).length;
    return {
      summary: `${reachable} af ${MUNICIPALITIES.length} kommuner kan nås i Teams`,
      graph: this.deps.graphConnected ? { connected: true } : { connected: false, message: REACH_REASONS.notConnected },
      ...(header ? { importedAt: header.importedAt } : {}),
      totals: {
        municipalities: MUNICIPALITIES.length,
        withProgramLeader: municipalities.filter((m) => m.programLeaders.length > 0).length,
        reachable,
        people: people.length,
        reachablePeople: municipalities.reduce((n, m) => n + [...m.programLeaders, ...m.others].filter((p) => p.reachable).length, 0),
        invitable: municipalities.reduce((n, m) => n + [...m.programLeaders, ...m.others].filter((p) => p.invitable).length, 0),
      },
      municipalities,
      conflicts: await this.conflicts(rosterPeople),
    };
  }
}
