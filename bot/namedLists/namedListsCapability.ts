import type { Capability, House } from '../capability.ts';
import type { ChatCommand } from '../conversation/cardActions.ts';
import type { Reply } from '../conversation/turn.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Config } from '../config.ts';
import { profileOf } from '../conversation/people.ts';
import { foldText } from '../domain/text.ts';
import { formatDate, type Language } from '../domain/language.ts';
import { todayIn, type Clock } from '../domain/time.ts';
import { TASK_STATUS_LABELS, taskProgress, type TaskStatus } from '../domain/klikTask.ts';
import { isSent } from '../domain/agreement.ts';
import { municipalityNames } from '../domain/wave.ts';
import { attendanceSummary } from '../meetings/attendance.ts';
import { scopeOf } from '../waves/scope.ts';
import { t } from '../cards/strings.ts';

const text = (value: string): Reply => ({ kind: 'text', text: value });
const MAX_CHOICES = 5;

/** The item the rest of the line names: every word of it in the title; none, one or several. */
function pick<T extends { title: string }>(items: readonly T[], args: string): T[] {
  const words = foldText(args).split(' ').filter(Boolean);
  if (!words.length) return [];
  return items.filter((item) => {
    const title = foldText(item.title);
    return words.every((w) => title.includes(w));
  });
}

/** "Aarhus, Odense og Vejle": the names as a consultant pastes them into a mail. */
function joined(names: readonly string[], lang: Language): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${t(lang, 'og', 'and')} ${names.at(-1)}`;
}

/** What to answer when the line names no item or several: the candidates and how to ask. */
function choose(titles: readonly string[], none: boolean, example: string, lang: Language): Reply {
  const list = titles.slice(0, MAX_CHOICES).map((title) => `- ${title}`).join('\n');
  const head = none ? t(lang, 'Hvilken mener du? Skriv en del af titlen', 'Which one do you mean? Type part of the title') : t(lang, 'Flere passer. Skriv mere af titlen', 'Several match. Type more of the title');
  return text(`${head}, ${t(lang, 'fx', 'e.g.')} «${example}».${list ? `\n\n${list}` : ''}`);
}

interface Deps {
  readonly repos: Repositories;
  readonly config: Config;
  readonly clock: Clock;
}

/** "hvem er ikke påbegyndt …", "hvem er påbegyndt …", "hvem har fuldført …": one KLIK task's municipalities with that status, by name. */
function taskList(deps: Deps, status: TaskStatus, phrases: string[], example: string): ChatCommand {
  return {
    phrases,
    async run(turn, args) {
      const { profile } = await profileOf(deps.repos, deps.config, turn);
      const lang = profile.language;
      const tasks = await deps.repos.klikTasks.list();
      const found = pick(tasks, args);
      if (found.length !== 1) {
        const today = todayIn(deps.clock);
        const shown = found.length ? found : tasks.filter((x) => x.deadline >= today).sort((a, b) => a.deadline.localeCompare(b.deadline));
        return [choose(shown.map((x) => x.title), found.length === 0, example, lang)];
      }
      const task = found[0]!;
      const [statuses, scope] = await Promise.all([deps.repos.klikTasks.sharedStatuses(task.id), scopeOf(deps.repos, task.concerns)]);
      const byCode = new Map(statuses.map((s) => [s.municipalityCode, s.status]));
      const codes = scope.codes.filter((c) => (byCode.get(c) ?? 'notStarted') === status);
      const p = taskProgress(statuses, scope.codes);
      const label = TASK_STATUS_LABELS[status][lang];
      const of = t(lang, `${codes.length} af ${p.total} kommuner${scope.all ? '' : ` (${scope.label})`}`, `${codes.length} of ${p.total} municipalities${scope.all ? '' : ` (${scope.label})`}`);
      if (!codes.length) return [text(t(lang, `${label}: ingen af ${p.total} kommuner på «${task.title}».`, `${label}: none of ${p.total} municipalities on "${task.title}".`))];
      return [text(`${label} – «${task.title}» (${t(lang, 'frist', 'deadline')} ${formatDate(task.deadline, lang)}): ${of}\n\n${joined(municipalityNames(codes), lang)}`)];
    },
  };
}

/** "hvem mangler at underskrive …": one agreement's unanswered municipalities, for staff, and for everyone where KOMBIT shows the list. */
function unsignedList(deps: Deps): ChatCommand {
  return {
    phrases: ['hvem mangler at underskrive', 'hvem har ikke underskrevet', 'who has not signed'],
    async run(turn, args) {
      const { profile } = await profileOf(deps.repos, deps.config, turn);
      const lang = profile.language;
      const today = todayIn(deps.clock);
      const open = (await deps.repos.agreements.list()).filter((a) => !a.closed && isSent(a, today));
      const found = pick(open, args);
      if (found.length !== 1) return [choose((found.length ? found : open).map((a) => a.title), found.length === 0, t(lang, 'hvem mangler at underskrive Gateway', 'who has not signed Gateway'), lang)];
      const agreement = found[0]!;
      const [signatures, scope] = await Promise.all([deps.repos.agreements.sharedSignatures(agreement.id), scopeOf(deps.repos, agreement.concerns)]);
      const answered = new Set(signatures.filter((s) => s.state !== 'missing').map((s) => s.municipalityCode));
      const missing = scope.codes.filter((c) => !answered.has(c));
      const of = t(lang, `${missing.length} af ${scope.codes.length} kommuner mangler at underskrive «${agreement.title}»`, `${missing.length} of ${scope.codes.length} municipalities have not signed "${agreement.title}"`);
      // Who is missing is KOMBIT's to share: program leaders see the names only where KOMBIT has chosen to show the list.
      if (profile.role !== 'kombit' && !agreement.showMissingList) return [text(`${of}. ${t(lang, 'KOMBIT viser ikke listen over kommunerne for denne aftale.', 'KOMBIT does not show the list of municipalities for this agreement.')}`)];
      if (!missing.length) return [text(t(lang, `Alle ${scope.codes.length} kommuner har svaret på «${agreement.title}».`, `All ${scope.codes.length} municipalities have answered "${agreement.title}".`))];
      return [text(`${of}:\n\n${joined(municipalityNames(missing), lang)}`)];
    },
  };
}

/** "hvem deltog …": the municipalities at a program-leader meeting (the latest one held, without a title). */
function attendedList(deps: Deps): ChatCommand {
  return {
    phrases: ['hvem deltog', 'hvem var med', 'who attended'],
    async run(turn, args) {
      const { profile } = await profileOf(deps.repos, deps.config, turn);
      const lang = profile.language;
      const today = todayIn(deps.clock);
      const held = (await deps.repos.meetings.list()).filter((m) => m.date <= today);
      const found = args.trim() ? pick(held, args) : held.slice(-1);
      if (found.length !== 1) return [choose([...(found.length ? found : held)].reverse().map((m) => m.title), found.length === 0, t(lang, 'hvem deltog marts', 'who attended March'), lang)];
      const meeting = found[0]!;
      const summary = attendanceSummary(meeting.id, await deps.repos.teamsMeetings.attendeesOf(meeting.id));
      if (!summary.municipalityCount) return [text(t(lang, `Jeg kender ikke deltagerne i «${meeting.title}» ${formatDate(meeting.date, lang)}: Teams har ikke meldt nogen.`, `I do not know who attended "${meeting.title}" ${formatDate(meeting.date, lang)}: Teams reported nobody.`))];
      const names = summary.municipalities.map((m) => m.name);
      const absent = summary.absent.map((m) => m.name);
      return [
        text(
          `${t(lang, `Deltog i «${meeting.title}» ${formatDate(meeting.date, lang)}: ${summary.headline}`, `Attended "${meeting.title}" ${formatDate(meeting.date, lang)}: ${summary.headline}`)}\n\n${joined(names, lang)}` +
            (absent.length ? `\n\n${t(lang, `Ikke med (${absent.length})`, `Not there (${absent.length})`)}: ${joined(absent, lang)}` : ''),
        ),
      ];
    },
  };
}

/**
 * Named lists in chat, as the decks name them: who has completed, started or not started a KLIK
 * task, who has not signed an agreement, which municipalities attended a meeting; each as names a
 * consultant can paste into a mail.
 */
export function namedListsCapability(house: House): Capability {
  const deps: Deps = { repos: house.repos, config: house.config, clock: house.clock };
  return {
    name: 'namedLists',
    commands: [
      taskList(deps, 'notStarted', ['hvem er ikke paabegyndt', 'hvem har ikke paabegyndt', 'who has not started'], 'hvem er ikke påbegyndt OCES3'),
      taskList(deps, 'started', ['hvem er paabegyndt', 'hvem har paabegyndt', 'hvem er i gang', 'who has started'], 'hvem er påbegyndt OCES3'),
      taskList(deps, 'done', ['hvem har fuldfoert', 'hvem er fuldfoert', 'hvem er faerdige', 'who is done'], 'hvem har fuldført OCES3'),
      unsignedList(deps),
      attendedList(deps),
    ],
  };
}
