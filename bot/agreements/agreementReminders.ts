
import { concernedSet } from '../domain/wave.ts';
import { scopeOf } from '../waves/scope.ts';
import { z } from 'zod';
import { jobKind, type JobSpec, type ServiceDeps } from '../capability.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Job } from '../storage/jobRepository.ts';
import { signatureProgress, type Agreement, type Signature } from '../domain/agreement.ts';
import { MUNICIPALITIES } from '../domain/municipality.ts';
import { wantsAgreementReminders, type UserProfile } from '../domain/user.ts';
import { addDays, instantAt, todayIn } from '../domain/time.ts';
import { Stale } from '../domain/errors.ts';
import { agreementRecipients } from '../roster/rosterAudience.ts';
import { nextWeeksOverdueDate, REMINDER_TIME, reminderJobId, reminderJobPrefix, reminderNotificationId, reminderSlots, summaryNotificationId, REMINDER_OFFSETS, type ReminderSlotKind } from './reminderTimes.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * What a reminder job carries: enough to tell, when it fires, whether it is still wanted. The
 * deadline is the one the job was scheduled for (a job for an older deadline does nothing); the
 * date is the Danish day of the reminder.
 */
const reminderPayloadSchema = z.object({
  agreementId: z.string().min(1),
  deadline: isoDate,
  date: isoDate,
  slot: z.custom<ReminderSlotKind>((value) => value === 'overdue' || REMINDER_OFFSETS.map(String).includes(String(value))),
});
export type ReminderPayload = z.infer<typeof reminderPayloadSchema>;

/** An open agreement with a deadline, and how many municipalities have not answered. */
export interface DueAgreement {
  readonly agreement: Agreement;
  readonly signatures: Signature[];
  readonly missing: number;
}

/** Kommunekoder with no answer yet (neither signed nor declined): the only ones reminded. */
export function unansweredCodes(signatures: readonly Signature[], all: readonly string[]): Set<string> {
  const answered = new Set(signatures.filter((s) => s.state !== 'missing').map((s) => s.municipalityCode));
  return new Set(all.filter((code) => !answered.has(code)));
}

/**
 * Open agreements whose deadline lies between `from` and `to` (Danish dates, inclusive) and
 * that still lack answers, soonest first. The channel summary and the digest are built from this.
 */
export async function agreementsDue(repos: Repositories, from: string, to: string): Promise<DueAgreement[]> {
  const open = (await repos.agreements.list()).filter((a) => !a.closed && a.deadline && a.deadline >= from && a.deadline <= to);
  const waves = await repos.waves.list();
  const withSignatures = await Promise.all(open.map(async (agreement) => {
    const signatures = await repos.agreements.signatures(agreement.id);
    return { agreement, signatures, missing: signatureProgress(signatures, concernedSet(agreement.concerns, waves).codes).missing };
  }));
  return withSignatures.filter((x) => x.missing > 0).sort((a, b) => a.agreement.deadline!.localeCompare(b.agreement.deadline!));
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** How many reminder publishes run at once: enough to keep storage busy, few enough to stay gentle. */
const PUBLISH_CONCURRENCY = 16;

/**
 * Agreement reminders: which jobs an agreement should have, and what a job does when it fires.
 * A job names its agreement, deadline and day; it re-reads the agreement and the signatures when
 * it runs, so a closed agreement, a moved deadline or a new signature is respected at once.
 */
export class AgreementReminders {
  constructor(
    private readonly deps: ServiceDeps,
  ) {
  }

  /** The reminder job: mounted by the agreements capability. */
  readonly job: JobSpec = jobKind('agreementReminder', reminderPayloadSchema, (payload, job) => this.run(payload, job));

  /**
   * Brings an agreement's reminder jobs in line with it: jobs for another deadline (or all, when
   * it is closed or has no deadline) are cancelled, the coming ones are scheduled. Safe to call
   * any number of times and from several instances: a job that ran is never scheduled again.
   */
  async reschedule(agreement: Agreement): Promise<void> {
    const { clock } = this.deps;
    const slots = reminderSlots(agreement, clock.now());
    const wanted = new Set(slots.map((s) => s.id));
    const prefix = reminderJobPrefix(agreement.id);
    const stale = (await this.deps.scheduler.scheduledWithPrefix(prefix)).filter((j) => !wanted.has(j.id) && !this.isCurrent(j, agreement));
    for (const job of stale) await this.deps.scheduler.cancel(job.id);
    for (const slot of slots) {
      const payload: ReminderPayload = { agreementId: agreement.id, deadline: agreement.deadline!, date: slot.date, slot: slot.slot };
      await this.scheduleQuietly({ id: slot.id, kind: 'agreementReminder', dueAt: slot.dueAt, payload: { ...payload } });
    }
  }

  /** A scheduled overdue job of the current deadline stays, even if it is not the next one computed now (it will run). */
  private isCurrent(job: Job, agreement: Agreement): boolean {
    return !agreement.closed && agreement.deadline !== null && job.payload.deadline === agreement.deadline;
  }

  /** Schedules a job; when another instance changed the same job at that moment, theirs stands. */
  private async scheduleQuietly(job: { id: string; kind: string; dueAt: Date; payload: Record<string, unknown> }): Promise<void> {
    try {
      await this.deps.scheduler.schedule(job);
    } catch (error) {
      if (!(error instanceof Stale)) throw error;
    }
  }

  /** Cancels every reminder still to come for an agreement (it was closed). */
  async cancelAll(agreementId: string): Promise<void> {
    const prefix = reminderJobPrefix(agreementId);
    for (const job of await this.deps.scheduler.scheduledWithPrefix(prefix)) await this.deps.scheduler.cancel(job.id);
  }

  /** At start-up: every open agreement gets its jobs (the demo data's too); existing ones are left as they are. */
  async scheduleAll(): Promise<number> {
    const agreements = (await this.deps.repos.agreements.list()).filter((a) => !a.closed && a.deadline);
    for (const agreement of agreements) await this.reschedule(agreement);
    return agreements.length;
  }

  /** The program leaders to remind: of a municipality that has not answered, and not opted out. */
  recipients(users: readonly UserProfile[], unanswered: ReadonlySet<string>, agreementId: string): UserProfile[] {
    return users.filter((u) => u.role === 'programleder' && u.municipalityCode !== undefined && unanswered.has(u.municipalityCode) && wantsAgreementReminders(u, agreementId));
  }

  /**
   * One reminder job: the channel summary of the day (before the deadline only; the Monday digest
   * covers overdue agreements in the channel), a 1:1 reminder per program leader of each
   * municipality that has not answered, and for an overdue one, next week's job.
   */
  private async run(payload: ReminderPayload, job: Job): Promise<void> {
    const { repos, delivery, log } = this.deps;
    const agreement = (await repos.agreements.get(payload.agreementId))?.value;
    if (!agreement || agreement.closed || agreement.deadline !== payload.deadline) {
      log.info({ jobId: job.id }, 'agreement reminder no longer wanted (closed, removed or deadline moved)');
      return;
    }
    if (todayIn(this.deps.clock) !== payload.date) {
      // The app was down on the day: "fristen er i morgen" a day late would be wrong, and the next reminder is near.
      log.warn({ jobId: job.id }, 'agreement reminder skipped: its day has passed');
      if (payload.slot === 'overdue') await this.reschedule(agreement);
      return;
    }
    if (payload.slot !== 'overdue') {
      const due = await agreementsDue(repos, payload.date, addDays(payload.date, 14));
      if (due.length > 0) await delivery.publish({ id: summaryNotificationId(payload.date), kind: 'agreementSummary', subjectId: payload.date, audience: { kind: 'channels' }, payload: { date: payload.date } });
    }
    const signatures = await repos.agreements.signatures(agreement.id);
    // Only the municipalities the agreement concerns are chased.
    const unanswered = unansweredCodes(signatures, (await scopeOf(repos, agreement.concerns)).codes);
    if (unanswered.size === 0) return;
    const users = await repos.users.list();
    // By the KLIK roster too: its program leaders, underskriftsberettigede and aftaleadministratorer; an opt-out in a profile still counts.
    const profiles = new Map(users.map((u) => [u.userId, u]));
    const roster = await agreementRecipients(repos, unanswered);
    const byRole = roster.byRole.filter((userId) => { const p = profiles.get(userId); return !p || wantsAgreementReminders(p, agreement.id); });
    const bySelfChosen = this.recipients(users, unanswered, agreement.id).filter((u) => !roster.onRoster.has(u.userId)).map((u) => u.userId);
    const people = [...new Set([...bySelfChosen, ...byRole])];
    await inParallel(people, PUBLISH_CONCURRENCY, async (userId) => {
      await delivery.publish({
        id: reminderNotificationId(agreement.id, payload.date, userId),
        kind: 'agreementReminder',
        subjectId: agreement.id,
        audience: { kind: 'users', userIds: [userId] },
        payload: { ...payload },
      });
    });
    if (payload.slot === 'overdue') {
      // Next week's; the chain ends when everyone has answered or KOMBIT closes the agreement.
      const date = nextWeeksOverdueDate(payload.date);
      const next: ReminderPayload = { ...payload, date };
      await this.scheduleQuietly({ id: reminderJobId(agreement.id, payload.deadline, 'overdue', date), kind: 'agreementReminder', dueAt: instantAt(date, REMINDER_TIME), payload: { ...next } });
    }
  }
}
