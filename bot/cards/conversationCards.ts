import type { AdaptiveCard } from '../conversation/turn.ts';
import type { Language } from '../domain/language.ts';
import { MUNICIPALITIES, officialName, type Municipality } from '../domain/municipality.ts';
import { CardTemplate, renderCard } from './render.ts';
import { COMMAND_HELP, t } from './strings.ts';

const TEMPLATES = {
  help: new CardTemplate(new URL('./help.json', import.meta.url)),
  welcomeChannel: new CardTemplate(new URL('./welcomeChannel.json', import.meta.url)),
  chooseMunicipality: new CardTemplate(new URL('./chooseMunicipality.json', import.meta.url)),
  notice: new CardTemplate(new URL('./notice.json', import.meta.url)),
  itemList: new CardTemplate(new URL('./itemList.json', import.meta.url)),
};

/** The built-in commands that make sense in a channel: shared pictures, not one person's settings. */
const CHANNEL_COMMANDS = new Set<string>(['tasks', 'deadlines', 'agreements', 'portfolio', 'municipality', 'help']);

const MUNICIPALITY_STATUS = { da: 'Vis status for én kommune, fx "kommune Hedensted"', en: 'Show the status of one municipality, e.g. "municipality Hedensted"' };

/** The built-in commands with what they do; for staff and in a channel "kommune" shows a municipality instead of choosing one's own. */
function commandFacts(lang: Language, statusView = false) {
  return COMMAND_HELP[lang].map(([name, command, description]) => ({ command, description: statusView && name === 'municipality' ? MUNICIPALITY_STATUS[lang] : description }));
}

/** Commands other capabilities add (reminders, questions and ideas for everyone; the evaluation for KOMBIT staff), shown in "hjælp". */
function extraCommandFacts(lang: Language, staff: boolean): { command: string; description: string; staffOnly?: boolean }[] {
  const everyone = [
    { command: t(lang, 'stop påmindelser', 'stop reminders'), description: t(lang, 'Ingen påmindelser om aftaler og intet mandagsoverblik over din kommune i 1:1-chat', 'No agreement reminders and no Monday overview of your municipality in 1:1 chat') },
    { command: t(lang, 'start påmindelser', 'start reminders'), description: t(lang, 'Påmindelser om aftaler igen', 'Agreement reminders again') },
    { command: t(lang, 'spørgsmål [tekst]', 'question [text]'), description: t(lang, 'Send KOMBIT et spørgsmål til dagens programledermøde; svaret kommer her', "Send KOMBIT a question about today's program-leader meeting; the answer comes here") },
    { command: t(lang, 'idé [tekst]', 'idea [text]'), description: t(lang, 'Foreslå et emne til et kommende møde', 'Suggest a topic for a coming meeting') },
  ];
  const forStaff = [
    { command: t(lang, 'evaluering start [dato] [15 min] [løbende] [igen]', 'evaluation start [date] [15 min] [live] [again]'), description: t(lang, 'Start evalueringen af dagens (eller det nævnte) møde i kanalen og mødechatten (KOMBIT)', "Start the evaluation of today's (or the named) meeting in the channel and meeting chat (KOMBIT)") },
    { command: t(lang, 'evaluering luk [dato]', 'evaluation close [date]'), description: t(lang, 'Luk den evaluering, du startede (eller det nævnte mødes) (KOMBIT)', 'Close the evaluation you started (or the named meeting\'s) (KOMBIT)') },
    { command: t(lang, 'tilmeldte [arrangement]', 'signups [event]'), description: t(lang, 'Hvem der har tilmeldt sig et arrangement, pr. kommune, og hvem der står på venteliste (KOMBIT)', 'Who signed up for an event, per municipality, and who is on the waiting list (KOMBIT)') },
  ];
  return staff ? [...everyone, ...forStaff.map((f) => ({ ...f, staffOnly: true }))] : everyone;
}

/** The answer to "hjælp": every command the person may use, with what it does (staff also see theirs). */
export function helpCard(lang: Language, tabUrl: string, options: { staff?: boolean; channel?: boolean } = {}): AdaptiveCard {
  const staff = options.staff ?? false;
  // In a channel: the commands that answer for everybody there; personal settings belong in the 1:1 chat.
  const commands = options.channel
    ? [...commandFacts(lang, true).filter((_, i) => CHANNEL_COMMANDS.has(COMMAND_HELP[lang][i]![0])), ...extraCommandFacts(lang, staff).filter((f) => f.staffOnly)]
    : [...commandFacts(lang, staff).slice(0, -1), ...extraCommandFacts(lang, staff), ...commandFacts(lang, staff).slice(-1)];
  return renderCard(TEMPLATES.help, {
    title: t(lang, 'Det kan jeg hjælpe med', 'What I can do'),
    intro: options.channel
      ? t(lang, 'Her i kanalen svarer jeg for alle kommuner. Skriv @KOMBIT Programledere og en kommando:', 'In this channel I answer for all municipalities. Mention me (@KOMBIT Programledere) with a command:')
      : t(
          lang,
          'Jeg holder KOMBIT-programledere opdateret om KLIK-opgaver, aftaler der skal underskrives, og evaluering af programledermøderne. Skriv en kommando:',
          'I keep KOMBIT program leaders up to date on KLIK tasks, agreements to sign and the evaluation of program-leader meetings. Type a command:',
        ),
    commands: commands.map(({ command, description }) => ({ command, description })),
    footer: options.channel
      ? t(
          lang,
          'Personlige indstillinger (din egen kommune, "sprog", "følg", "stop påmindelser") klarer du i en 1:1-chat med mig.',
          'Personal settings (your own municipality, "language", "follow", "stop reminders"): chat with me 1:1.',
        )
      : t(
          lang,
          'I en kanal: skriv @KOMBIT Programledere foran kommandoen. Spørgsmål og idéer til programledermøderne: programleder@kombit.dk.',
          'In a channel: put @KOMBIT Programledere before the command. Questions and ideas for the program-leader meetings: programleder@kombit.dk.',
        ),
    openTab: t(lang, 'Åbn porteføljen', 'Open the portfolio'),
    tabUrl,
  });
}

/** Posted in the channel when the app is added to a team. */
export function welcomeChannelCard(lang: Language, tabUrl: string): AdaptiveCard {
  return renderCard(TEMPLATES.welcomeChannel, {
    title: t(lang, 'Velkommen til KOMBIT Programledere', 'Welcome to KOMBIT Programledere'),
    intro: t(
      lang,
      'Her i kanalen får I besked om nye KLIK-opgaver, frister for aftaler der skal underskrives, og evalueringen efter hvert programledermøde. I kan svare direkte i kortene.',
      'In this channel you will hear about new KLIK tasks, deadlines for agreements to sign, and the evaluation after each program-leader meeting. You can answer right in the cards.',
    ),
    howTo: t(lang, 'Skriv @KOMBIT Programledere og en kommando:', 'Mention me (@KOMBIT Programledere) with a command:'),
    commands: commandFacts(lang).slice(0, 4),
    openTab: t(lang, 'Åbn porteføljen', 'Open the portfolio'),
    tabUrl,
  });
}

/** Asks a person for their municipality: a searchable choice of the 98, with a proposal from their e-mail domain. */
export function chooseMunicipalityCard(lang: Language, options: { proposal?: Municipality; current?: Municipality; welcome: boolean }): AdaptiveCard {
  const { proposal, current, welcome } = options;
  return renderCard(TEMPLATES.chooseMunicipality, {
    title: welcome
      ? current
        ? t(lang, `Velkommen! Du er programleder for ${officialName(current)}`, `Welcome! You are program leader for ${officialName(current)}`)
        : t(lang, 'Velkommen! Hvilken kommune er du programleder for?', 'Welcome! Which municipality are you program leader for?')
      : t(lang, 'Vælg din kommune', 'Choose your municipality'),
    intro: welcome && current
      ? t(
          lang,
          'Jeg viser jeres status på KLIK-opgaver og minder dig om aftaler, I mangler at underskrive. Er det ikke din kommune, så vælg den rigtige herunder.',
          'I show its status on KLIK tasks and remind you of agreements it has not signed. If it is not your municipality, choose the right one below.',
        )
      : welcome
      ? t(
          lang,
          'Når jeg kender din kommune, kan jeg vise jeres status på KLIK-opgaver og minde dig om aftaler, I mangler at underskrive.',
          'Once I know your municipality, I can show its status on KLIK tasks and remind you of agreements it has not signed.',
        )
      : current
        ? t(lang, `Din kommune er nu ${current.name}. Vælg en anden herunder.`, `Your municipality is ${current.name}. Choose another below.`)
        : t(lang, 'Vælg din kommune herunder.', 'Choose your municipality below.'),
    proposal: proposal ? t(lang, `Din e-mail tyder på ${officialName(proposal)}. Er det rigtigt? Så tryk Gem.`, `Your e-mail suggests ${proposal.name}. If that is right, press Save.`) : '',
    label: t(lang, 'Kommune', 'Municipality'),
    placeholder: t(lang, 'Søg efter kommune', 'Search for a municipality'),
    required: t(lang, 'Vælg en kommune', 'Choose a municipality'),
    selected: proposal?.code ?? current?.code ?? '',
    choices: MUNICIPALITIES.map((m) => ({ title: m.name, value: m.code })),
    hint: t(lang, 'Du kan også skrive fx "kommune Lyngby-Taarbæk", og ændre det senere.', 'You can also type e.g. "municipality Aarhus", and change it later.'),
    save: t(lang, 'Gem', 'Save'),
  });
}

/** A choice offered in a notice card, answered by Action.Execute. */
export interface NoticeChoice {
  readonly title: string;
  readonly verb: string;
  readonly data: Record<string, unknown>;
}

/** A short message as a card: a confirmation, a question with choices, or an error. */
export function noticeCard(options: { title: string; lines?: string[]; choices?: NoticeChoice[]; tone?: 'default' | 'good' | 'attention' }): AdaptiveCard {
  const colors = { default: 'Default', good: 'Good', attention: 'Attention' } as const;
  return renderCard(TEMPLATES.notice, {
    title: options.title,
    titleColor: colors[options.tone ?? 'default'],
    lines: options.lines ?? [],
    choices: (options.choices ?? []).map((c) => ({ title: c.title, verb: c.verb, data: { ...c.data, verb: c.verb } })),
  });
}

/** One row in a list card. */
export interface ListItem {
  readonly heading: string;
  readonly detail: string;
  readonly badge: string;
  readonly badgeColor: 'Default' | 'Accent' | 'Good' | 'Warning' | 'Attention';
  readonly note?: string;
  readonly noteColor?: 'Default' | 'Good' | 'Warning' | 'Attention';
  /** A button under the item for the person's own municipality (today: "Vi har underskrevet" on an agreement). */
  readonly action?: { readonly title: string; readonly verb: string; readonly agreementId: string };
}

export const PAGE_SIZE = 8;

/** A paged list (tasks, deadlines, agreements) with "Vis flere" when there is more. */
export function itemListCard(options: {
  lang: Language;
  list: string;
  title: string;
  subtitle?: string;
  empty: string;
  items: readonly ListItem[];
  page?: number;
  filter?: string;
  footer?: string;
  /** A confirmation shown above the list, e.g. after a button in it was pressed. */
  notice?: string;
  tabUrl?: string;
}): AdaptiveCard {
  const page = Math.max(1, options.page ?? 1);
  const start = (page - 1) * PAGE_SIZE;
  const shown = options.items.slice(start, start + PAGE_SIZE);
  const hasMore = options.items.length > start + PAGE_SIZE;
  const { lang } = options;
  const range = options.items.length > PAGE_SIZE ? t(lang, ` (viser ${start + 1}-${start + shown.length} af ${options.items.length})`, ` (showing ${start + 1}-${start + shown.length} of ${options.items.length})`) : '';
  return renderCard(TEMPLATES.itemList, {
    title: options.title,
    subtitle: (options.subtitle ?? '') + range,
    empty: options.empty,
    notice: options.notice ?? '',
    page,
    items: shown.map((i) => ({ ...i, note: i.note ?? '', noteColor: i.noteColor ?? 'Default', action: i.action ?? { title: '', verb: '', agreementId: '' } })),
    footer: options.footer ?? '',
    hasMore,
    showMore: t(lang, 'Vis flere', 'Show more'),
    list: options.list,
    nextPage: page + 1,
    filter: options.filter ?? '',
    openTab: t(lang, 'Åbn i fanen', 'Open in the tab'),
    tabUrl: options.tabUrl ?? '',
  });
}
