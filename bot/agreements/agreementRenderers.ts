import type { Repositories } from '../storage/repositories.ts';
import { scopeOf } from '../waves/scope.ts';
import type { Renderer } from '../notifications/delivery.ts';
import type { FeedRenderer } from '../notifications/activityFeed.ts';
import type { Clock } from '../domain/time.ts';
import type { Language } from '../domain/language.ts';
import { formatDate, formatDaysLeft } from '../domain/language.ts';
import { addDays } from '../domain/time.ts';
import { municipalityByCode } from '../domain/municipality.ts';
import { wantsAgreementReminders, type UserProfile } from '../domain/user.ts';
import type { Signature } from '../domain/agreement.ts';
import { t } from '../cards/strings.ts';
import { TtlCache } from '../domain/ttlCache.ts';
import { agreementCard, type AgreementViewer } from './agreementCard.ts';
import { overviewCard, section } from '../cards/overviewCard.ts';
import { agreementsDue, type ReminderPayload } from './agreementReminders.ts';
import { agreementItem, daysBetween, LOOKAHEAD_DAYS } from '../weeklyDigest/weeklyDigest.ts';

/** How old the signature counts on a reminder card may be (real time, not the app clock). */
const PROGRESS_CACHE_MS = 3_000;

/** The viewer of a card sent to a target: shared in a channel, the person in their 1:1 chat. */
export function viewerOf(profile: UserProfile | undefined, agreementId: string): AgreementViewer {
  if (!profile) return { kind: 'shared' };
  return { kind: 'person', municipality: profile.municipalityCode ? municipalityByCode(profile.municipalityCode) : undefined, remindersOn: wantsAgreementReminders(profile, agreementId) };
}

/** The reminder line above the title: the deadline relative to the reminder's day. */
export function reminderIntro(payload: ReminderPayload, lang: Language): string {
  const days = daysBetween(payload.date, payload.deadline);
  const deadline = formatDate(payload.deadline, lang);
  return days >= 0
    ? t(lang, `Påmindelse: fristen for at underskrive er ${formatDaysLeft(days, lang)} (${deadline}).`, `Reminder: the deadline to sign is ${formatDaysLeft(days, lang)} (${deadline}).`)
    : t(lang, `Påmindelse: fristen for at underskrive var ${deadline} – ${formatDaysLeft(days, lang)}.`, `Reminder: the deadline to sign was ${deadline} – ${formatDaysLeft(days, lang)}.`);
}

/**
 * Registers the agreement notifications' renderers. Each reads the current state when it sends,
 * so a signature, a closed agreement or an opt-out between publishing and sending is respected.
 */
export function agreementRenderers(repos: Repositories, clock: Clock): Record<string, Renderer> {
  const solutionName = async (id: string) => (await repos.solutions.get(id))?.value.name ?? id;
  // A reminder round renders up to 98 cards of one agreement within seconds; the progress bar may
  // be a moment old, so the signature list is read once per agreement per few seconds. Whether
  // the person's own municipality has signed is always read fresh (that decides if it is sent).
  const progressCache = new TtlCache<Signature[]>({ ttlMs: PROGRESS_CACHE_MS });
  const signaturesFor = (agreementId: string): Promise<Signature[]> => progressCache.get(agreementId, () => repos.agreements.signatures(agreementId));

  // The card posted when the agreement is sent: shared in channels, the person's own view in a 1:1 chat.
  const agreement: Renderer = async ({ notification, profile }) => {
    const agreement = (await repos.agreements.get(notification.subjectId))?.value;
    if (!agreement) return undefined;
    const signatures = await repos.agreements.signatures(agreement.id);
    const lang = profile?.language ?? 'da';
    const reporters = profile ? [] : await repos.notifications.reporters(notification.id);
    const scope = await scopeOf(repos, agreement.concerns);
    return { kind: 'card', card: agreementCard({ agreement, solutionName: await solutionName(agreement.solutionId), signatures, viewer: viewerOf(profile, agreement.id), lang, clock, reporters, scope }) };
  };

  // The 1:1 reminder: nothing when the municipality has answered, the person opted out, or the agreement changed.
  const agreementReminder: Renderer = async ({ notification, profile }) => {
    const payload = notification.payload as unknown as ReminderPayload;
    const agreement = (await repos.agreements.get(payload.agreementId))?.value;
    if (!agreement || agreement.closed || agreement.deadline !== payload.deadline) return undefined;
    if (!profile?.municipalityCode || profile.role !== 'programleder' || !wantsAgreementReminders(profile, agreement.id)) return undefined;
    const own = await repos.agreements.signature(agreement.id, profile.municipalityCode);
    if (own && own.value.state !== 'missing') return undefined;
    const code = profile.municipalityCode;
    const scope = await scopeOf(repos, agreement.concerns);
    // An agreement for a named set or a wave is nothing to remind a municipality outside it of.
    if (!scope.codes.includes(code)) return undefined;
    const signatures = (await signaturesFor(agreement.id)).filter((s) => s.municipalityCode !== code);
    const lang = profile.language;
    const overdue = payload.slot === 'overdue';
    return {
      kind: 'card',
      card: agreementCard({
        agreement,
        solutionName: await solutionName(agreement.solutionId),
        signatures,
        scope,
        viewer: viewerOf(profile, agreement.id),
        lang,
        clock,
        intro: reminderIntro(payload, lang),
        introColor: overdue || payload.slot === '0' ? 'Attention' : 'Warning',
        note: t(
          lang,
          'Har I underskrevet, så tryk "Vi har underskrevet". Vil du ikke mindes om aftalen, kan du slå det fra herunder – eller skrive "stop påmindelser" for alle aftaler.',
          'If you have signed, press "We have signed". To stop reminders about this agreement, use the button below – or type "stop reminders" for all agreements.',
        ),
        noteColor: 'Default',
      }),
    };
  };

  // The channel summary of a reminder day: every open agreement due within 14 days, with how many are missing.
  const agreementSummary: Renderer = async ({ notification }) => {
    const date = String(notification.payload.date);
    const due = await agreementsDue(repos, date, addDays(date, LOOKAHEAD_DAYS));
    if (due.length === 0) return undefined;
    const names = new Map((await repos.solutions.list()).map((s) => [s.id, s.name]));
    const lang: Language = 'da';
    const n = due.length;
    return {
      kind: 'card',
      card: overviewCard({
        heading: t(lang, 'Påmindelse om aftaler', 'Agreement reminder'),
        title: t(lang, `${n} ${n === 1 ? 'aftale har' : 'aftaler har'} frist inden for 14 dage`, `${n} ${n === 1 ? 'agreement is' : 'agreements are'} due within 14 days`),
        sections: [section(t(lang, 'Mangler underskrift', 'Awaiting signature'), 'Warning', due.map((x) => agreementItem(x, date, names, lang)), lang, { da: 'aftaler', en: 'agreements' }, 10)],
        footer: t(
          lang,
          'Programlederne i de kommuner, der mangler, har fået en påmindelse i deres 1:1-chat med mig. Har jeres kommune underskrevet, så tryk "Vi har underskrevet" på aftalens kort.',
          'Program leaders of the municipalities that are missing have had a reminder in their 1:1 chat with me. If your municipality has signed, press "We have signed" on the agreement\'s card.',
        ),
      }),
    };
  };

  return { agreement, agreementReminder, agreementSummary };
}

/** An agreement reminder in the person's Teams activity feed: the agreement and how long is left to sign. */
export function agreementReminderFeed(repos: Repositories): FeedRenderer {
  return async ({ notification, profile }) => {
    const payload = notification.payload as unknown as ReminderPayload;
    const agreement = (await repos.agreements.get(payload.agreementId))?.value;
    if (!agreement || !profile) return undefined;
    return { activityType: 'reminder', previewText: reminderIntro(payload, profile.language), templateParameters: { title: agreement.title } };
  };
}
