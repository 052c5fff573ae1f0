import { z } from 'zod';
import { scopeOf } from '../waves/scope.ts';
import type { Config } from '../config.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import type { ChatCommand } from '../conversation/cardActions.ts';
import { cardAction, type CardActionSpec } from '../capability.ts';
import type { Conversation } from '../conversation/conversation.ts';
import { profileOf } from '../conversation/people.ts';
import { card, type ActionResult, type TurnInfo } from '../conversation/turn.ts';
import { formatDate } from '../domain/language.ts';
import { municipalityByCode, municipalityCodeSchema } from '../domain/municipality.ts';
import { SIGNATURE_STATE_LABELS, type Agreement, type Signature } from '../domain/agreement.ts';
import type { UserProfile } from '../domain/user.ts';
import { Conflict } from '../domain/errors.ts';
import { noticeCard } from '../cards/conversationCards.ts';
import { t } from '../cards/strings.ts';
import { AGREEMENT_VIEW_VERB, agreementCard } from './agreementCard.ts';
import { viewerOf } from './agreementRenderers.ts';
import { agreementNotificationId, type AgreementService } from './agreementService.ts';

const agreementIdSchema = z.string().min(1).max(60);
const signedAction = z.object({
  agreementId: agreementIdSchema,
  municipalityCode: municipalityCodeSchema.optional(),
  // Pressed in the "aftaler" list rather than on the agreement's card: the answer is that list again.
  list: z.literal('agreements').optional(),
  page: z.coerce.number().int().min(1).max(100).optional(),
});
const missingAction = z.object({ agreementId: agreementIdSchema });
const remindersAction = z.object({ agreementId: agreementIdSchema, reminders: z.enum(['on', 'off']) });

/** Folded phrases (see `foldText`): with and without Danish letters, singular and plural. */
export const STOP_PHRASES = ['stop paamindelser', 'stop pamindelser', 'stop paamindelse', 'stop pamindelse', 'stop reminders', 'stop reminder'];
export const START_PHRASES = ['start paamindelser', 'start pamindelser', 'start paamindelse', 'start pamindelse', 'start reminders', 'start reminder'];

const message = (text: string): ActionResult => ({ kind: 'message', text });
const GONE = { da: 'Aftalen findes ikke længere.', en: 'The agreement no longer exists.' };

/**
 * The agreement card's buttons ("Vi har underskrevet", "Vis manglende kommuner", reminders off and
 * on per agreement) and the chat commands "stop påmindelser" / "start påmindelser". Every refusal
 * says why and that nothing was changed.
 */
export function agreementActions(
  conversation: Conversation,
  deps: { repos: Repositories; config: Config; clock: Clock; service: AgreementService },
): { cardActions: CardActionSpec[]; commands: ChatCommand[] } {
  const { repos, clock, service } = deps;

  const personalCard = async (agreement: Agreement, profile: UserProfile, options: { note?: string; noteColor?: 'Good' | 'Attention' | 'Default'; showMissing?: boolean } = {}): Promise<ActionResult> => {
    const [signatures, solution, scope] = await Promise.all([repos.agreements.signatures(agreement.id), repos.solutions.get(agreement.solutionId), scopeOf(repos, agreement.concerns)]);
    return {
      kind: 'card',
      card: agreementCard({ agreement, solutionName: solution?.value.name ?? agreement.solutionId, signatures, scope, viewer: viewerOf(profile, agreement.id), lang: profile.language, clock, ...options }),
    };
  };

  const answered = (signature: Signature, name: string, lang: UserProfile['language']): string => {
    const date = signature.signedDate && signature.state !== 'declined' ? ` ${formatDate(signature.signedDate, lang)}` : '';
    return t(lang, `${name} er allerede registreret: ${SIGNATURE_STATE_LABELS[signature.state].da}${date}. Intet er ændret.`, `${name} is already recorded: ${SIGNATURE_STATE_LABELS[signature.state].en}${date}. Nothing was changed.`);
  };

  const signed = cardAction('agreementSigned', signedAction, async (turn, data) => {
    const { profile } = await profileOf(repos, deps.config, turn);
    const lang = profile.language;
    const agreement = (await repos.agreements.get(data.agreementId))?.value;
    if (!agreement) return message(t(lang, 'Aftalen findes ikke længere. Intet er ændret.', 'The agreement no longer exists. Nothing was changed.'));
    if (agreement.closed) return message(t(lang, 'KOMBIT har lukket aftalen, så der skal ikke meldes underskrift på den. Intet er ændret.', 'KOMBIT has closed the agreement, so no signature is needed. Nothing was changed.'));
    const code = profile.municipalityCode;
    if (!code) return message(t(lang, 'Vælg først din kommune: skriv "kommune <navn>" til mig. Intet er ændret.', 'Choose your municipality first: type "municipality <name>" to me. Nothing was changed.'));
    // The card carries no municipality; one in the payload that is not the clicker's own is forged or stale.
    if (data.municipalityCode !== undefined && data.municipalityCode !== code) {
      return message(t(lang, 'Du kan kun melde underskrift for din egen kommune. Intet er ændret.', 'You can only report a signature for your own municipality. Nothing was changed.'));
    }
    const name = municipalityByCode(code)?.name ?? code;
    const scope = await scopeOf(repos, agreement.concerns);
    if (!scope.codes.includes(code)) return message(t(lang, `Aftalen vedrører ikke ${name} (kun ${scope.label}). Intet er ændret.`, `The agreement does not concern ${name} (only ${scope.label}). Nothing was changed.`));
    const answer = (note: string, noteColor?: 'Default'): Promise<ActionResult> =>
      data.list
        ? conversation.agreementList(profile, { page: data.page, notice: `${agreement.title}: ${note}` }).then((listCard): ActionResult => ({ kind: 'card', card: listCard }))
        : personalCard(agreement, profile, { note, ...(noteColor ? { noteColor } : {}) });
    // Before the write: the shared card's update that the write brings must already know the clicker.
    await repos.notifications.addReporter(agreementNotificationId(agreement.id), { teamsUserId: turn.user.id, municipalityCode: code, at: clock.now().toISOString() });
    try {
      const result = await service.selfReport(agreement, code, profile.name ?? profile.userId);
      if (!result.changed) return answer(result.existing ? answered(result.existing, name, lang) : t(lang, 'Intet er ændret.', 'Nothing was changed.'), 'Default');
    } catch (error) {
      if (error instanceof Conflict && error.code === 'Closed') return message(t(lang, 'KOMBIT har lukket aftalen, så der skal ikke meldes underskrift på den. Intet er ændret.', 'KOMBIT has closed the agreement, so no signature is needed. Nothing was changed.'));
      throw error;
    }
    return answer(
      t(
        lang,
        `Tak! ${name} står nu som underskrevet. KOMBIT bekræfter, når underskriften er modtaget, og du får ikke flere påmindelser om aftalen.`,
        `Thanks! ${name} is now recorded as signed. KOMBIT confirms once the signature has arrived, and you will get no more reminders about the agreement.`,
      ),
    );
  });

  // Teams calls this by itself for the people listed in the shared card's refresh (those who reported on it).
  const view = cardAction(AGREEMENT_VIEW_VERB, missingAction, async (turn, data) => {
    const { profile } = await profileOf(repos, deps.config, turn);
    const agreement = (await repos.agreements.get(data.agreementId))?.value;
    if (!agreement) return message(t(profile.language, GONE.da, GONE.en));
    return personalCard(agreement, profile);
  }, GONE);

  const missing = cardAction('agreementMissing', missingAction, async (turn, data) => {
    const { profile } = await profileOf(repos, deps.config, turn);
    const lang = profile.language;
    const agreement = (await repos.agreements.get(data.agreementId))?.value;
    if (!agreement) return message(t(lang, GONE.da, GONE.en));
    if (!agreement.showMissingList) return message(t(lang, 'KOMBIT viser ikke listen over manglende kommuner for denne aftale.', 'KOMBIT does not show the list of missing municipalities for this agreement.'));
    return personalCard(agreement, profile, { showMissing: true });
  }, GONE);

  const reminders = cardAction('agreementReminders', remindersAction, async (turn, data) => {
    const { profile, etag } = await profileOf(repos, deps.config, turn);
    const lang = profile.language;
    const agreement = (await repos.agreements.get(data.agreementId))?.value;
    if (!agreement) return message(t(lang, 'Aftalen findes ikke længere. Intet er ændret.', 'The agreement no longer exists. Nothing was changed.'));
    const off = data.reminders === 'off';
    const set = new Set(profile.optedOutAgreements ?? []);
    if (off) set.add(agreement.id);
    else set.delete(agreement.id);
    const updated: UserProfile = { ...profile, optedOutAgreements: [...set] };
    await repos.users.save(updated, etag);
    const note = off
      ? t(lang, 'Du får ikke flere påmindelser om denne aftale. Du kan slå dem til igen med knappen herunder.', 'You will get no more reminders about this agreement. You can turn them back on with the button below.')
      : updated.remindersOptOut
        ? t(lang, 'Påmindelser om aftalen er slået til igen, men du har slået alle påmindelser fra. Skriv "start påmindelser" for at få dem.', 'Reminders about the agreement are back on, but you have stopped all reminders. Type "start reminders" to get them.')
        : t(lang, 'Du får igen påmindelser om denne aftale, indtil din kommune har underskrevet.', 'You will get reminders about this agreement again until your municipality has signed.');
    return personalCard(agreement, updated, { note, noteColor: off || !updated.remindersOptOut ? 'Good' : 'Attention' });
  });

  const setAllReminders = async (turn: TurnInfo, on: boolean) => {
    const { profile, etag } = await profileOf(repos, deps.config, turn);
    const lang = profile.language;
    const cleared = on ? (profile.optedOutAgreements ?? []).length : 0;
    const updated: UserProfile = { ...profile, remindersOptOut: !on, ...(on ? { optedOutAgreements: [] } : {}) };
    await repos.users.save(updated, etag);
    const lines = on
      ? [
          t(lang, 'Jeg minder dig om aftaler, din kommune mangler at underskrive: 14, 7 og 1 dag før fristen, på dagen og derefter hver mandag.', 'I will remind you of agreements your municipality has not signed: 14, 7 and 1 day before the deadline, on the day, and every Monday after that.'),
          ...(cleared ? [t(lang, `Det gælder også ${cleared === 1 ? 'den aftale' : `de ${cleared} aftaler`}, du havde slået fra.`, `That includes the ${cleared === 1 ? 'agreement' : `${cleared} agreements`} you had turned off.`)] : []),
          ...(profile.municipalityCode ? [] : [t(lang, 'Vælg din kommune med "kommune <navn>", så ved jeg, hvilke aftaler der gælder dig.', 'Choose your municipality with "municipality <name>" so I know which agreements concern you.')]),
        ]
      : [
          t(lang, 'Aftalekortene i kanalen og ugens overblik om mandagen kommer stadig.', 'The agreement cards in the channel and the Monday overview still come.'),
          t(lang, 'Skriv "start påmindelser", hvis du vil have dem igen.', 'Type "start reminders" to get them again.'),
        ];
    return [
      card(
        noticeCard({
          title: on ? t(lang, 'Du får igen påmindelser om aftaler', 'You will get agreement reminders again') : t(lang, 'Du får ikke flere påmindelser om aftaler', 'You will get no more agreement reminders'),
          lines,
          tone: 'good',
        }),
      ),
    ];
  };

  return {
    cardActions: [signed, view, missing, reminders],
    commands: [
      { phrases: STOP_PHRASES, personal: true, run: (turn) => setAllReminders(turn, false) },
      { phrases: START_PHRASES, personal: true, run: (turn) => setAllReminders(turn, true) },
    ],
  };
}
