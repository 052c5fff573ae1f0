import { z } from 'zod';
import { jobKind, type JobSpec, type ServiceDeps } from '../capability.ts';
import { requireStaff, type Principal } from '../auth/principal.ts';
import { Conflict, NotFound, Stale } from '../domain/errors.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { municipalityByCode } from '../domain/municipality.ts';
import { invitationText, REACH_REASONS, type ReachRecord, type RosterPerson } from '../domain/roster.ts';
import { Unreachable, type Directory } from './graphDirectory.ts';
import { jobId as reachJobId } from './rosterReach.ts';

const inviteJobId = (email: string) => `rosterInvite:${email}`;

/** What staff ask for: one person by e-mail, or everyone on the roster who is not a guest and not yet invited. */
const requestSchema = z.union([
  z.object({ email: z.string().trim().toLowerCase().min(3, { error: 'skal være en e-mailadresse fra rollelisten' }) }).strict(),
  z.object({ all: z.literal(true, { error: 'skal være true' }) }).strict(),
], { error: 'skal være {"email": "…"} for én person eller {"all": true} for alle, der ikke er gæster' });

/** The answer to an invitation request. */
export interface InvitationResult {
  readonly message: string;
  readonly invited: { readonly name: string; readonly email: string; readonly municipality: string }[];
}

const nameOf = (code: string) => municipalityByCode(code)?.name ?? code;

/** Whether staff may invite this person: Graph found no account for them, and nobody has invited them through the app. */
export const invitable = (record: ReachRecord | undefined): boolean => record?.state === 'unreachable' && record.reason === 'noSuchUser' && !record.invitation;

/**
 * Guest invitations for roster people who have no account in KOMBIT's tenant ("ikke gæst i
 * KOMBITs Teams"). Staff ask for one person or all at once; each invitation is recorded on the
 * person's reach record (with an ETag check) before it is sent, so two staff clicking at once, or
 * a repeated click, invite nobody twice. Sending is a leased job per person, so it survives a
 * restart; once Graph has taken it, the person's reach job looks each day whether they accepted
 * and then installs the app for them.
 */
export class RosterInvitations {
  constructor(private readonly deps: Pick<ServiceDeps, 'repos' | 'scheduler' | 'clock' | 'log'> & { readonly directory: () => Promise<Directory | undefined> }) {}

  readonly job: JobSpec = jobKind('rosterInvite', z.object({ email: z.string().min(3) }), ({ email }) => this.send(email));

  /** Records and queues the invitations staff asked for; refuses (changing nothing) when there is nobody to invite. */
  async request(body: unknown, principal: Principal): Promise<InvitationResult> {
    requireStaff(principal);
    const wanted = parseOrThrow(requestSchema, body);
    if (!(await this.deps.directory())) throw new Conflict('GraphNotConnected', 'Appen er ikke forbundet til Microsoft Graph, så der kan ikke sendes gæsteinvitationer. Intet er ændret.');
    const { repos } = this.deps;
    const { people } = await repos.roster.current();
    let candidates: RosterPerson[];
    if ('email' in wanted) {
      const person = people.find((p) => p.email === wanted.email);
      if (!person) throw new NotFound(`Personen ${wanted.email} på rollelisten`);
      const record = (await repos.roster.getReach(person.email))?.value;
      if (record?.invitation?.state === 'refused') throw new Conflict('InvitationRefused', `Microsoft Graph nægtede at sende gæsteinvitationen til ${person.name}; en administrator kan invitere personen i Microsoft Entra. Intet er ændret.`);
      if (record?.invitation) throw new Conflict('AlreadyInvited', `${person.name} er allerede inviteret som gæst. Intet er ændret.`);
      if (!invitable(record)) {
        const why = record?.reason ? REACH_REASONS[record.reason] : record?.state === 'installed' ? 'appen er installeret' : 'er ikke slået op i Microsoft Graph endnu';
        throw new Conflict('NotInvitable', `${person.name} skal ikke inviteres: kun personer, der ikke er gæst i KOMBITs Teams, kan inviteres (${why}). Intet er ændret.`);
      }
      candidates = [person];
    } else {
      const records = new Map((await repos.roster.reachRecords()).map((r) => [r.email, r]));
      candidates = people.filter((p) => invitable(records.get(p.email)));
    }
    const invited: RosterPerson[] = [];
    for (const person of candidates) if (await this.record(person, principal)) invited.push(person);
    if (invited.length === 0 && 'email' in wanted) throw new Conflict('AlreadyInvited', `${candidates[0]!.name} er allerede inviteret som gæst. Intet er ændret.`);
    return {
      message: invited.length === 0
        ? 'Der er ingen at invitere: alle på rollelisten er gæster i KOMBITs Teams eller allerede inviteret.'
        : invited.length === 1 ? `Gæsteinvitationen til ${invited[0]!.name} sendes.` : `Gæsteinvitationer sendes til ${invited.length} personer.`,
      invited: invited.map((p) => ({ name: p.name, email: p.email, municipality: nameOf(p.municipalityCode) })),
    };
  }

  /** Records the request on the person's reach record and queues its job; false when someone else did first. */
  private async record(person: RosterPerson, principal: Principal): Promise<boolean> {
    const { repos, clock, scheduler } = this.deps;
    const found = await repos.roster.getReach(person.email);
    if (!found || !invitable(found.value)) return false;
    const now = clock.now().toISOString();
    try {
      await repos.roster.saveReach({ ...found.value, reason: 'inviting', invitation: { state: 'requested', requestedAt: now, requestedBy: principal.name ?? principal.userId }, updatedAt: now }, found.etag);
    } catch (error) {
      if (error instanceof Stale) return false;
      throw error;
    }
    await scheduler.schedule({ id: inviteJobId(person.email), kind: 'rosterInvite', dueAt: clock.now(), payload: { email: person.email } });
    return true;
  }

  /**
   * Sends one recorded invitation. Graph's answer is recorded before the person's reach job is
   * asked to look for their acceptance; a refusal is recorded as the reason, to show staff.
   */
  private async send(email: string): Promise<void> {
    const { repos, clock, log, scheduler } = this.deps;
    const directory = await this.deps.directory();
    const found = await repos.roster.getReach(email);
    if (!directory || !found || found.value.invitation?.state !== 'requested') return;
    const record = found.value;
    const invitation = record.invitation!;
    const person = (await repos.roster.current()).people.find((p) => p.email === email);
    try {
      if (!person) {
        // Left the roster before the invitation went out: it is not sent.
        await repos.roster.saveReach({ ...record, reason: 'noSuchUser', invitation: undefined, updatedAt: clock.now().toISOString() }, found.etag);
        return;
      }
      let answer;
      try {
        answer = await directory.invite({ email, name: person.name, message: invitationText(person.name, nameOf(person.municipalityCode)) });
      } catch (error) {
        if (!(error instanceof Unreachable)) throw error;
        log.warn({ email, detail: error.message }, 'guest invitation refused by Microsoft Graph');
        await repos.roster.saveReach({ ...record, reason: 'invitationRefused', invitation: { ...invitation, state: 'refused' }, updatedAt: clock.now().toISOString() }, found.etag);
        return;
      }
      const now = clock.now();
      await repos.roster.saveReach({ ...record, state: 'pending', userId: answer.userId, reason: 'invitationPending', invitation: { ...invitation, state: 'sent', sentAt: now.toISOString() }, updatedAt: now.toISOString() }, found.etag);
      log.info({ email, status: answer.status }, 'guest invited');
      // Its reach job ran before (and found nobody): asked again, it looks whether they accepted.
      await scheduler.schedule({ id: reachJobId(email), kind: 'rosterReach', dueAt: now, payload: { email, name: person.name, municipalityCode: person.municipalityCode } }, { repeatable: true });
    } catch (error) {
      if (error instanceof Stale) return;
      throw error;
    }
  }
}
