import { z } from 'zod';
import { jobKind, type JobSpec, type ServiceDeps } from '../capability.ts';
import { AlreadyExists, Stale } from '../domain/errors.ts';
import { newProfile } from '../domain/user.ts';
import type { ReachReason, ReachRecord, RosterPerson } from '../domain/roster.ts';
import { Unreachable, type Directory } from './graphDirectory.ts';

const jobId = (email: string) => `rosterReach:${email}`;

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
  constructor(private readonly deps: Pick<ServiceDeps, 'repos' | 'scheduler' | 'clock' | 'log'> & { readonly directory: () => Promise<Directory | undefined> }) {}

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
      if (!record.userId) {
        const user = await directory.findUser(email);
        if (!user) return await giveUp('noSuchUser', 'no user with this mail, other mail or UPN');
        await save({ ...record, userId: user.id, attempts: record.attempts + 1, updatedAt: clock.now().toISOString() });
        await this.ensureProfile(user.id, person);
        if (user.userType === 'Guest' && user.externalUserState === 'PendingAcceptance') return await giveUp('invitationPending', 'guest has not accepted the invitation');
      }
      await directory.installFor(record.userId!);
      await save({ ...record, state: 'installed', reason: 'waitingForTeams', attempts: record.attempts + 1, updatedAt: clock.now().toISOString() });
    } catch (error) {
      if (error instanceof Unreachable) return await giveUp(error.reason, error.message);
      // Another instance recorded a step for this person meanwhile: theirs stands.
      if (error instanceof Stale) return;
      throw error;
    }
  }

  /** Gives a person found in Graph a profile with the roster's municipality, so cards and reminders address them as they should. */
  private async ensureProfile(userId: string, person: { email: string; name: string; municipalityCode: string }): Promise<void> {
    const { repos } = this.deps;
    if (await repos.users.get(userId)) return;
    await repos.users.save(newProfile(userId, { name: person.name, email: person.email, municipalityCode: person.municipalityCode }));
  }
}
