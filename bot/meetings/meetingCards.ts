import type { AdaptiveCard } from '../conversation/turn.ts';
import type { Config } from '../config.ts';
import type { Meeting } from '../domain/meeting.ts';
import { formatLongDate } from '../domain/format.ts';
import type { Language } from '../domain/language.ts';
import { CardTemplate, renderCard } from '../cards/render.ts';
import { t } from '../cards/strings.ts';

const MEETING_CARD_TEMPLATE = new CardTemplate(new URL('./meetingAgendaCard.json', import.meta.url));

/**
 * Mødevisning: in Teams a deep link to the app's tab opened on the meeting view (its
 * `subEntityId`), locally the tab's page.
 */
export function meetingViewUrl(config: Config): string {
  if (config.devMode) return `${config.tabEndpoint}/tab/index.html?view=meeting`;
  const context = encodeURIComponent(JSON.stringify({ subEntityId: 'meeting' }));
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(config.teamsAppId)}/portfolio?context=${context}`;
}

function agendaRows(meeting: Meeting) {
  return meeting.agenda.map((item) => ({ time: item.time ?? '', title: item.title, presenter: item.presenter }));
}

/** The card action verb of "Stil et spørgsmål" and "Foreslå en idé". */
export const MEETING_QUESTION_VERB = 'meetingQuestion';

/** The field and the two buttons for a question about the meeting or an idea for a coming one. */
const askFields = (lang: Language) => ({
  label: t(lang, 'Spørgsmål til mødet eller idé til et kommende møde', 'A question about the meeting or an idea for a coming one'),
  placeholder: t(lang, 'Skriv dit spørgsmål eller din idé her', 'Write your question or idea here'),
  question: t(lang, 'Stil et spørgsmål', 'Ask a question'),
  idea: t(lang, 'Foreslå en idé', 'Suggest an idea'),
});

const whenOf = (meeting: Meeting, lang: Language) => `${formatLongDate(meeting.date, lang)}, ${meeting.startTime}–${meeting.endTime}`;

/** Today's agenda, posted in the meeting chat when the meeting starts, with the way to Mødevisning. */
export function meetingAgendaCard(meeting: Meeting, config: Config, lang: Language = 'da'): AdaptiveCard {
  return renderCard(MEETING_CARD_TEMPLATE, {
    heading: t(lang, 'Mødet er begyndt', 'The meeting has started'),
    title: meeting.title,
    when: whenOf(meeting, lang),
    note: '',
    agendaHeading: t(lang, 'Dagsorden', 'Agenda'),
    noAgenda: t(lang, 'Dagsordenen er ikke lagt ind endnu.', 'The agenda has not been added yet.'),
    agenda: agendaRows(meeting),
    footer: t(lang, 'Har du et spørgsmål til dagens møde eller en idé til et kommende? Skriv det herunder, eller skriv "spørgsmål …" eller "idé …" til mig. Svaret får du i din chat med mig.', 'A question about today\'s meeting or an idea for a coming one? Write it below, or write "question …" or "idea …" to me. You get the answer in your chat with me.'),
    meetingId: meeting.id,
    ask: askFields(lang),
    actions: [{ title: t(lang, 'Åbn Mødevisning', 'Open the meeting view'), url: meetingViewUrl(config) }],
  });
}

/**
 * The follow-up every program leader gets after the meeting: the recording, the slides and the
 * agenda; `absent` adds the line for a municipality that was not there.
 */
export function meetingFollowUpCard(meeting: Meeting, lang: Language, absent: boolean): AdaptiveCard {
  const actions = [
    ...(meeting.recordingUrl ? [{ title: t(lang, 'Se optagelsen', 'Watch the recording'), url: meeting.recordingUrl }] : []),
    ...(meeting.presentationUrl ? [{ title: t(lang, 'Se præsentationen', 'See the slides'), url: meeting.presentationUrl }] : []),
  ];
  return renderCard(MEETING_CARD_TEMPLATE, {
    heading: t(lang, 'Opfølgning på programledermødet', 'Follow-up on the program leader meeting'),
    title: meeting.title,
    when: whenOf(meeting, lang),
    note: absent ? t(lang, 'I var ikke med – her er optagelsen.', 'You were not there – here is the recording.') : '',
    agendaHeading: t(lang, 'Dagsorden', 'Agenda'),
    noAgenda: t(lang, 'Mødet havde ingen dagsorden i appen.', 'The meeting had no agenda in the app.'),
    agenda: agendaRows(meeting),
    footer: t(lang, 'Send gerne spørgsmål og kommentarer samt idéer til kommende møders indhold: skriv dem herunder, eller skriv "spørgsmål …" eller "idé …" til mig.', 'Questions, comments and ideas for coming meetings are welcome: write them below, or write "question …" or "idea …" to me.'),
    meetingId: meeting.id,
    ask: askFields(lang),
    actions,
  });
}
