import { randomUUID } from 'node:crypto';
import { requireWaves, scopeOf } from '../waves/scope.ts';
import { z } from 'zod';
import { jobKind, type JobSpec, type ServiceDeps } from '../capability.ts';
import { instantAt, isoDate, todayIn } from '../domain/time.ts';
import { formatDate } from '../domain/language.ts';
import { foldText, municipalityByCode } from '../domain/municipality.ts';
import { applyPatch, parseOrThrow, parsePatch, ValidationError } from '../domain/validation.ts';
import {
  agreementPatchSchema,
  deadlineKind,
  newAgreementSchema,
  SIGNATURE_STATE_LABELS,
  SIGNATURE_STATES,
  signatureProgress,
  type Agreement,
  type Signature,
  type SignatureProgress,
  type SignatureState,
} from '../domain/agreement.ts';
import { requireStaff, type Principal } from '../auth/principal.ts';
import { AlreadyExists, Conflict, Forbidden, NotFound, Stale } from '../domain/errors.ts';
import type { AgreementReminders } from './agreementReminders.ts';

/** The notification that posts an agreement's card; its outbox rows are the cards updated in place. */
export const agreementNotificationId = (agreementId: string): string => `agreement:${agreementId}`;
/** The job that sends an agreement's card on its sent date, when that lies ahead. */
const sendJobId = (agreementId: string): string => `agreementSend:${agreementId}`;
/** Danish time an agreement with a future sent date is announced. */
const SEND_TIME = '09:00';

/** An agreement with its signatures counted over the 98, as the API answers. */
export interface AgreementView extends Agreement {
  readonly progress: SignatureProgress;
  /** Signed with reservations (counted as signed in `progress`), as FLIS 2024 had. */
  readonly signedWithReservations: number;
  /** Said in Teams by a program leader and not yet confirmed by KOMBIT. */
  readonly selfReported: number;
}

/** Accepts the id or the Danish/English label ("Underskrevet", "Takket nej", "Signed with reservations"). */
export const signatureStateSchema = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const folded = foldText(value);
    for (const state of SIGNATURE_STATES) {
      const label = SIGNATURE_STATE_LABELS[state];
      if ([state, label.da, label.en].some((l) => foldText(l) === folded)) return state;
    }
    return value;
  },
  z.enum(SIGNATURE_STATES, { error: 'skal være Underskrevet, Underskrevet med forbehold, Takket nej eller Mangler' }),
);

/** The body of `PUT /api/agreements/{id}/signatures/{kommunekode}`. */
export const signatureBodySchema = z
  .object({ state: signatureStateSchema, signedDate: isoDate.optional() })
  .strict()
  .refine((b) => !(b.state === 'missing' && b.signedDate), { error: 'skal være tom, når status er Mangler', path: ['signedDate'] });

/** A signature as KOMBIT records it (from the API or an import). */
export interface RecordedSignature {
  readonly municipalityCode: string;
  readonly state: SignatureState;
  readonly signedDate?: string;
}

const isAnswer = (state: SignatureState | undefined) => state !== undefined && state !== 'missing';

/**
 * Agreements: KOMBIT staff create, change, send and close them and record signatures; a program
 * leader may say their own municipality has signed (marked self-reported until KOMBIT confirms).
 * What follows in Teams: the card fan-out, in-place card updates, a note in the card's thread
 * when the deadline changes, and the reminder jobs kept in line with every change.
 */
export class AgreementService {
  constructor(
    private readonly deps: ServiceDeps & { readonly reminders: AgreementReminders },
  ) {}

  /** Sends an agreement on its sent date: mounted by the agreements capability. */
  readonly sendJob: JobSpec = jobKind('agreementSend', z.object({ agreementId: z.string().min(1) }), async ({ agreementId }) => {
    const agreement = (await this.deps.repos.agreements.get(agreementId))?.value;
    // Sent by hand in the meantime, closed, or the sent date moved: then there is nothing to do now.
    if (!agreement || agreement.closed || !agreement.sentDate || agreement.sentDate > todayIn(this.deps.clock)) return;
    await this.announce(agreement);
  });

  private today(): string {
    return todayIn(this.deps.clock);
  }

  /** Counts an agreement's signatures. */
  async view(agreement: Agreement, signatures?: readonly Signature[]): Promise<AgreementView> {
    const rows = signatures ?? (await this.deps.repos.agreements.signatures(agreement.id));
    const { cardPending: _bookkeeping, ...shown } = agreement;
    const scope = await scopeOf(this.deps.repos, agreement.concerns);
    return {
      ...shown,
      progress: signatureProgress(rows, scope.codes),
      ...(scope.all ? {} : { concernsLabel: scope.label }),
      signedWithReservations: rows.filter((s) => s.state === 'signedWithReservations').length,
      selfReported: rows.filter((s) => s.selfReported && isAnswer(s.state)).length,
    };
  }

  async list(): Promise<AgreementView[]> {
    const agreements = await this.deps.repos.agreements.list();
    return Promise.all(agreements.map((a) => this.view(a)));
  }

  /** One agreement with its ETag (for If-Match) and every municipality's recorded answer. */
  async get(id: string): Promise<{ agreement: AgreementView; signatures: Signature[]; etag: string }> {
    const found = await this.deps.repos.agreements.get(id);
    if (!found) throw new NotFound('Aftalen');
    const signatures = await this.deps.repos.agreements.signatures(id);
    return { agreement: await this.view(found.value, signatures), signatures: signatures.filter((s) => isAnswer(s.state)), etag: found.etag };
  }

  private async requireSolution(solutionId: string): Promise<void> {
    if (!(await this.deps.repos.solutions.get(solutionId))) {
      throw new ValidationError([{ field: 'solutionId', message: 'er ikke en kendt løsning' }]);
    }
  }

  private async requireAgreement(id: string) {
    const found = await this.deps.repos.agreements.get(id);
    if (!found) throw new NotFound('Aftalen');
    return found;
  }

  /**
   * Creates an agreement (staff only). With a sent date today or earlier its card goes out at
   * once; a later sent date is announced that morning. Reminders are scheduled from the deadline.
   */
  async create(input: unknown, principal: Principal): Promise<{ agreement: AgreementView; announced: boolean }> {
    requireStaff(principal);
    const parsed = parseOrThrow(newAgreementSchema, input);
    await this.requireSolution(parsed.solutionId);
    await requireWaves(this.deps.repos, parsed.concerns, parsed.solutionId);
    const now = this.deps.clock.now().toISOString();
    const dueNow = Boolean(parsed.sentDate && parsed.sentDate <= this.today());
    const agreement: Agreement = { ...parsed, id: `agr-${randomUUID().slice(0, 8)}`, createdAt: now, updatedAt: now, ...(dueNow ? { cardPending: true } : {}) };
    await this.deps.repos.agreements.create(agreement);
    const announced = await this.afterChange(undefined, agreement);
    return { agreement: await this.view(agreement, []), announced };
  }

  /**
   * Changes an agreement (staff only). With `etag`, refused (412) if someone changed it since it
   * was read. A new deadline moves the reminders and is noted in the card's thread.
   */
  async update(id: string, patchInput: unknown, principal: Principal, etag?: string): Promise<AgreementView> {
    requireStaff(principal);
    const patch = parsePatch(agreementPatchSchema, patchInput);
    const current = await this.requireAgreement(id);
    const patched = applyPatch(current.value, patch);
    // A deadline given later replaces "ingen frist".
    const { noDeadline: _none, ...dated } = patched;
    const changed: Agreement = { ...(patched.deadline ? dated : patched), updatedAt: this.deps.clock.now().toISOString() };
    parseOrThrow(newAgreementSchema, changed);
    // A change that makes the card due now owes it from this write on, as a new agreement does.
    const dueNow = (a: Agreement) => !a.closed && Boolean(a.sentDate && a.sentDate <= this.today());
    const next: Agreement = dueNow(changed) && !dueNow(current.value) ? { ...changed, cardPending: true } : changed;
    if (patch.solutionId) await this.requireSolution(patch.solutionId);
    if (patch.concerns || patch.solutionId) await requireWaves(this.deps.repos, changed.concerns, changed.solutionId);
    await this.deps.repos.agreements.replace(next, etag ?? current.etag);
    await this.afterChange(current.value, next);
    return this.view(next);
  }

  /** Sends the agreement's card now (staff only); the sent date becomes today unless it already lies behind. */
  async send(id: string, principal: Principal): Promise<{ agreement: AgreementView; created: boolean }> {
    requireStaff(principal);
    const current = await this.requireAgreement(id);
    if (current.value.closed) throw new Conflict('Closed', 'Aftalen er lukket og kan ikke sendes.');
    const today = this.today();
    let agreement = current.value;
    if (!agreement.sentDate || agreement.sentDate > today) {
      agreement = { ...agreement, sentDate: today, updatedAt: this.deps.clock.now().toISOString(), cardPending: true };
      await this.deps.repos.agreements.replace(agreement, current.etag);
    }
    const created = await this.announce(agreement);
    await this.deps.scheduler.cancel(sendJobId(id));
    await this.deps.reminders.reschedule(agreement);
    return { agreement: await this.view(agreement), created };
  }

  /** Closes an agreement (staff only): no more reminders, and the cards say so. Closing twice is harmless. */
  async close(id: string, principal: Principal): Promise<AgreementView> {
    requireStaff(principal);
    const current = await this.requireAgreement(id);
    if (current.value.closed) return this.view(current.value);
    const next: Agreement = { ...current.value, closed: true, updatedAt: this.deps.clock.now().toISOString() };
    await this.deps.repos.agreements.replace(next, current.etag);
    await this.afterChange(current.value, next);
    return this.view(next);
  }

  /**
   * At start-up: agreements whose sent date lies ahead get their send job. Agreements sent in the
   * past are not announced now: a first start over existing data (the demo's) must not flood the channels.
   */
  async scheduleSends(): Promise<number> {
    const ahead = (await this.deps.repos.agreements.list()).filter((a) => !a.closed && a.sentDate && a.sentDate > this.today());
    for (const a of ahead) {
      try {
        await this.deps.scheduler.schedule({ id: sendJobId(a.id), kind: 'agreementSend', dueAt: instantAt(a.sentDate!, SEND_TIME), payload: { agreementId: a.id } });
      } catch (error) {
        // Another instance scheduled it at the same moment.
        if (!(error instanceof Stale)) throw error;
      }
    }
    return ahead.length;
  }

  /** Posts the agreement's card to every channel and the solution's followers; false when it was posted before. */
  async announce(agreement: Agreement): Promise<boolean> {
    const followers = await this.deps.repos.users.followersOf(agreement.solutionId);
    const result = await this.deps.delivery.publish({
      id: agreementNotificationId(agreement.id),
      kind: 'agreement',
      subjectId: agreement.id,
      audience: { kind: 'channelsAndUsers', userIds: followers.map((f) => f.userId) },
    });
    if (agreement.cardPending) await this.deps.repos.agreements.clearCardPending(agreement.id);
    return result.created;
  }

  /** Sends the cards of agreements stored as due by a process that died before handing them over; run at start. */
  async announcePending(): Promise<number> {
    const pending = (await this.deps.repos.agreements.list()).filter((a) => a.cardPending === true && !a.closed);
    for (const agreement of pending) await this.announce(agreement);
    if (pending.length) this.deps.log.warn({ agreements: pending.map((a) => a.id) }, 'sent the cards of agreements stored before a crash');
    return pending.length;
  }

  /** Whether the card has gone out. */
  async isAnnounced(agreementId: string): Promise<boolean> {
    return Boolean(await this.deps.repos.notifications.get(agreementNotificationId(agreementId)));
  }

  /**
   * What a change means in Teams: the card sent when its day has come (or that morning), cards
   * updated, a note in the thread on a new deadline or on closing, reminders moved or cancelled.
   * Returns true when the card was sent now.
   */
  private async afterChange(before: Agreement | undefined, after: Agreement): Promise<boolean> {
    const { delivery, scheduler, reminders } = this.deps;
    let announced = false;
    if (!after.closed && after.sentDate && after.sentDate <= this.today()) {
      announced = await this.announce(after);
      await scheduler.cancel(sendJobId(after.id));
    } else if (!after.closed && after.sentDate) {
      await scheduler.schedule({ id: sendJobId(after.id), kind: 'agreementSend', dueAt: instantAt(after.sentDate, SEND_TIME), payload: { agreementId: after.id } });
    } else {
      await scheduler.cancel(sendJobId(after.id));
    }
    if (after.closed) await reminders.cancelAll(after.id);
    else await reminders.reschedule(after);
    if (!before) return announced;

    await delivery.refreshCards(agreementNotificationId(after.id));
    const notices: string[] = [];
    if (before.deadline !== after.deadline) {
      const text = (a: Agreement) => (a.deadline ? formatDate(a.deadline) : deadlineKind(a) === 'none' ? 'ingen frist' : 'hurtigst muligt');
      notices.push(`ny frist ${text(after)} (var ${text(before)})`);
    }
    if (!before.closed && after.closed) notices.push('KOMBIT har lukket aftalen, så der kommer ikke flere påmindelser');
    if (notices.length && (await this.isAnnounced(after.id))) {
      await delivery.publish({
        id: `${agreementNotificationId(after.id)}:change:${after.updatedAt}`,
        kind: 'text',
        subjectId: after.id,
        audience: { kind: 'threadsOf', notificationId: agreementNotificationId(after.id) },
        // Named, because in a follower's 1:1 chat the note is not under the agreement's card.
        payload: { text: `Aftale: ${after.title}\n\nÆndret: ${notices.join('; ')}.` },
      });
    }
    return announced;
  }

  /**
   * Records a municipality's answer. KOMBIT staff may record any answer (a confirmed one);
   * a program leader may only say that their own municipality has signed, and only while the
   * agreement is open. Returns the agreement and whether anything changed.
   */
  async setSignature(agreementId: string, change: RecordedSignature, principal: Principal): Promise<{ agreement: AgreementView; changed: boolean }> {
    const found = await this.requireAgreement(agreementId);
    const agreement = found.value;
    const name = municipalityByCode(change.municipalityCode)?.name ?? change.municipalityCode;
    if (change.signedDate && change.signedDate > this.today()) throw new ValidationError([{ field: 'signedDate', message: 'må ikke ligge efter i dag' }]);
    const scope = await scopeOf(this.deps.repos, agreement.concerns);
    if (!scope.codes.includes(change.municipalityCode)) throw new ValidationError([{ field: 'municipalityCode', message: `aftalen vedrører ikke ${name} (kun ${scope.label})` }]);
    if (principal.role !== 'kombit') {
      if (!principal.municipalityCode) throw new Forbidden('Vælg først din kommune.');
      if (principal.municipalityCode !== change.municipalityCode) throw new Forbidden('Du kan kun melde underskrift for din egen kommune.');
      if (change.state !== 'signed') throw new Forbidden('Som programleder kan du kun melde, at kommunen har underskrevet. KOMBIT registrerer de øvrige svar.');
      return this.selfReport(agreement, change.municipalityCode, principal.name ?? principal.userId, change.signedDate);
    }
    const signature: Signature = {
      agreementId,
      municipalityCode: change.municipalityCode,
      state: change.state,
      ...(change.state === 'missing' ? {} : { signedDate: change.signedDate ?? this.today() }),
      reportedBy: principal.name ?? principal.userId,
      selfReported: false,
    };
    await this.deps.repos.agreements.setSignature(signature);
    this.deps.log.info({ agreementId, municipalityCode: change.municipalityCode, state: change.state, name }, 'signature recorded by KOMBIT');
    await this.afterSignatures(agreement, change.state === 'missing');
    return { agreement: await this.view(agreement), changed: true };
  }

  /**
   * A program leader's "Vi har underskrevet": recorded as self-reported with today's date, unless
   * the municipality has already answered (then nothing changes). Refused on a closed agreement.
   */
  async selfReport(agreement: Agreement, municipalityCode: string, reportedBy: string, signedDate?: string): Promise<{ agreement: AgreementView; changed: boolean; existing?: Signature }> {
    if (agreement.closed) throw new Conflict('Closed', 'Aftalen er lukket, så der kan ikke meldes underskrift på den længere.');
    const existing = await this.deps.repos.agreements.signature(agreement.id, municipalityCode);
    if (existing && isAnswer(existing.value.state)) return { agreement: await this.view(agreement), changed: false, existing: existing.value };
    const signature: Signature = { agreementId: agreement.id, municipalityCode, state: 'signed', signedDate: signedDate ?? this.today(), reportedBy, selfReported: true };
    // With the ETag (or as a fresh row): a confirmation KOMBIT writes at the same moment is not overwritten.
    try {
      if (existing) await this.deps.repos.agreements.setSignature(signature, existing.etag);
      else await this.deps.repos.agreements.addSignature(signature);
    } catch (error) {
      if (!(error instanceof AlreadyExists || error instanceof Stale)) throw error;
      const now = await this.deps.repos.agreements.signature(agreement.id, municipalityCode);
      return { agreement: await this.view(agreement), changed: false, existing: now?.value };
    }
    await this.afterSignatures(agreement, false);
    return { agreement: await this.view(agreement), changed: true };
  }

  /**
   * Signatures changed: the shared cards show the new count. A new answer needs nothing more
   * (reminders check at send time); a municipality set back to "missing" after the weekly chain
   * ended (everyone had answered) must be chased again, so its jobs are brought back.
   */
  private async afterSignatures(agreement: Agreement, reopened: boolean): Promise<void> {
    await this.deps.delivery.refreshCards(agreementNotificationId(agreement.id));
    if (reopened && !agreement.closed) await this.deps.reminders.reschedule(agreement);
  }

  /** Writes validated signatures of several agreements (an import), one transaction per agreement, then updates cards and reminders. */
  async recordMany(rows: readonly (RecordedSignature & { agreementId: string })[], principal: Principal): Promise<{ agreements: number; signatures: number }> {
    requireStaff(principal);
    const byAgreement = new Map<string, Signature[]>();
    for (const row of rows) {
      const signature: Signature = {
        agreementId: row.agreementId,
        municipalityCode: row.municipalityCode,
        state: row.state,
        ...(row.state === 'missing' ? {} : { signedDate: row.signedDate ?? this.today() }),
        reportedBy: principal.name ?? principal.userId,
        selfReported: false,
      };
      byAgreement.set(row.agreementId, [...(byAgreement.get(row.agreementId) ?? []), signature]);
    }
    for (const [agreementId, signatures] of byAgreement) await this.deps.repos.agreements.setSignatures(agreementId, signatures);
    for (const agreementId of byAgreement.keys()) {
      const agreement = (await this.deps.repos.agreements.get(agreementId))?.value;
      if (agreement) await this.afterSignatures(agreement, (byAgreement.get(agreementId) ?? []).some((s) => s.state === 'missing'));
    }
    return { agreements: byAgreement.size, signatures: rows.length };
  }
}
