import { z } from 'zod';
import { jobKind, type JobSpec, type ServiceDeps } from '../capability.ts';
import { AlreadyExists, Stale } from '../domain/errors.ts';
import { newProfile } from '../domain/user.ts';
import { INVITATION_PATIENCE_DAYS, type ReachReason, type ReachRecord, type RosterPerson } from '../domain/roster.ts';
import { Unreachable, type Directory, type DirectoryUser } from './graphDirectory.ts';

/** The reach job of a person; also scheduled by the guest invitations, to look when the invitation is accepted. */
export const jobId = (email: string) => `rosterReach:${email}`;
const DAY_MS = 24 * 3600_000;

/** Reach records and jobs written at once when a roster comes in: quick, without flooding storage. */
const START_CONCURRENCY = 16;

/**
 * Reaches the roster's people through Microsoft Graph: finds each in KOMBIT's tenant, installs
 * the app in their personal scope, and leaves the rest to Teams, which announces the installation
 * to the bot (the installation and the welcome are recorded as for anyone who installs it).
 * One scheduler job per person: jobs are leased, so two instances never work on the same person,
 * and they survive a restart. Each step is recorded with an ETag check before the next, so a
 * person is looked up and installed at most once; Graph answers 409 to a repeated install, which
 * counts as installed, not as a second installation.
 */
export class RosterReach {
  constructor(
    private readonly deps: Pick<ServiceDeps, 'repos' | 'scheduler' | 'clock' | 'log'> & {
      readonly directory: () => Promise<Directory | undefined>;
      /** Called when the app is installed for a person, to see that Teams opens their chat. */
      readonly afterInstall?: (record: ReachRecord) => Promise<void>;
    },
  ) {}

  readonly job: JobSpec = jobKind('rosterReach', z.object({ email: z.string().min(3), name: z.string(), municipalityCode: z.string() }), (person) => this.reach(person));

  /** Starts reaching the people not reached or tried before; people already recorded are left as they are. */
  async start(people: readonly RosterPerson[]): Promise<number> {
    if (!(await this.deps.directory())) return 0;
    const now = this.deps.clock.now();
    let started = 0;
    for (let i = 0; i < people.length; i += START_CONCURRENCY) {
      await Promise.all(people.slice(i, i + START_CONCURRENCY).map(async (person) => {
        try {
          await this.deps.repos.roster.saveReach({ email: person.email, state: 'pending', attempts: 0, updatedAt: now.toISOString() });
          started++;
        } catch (error) {
          if (!(error instanceof AlreadyExists)) throw error;
          const existing = await this.deps.repos.roster.getReach(person.email);
          if (existing?.value.state !== 'pending') return;
        }
        // Also for a pending record: the process may have died between the record and its job.
        await this.deps.scheduler.schedule({ id: jobId(person.email), kind: 'rosterReach', dueAt: now, payload: { email: person.email, name: person.name, municipalityCode: person.municipalityCode } });
      }));
    }
    return started;
  }

  /**
   * Resumes what a stopped process left: every person still pending, or on the roster without a
   * record (imported by an instance that died or had no Graph), gets their job; scheduling a job
   * that exists changes nothing.
   */
  async resume(): Promise<void> {
    const { people } = await this.deps.repos.roster.current();
    const done = new Set((await this.deps.repos.roster.reachRecords()).filter((r) => r.state !== 'pending').map((r) => r.email));
    await this.start(people.filter((p) => !done.has(p.email)));
  }

  private async reach(person: { email: string; name: string; municipalityCode: string }): Promise<void> {
    const { email } = person;
    const { repos, log, clock } = this.deps;
    const directory = await this.deps.directory();
    const found = await repos.roster.getReach(email);
    if (!directory || !found || found.value.state !== 'pending') return;
    let record = found.value;
    let etag = found.etag;
    const save = async (next: ReachRecord) => {
      etag = await repos.roster.saveReach(next, etag);
      record = next;
    };
    const giveUp = (reason: ReachReason, detail: string) => {
      log.info({ email, reason, detail }, 'roster person cannot be reached');
      return save({ ...record, state: 'unreachable', reason, attempts: record.attempts + 1, updatedAt: clock.now().toISOString() });
    };
    try {
      let user: DirectoryUser | undefined;
      if (!record.userId) {
        user = await directory.findUser(email);
        if (!user) return await giveUp('noSuchUser', 'no user with this mail, other mail or UPN');
        await save({ ...record, userId: user.id, attempts: record.attempts + 1, updatedAt: clock.now().toISOString() });
        await this.ensureProfile(user.id, person);
      } else if (record.reason === 'invitationPending') {
        // A guest still to accept their invitation: look again whether they have.
        user = await directory.getUser(record.userId);
        if (!user) return await giveUp('noSuchUser', 'the invited guest was deleted');
      }
      if (user?.userType === 'Guest' && user.externalUserState === 'PendingAcceptance') return await this.awaitAcceptance(person, record, save, giveUp);
      await directory.installFor(record.userId!);
      await save({ ...record, state: 'installed', reason: 'waitingForTeams', attempts: record.attempts + 1, updatedAt: clock.now().toISOString() });
      await this.deps.afterInstall?.(record);
    } catch (error) {
      if (error instanceof Unreachable) return await giveUp(error.reason, error.message);
      // Another instance recorded a step for this person meanwhile: theirs stands.
      if (error instanceof Stale) return;
      throw error;
    }
  }

  /**
   * A guest who has not accepted their invitation cannot have the app installed: the app looks
   * again each day, for {@link INVITATION_PATIENCE_DAYS} days from the first time it saw them waiting.
   */
  private async awaitAcceptance(person: { email: string; name: string; municipalityCode: string }, record: ReachRecord, save: (next: ReachRecord) => Promise<void>, giveUp: (reason: ReachReason, detail: string) => Promise<void>): Promise<void> {
    const now = this.deps.clock.now();
    const since = record.invitation?.sentAt ?? record.waitingSince ?? now.toISOString();
    if (now.getTime() - Date.parse(since) >= INVITATION_PATIENCE_DAYS * DAY_MS) return giveUp(record.invitation ? 'invitationExpired' : 'invitationPending', 'guest has not accepted the invitation');
    const next = new Date(now.getTime() + DAY_MS);
    await save({ ...record, state: 'pending', reason: 'invitationPending', waitingSince: since, nextAttemptAt: next.toISOString(), attempts: record.attempts + 1, updatedAt: now.toISOString() });
    await this.deps.scheduler.schedule({ id: jobId(person.email), kind: 'rosterReach', dueAt: next, payload: { ...person } }, { repeatable: true });
  }

  /** Gives a person found in Graph a profile with the roster's municipality, so cards and reminders address them as they should. */
  private async ensureProfile(userId: string, person: { email: string; name: string; municipalityCode: string }): Promise<void> {
    const { repos } = this.deps;
    if (await repos.users.get(userId)) return;
    await repos.users.save(newProfile(userId, { name: person.name, email: person.email, municipalityCode: person.municipalityCode }));
  }
}
