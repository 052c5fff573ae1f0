import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { Button, FluentProvider, Text, makeStyles, mergeClasses, teamsDarkTheme, teamsHighContrastTheme, tokens, teamsLightTheme, type Theme } from '@fluentui/react-components';
import { useI18n } from '../i18n.tsx';
import { useApi } from '../data.tsx';
import { LoadState, TaskTypeBadge } from '../components/common.tsx';
import { formatClock, formatDate, formatLongDate, formatNumber } from '../format.ts';
import { formatDaysLeft } from '../../../bot/domain/text.ts';
import type { AttendanceSummary, MeetingViewData } from '../types.ts';
import type { StageShare, ThemeName } from '../teams.ts';
import { TaskProgressBar } from './KlikTasksView.tsx';
import { SignatureBar, isOverdue } from './AgreementsView.tsx';
import { responseText } from './EvaluationResultView.tsx';

/** How often Mødevisning asks for news; a change shows within this plus one request. */
export const MEETING_POLL_MS = 4000;
/**
 * On the meeting stage or a shared screen: a program leader's answer must show within 5 s, and the
 * server shares one reading for a second among all viewers (bot/api/tab.ts), so 2 s + 1 s + a request.
 */
export const STAGE_POLL_MS = 2000;

/**
 * Presentation themes: the strongest contrast each base allows (black on white, white on black,
 * or Teams' high-contrast palette), so the shared screen reads from the back of the room.
 */
const PRESENTATION: Record<ThemeName, Theme> = {
  default: { ...teamsLightTheme, colorNeutralForeground1: '#000000', colorNeutralForeground2: '#1a1a1a', colorNeutralBackground1: '#ffffff', colorNeutralStroke1: '#000000' },
  dark: { ...teamsDarkTheme, colorNeutralForeground1: '#ffffff', colorNeutralForeground2: '#f0f0f0', colorNeutralBackground1: '#000000', colorNeutralStroke1: '#ffffff' },
  contrast: teamsHighContrastTheme,
};

const useStyles = makeStyles({
  stage: {
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    padding: '1em 1.4em',
    fontSize: '22px',
    lineHeight: 1.3,
    minHeight: '80vh',
    boxSizing: 'border-box',
    // Fluent's badges and bar legends have fixed small sizes; on the shared screen they read like the rest.
    '& .fui-Badge': { fontSize: '1em', height: 'auto', minHeight: '1.3em', padding: '0 0.35em', verticalAlign: 'text-bottom' },
    '& [data-legend]': { fontSize: '1em' },
  },
  // Presentation mode: one screen like a slide. Sizes follow the screen (about 20.5 px at 1920×1080,
  // never under 16 px), everything is laid out inside the viewport, and lists show what fits.
  presenting: {
    fontSize: 'clamp(16px, min(1.9vh, 1.07vw), 40px)',
    height: '100vh',
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    overflow: 'hidden',
  },
  top: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: '1em', borderBottom: `3px solid ${tokens.colorNeutralStroke1}`, paddingBottom: '0.3em', marginBottom: '0.6em', flex: 'none' },
  title: { fontSize: '1.9em', fontWeight: tokens.fontWeightBold, lineHeight: 1.15, margin: 0 },
  when: { fontSize: '1.25em', fontWeight: tokens.fontWeightSemibold },
  updated: { marginLeft: 'auto', fontSize: '1em', color: tokens.colorNeutralForeground2 },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(460px, 100%), 1fr))', gap: '1em' },
  gridPresenting: {
    flex: '1 1 0',
    minHeight: 0,
    '@media (min-width: 900px)': { gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gridTemplateRows: 'minmax(0, 1fr)' },
  },
  column: { display: 'flex', flexDirection: 'column', rowGap: '1em', minHeight: 0, minWidth: 0 },
  panel: { border: `2px solid ${tokens.colorNeutralStroke1}`, borderRadius: '8px', padding: '0.6em 0.9em', display: 'flex', flexDirection: 'column', minHeight: 0 },
  grow: { flex: '1 1 auto' },
  h: { fontSize: '1.3em', fontWeight: tokens.fontWeightBold, margin: '0 0 0.4em', lineHeight: 1.2 },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  fitList: { flex: '1 1 0', minHeight: 0, overflow: 'hidden' },
  item: { padding: '0.3em 0', borderBottom: `1px solid ${tokens.colorNeutralStroke1}` },
  agendaItem: { display: 'grid', gridTemplateColumns: '3.4em 1fr', columnGap: '0.5em' },
  time: { fontWeight: tokens.fontWeightBold, fontVariantNumeric: 'tabular-nums' },
  sub: { display: 'block', fontSize: '1em', color: tokens.colorNeutralForeground2 },
  strong: { fontWeight: tokens.fontWeightBold },
  overdue: { fontWeight: tokens.fontWeightBold, textDecorationLine: 'underline' },
  more: { flex: 'none', margin: '0.3em 0 0', fontWeight: tokens.fontWeightSemibold },
  note: { margin: 0, padding: '0.3em 0' },
  count: { fontSize: '2em', fontWeight: tokens.fontWeightBold, lineHeight: 1.1 },
  avgRow: { display: 'grid', gridTemplateColumns: '1fr 3.5em', alignItems: 'center', columnGap: '0.5em', padding: '0.2em 0' },
  avg: { fontSize: '1.45em', fontWeight: tokens.fontWeightBold, textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  track: { height: '0.6em', border: `2px solid ${tokens.colorNeutralStroke1}`, borderRadius: '4px', marginTop: '4px' },
  fill: { height: '100%', backgroundColor: tokens.colorNeutralForeground1 },
  error: { fontSize: '1em', fontWeight: tokens.fontWeightSemibold },
  // Out of sight until focused, so a keyboard can leave presentation mode without the room seeing a button.
  exit: { position: 'absolute', left: '-10000px', fontSize: '1em', ':focus': { position: 'static' } },
});

/** Mødevisning: the meeting's agenda, critical KLIK tasks, agreements due and live evaluation results, refreshing by itself. */
export default function MeetingView({ theme, presenting = false, onPresent, onShareToStage }: { theme: ThemeName; presenting?: boolean; onPresent?: (on: boolean) => void; onShareToStage?: () => Promise<StageShare> }) {
  const state = useApi<MeetingViewData>('/api/meeting-view', presenting ? STAGE_POLL_MS : MEETING_POLL_MS);
  useEffect(() => {
    if (!presenting || !onPresent) return;
    const leave = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onPresent(false);
    };
    window.addEventListener('keydown', leave);
    return () => window.removeEventListener('keydown', leave);
  }, [presenting, onPresent]);
  return (
    <FluentProvider theme={PRESENTATION[theme]} data-presentation="true">
      <LoadState state={state}>
        {(data) => <Presentation data={data} lastUpdated={state.lastUpdated} failed={!!state.error} presenting={presenting} onPresent={onPresent} onShareToStage={onShareToStage} />}
      </LoadState>
    </FluentProvider>
  );
}

/**
 * Shows as many of a list's items as fit in its box (all when `enabled` is false) and returns how
 * many are hidden: on a shared screen an item cut in half helps nobody, a "+ 2 mere" does.
 * Measures with every item shown, so growing the window brings items back.
 */
function useFit(enabled: boolean, contentKey: string): { ref: RefObject<HTMLUListElement | HTMLOListElement | null>; hidden: number } {
  const ref = useRef<HTMLUListElement | HTMLOListElement | null>(null);
  const [hidden, setHidden] = useState(0);
  const [size, setSize] = useState(0);
  useLayoutEffect(() => {
    const list = ref.current;
    if (!list) return;
    const items = Array.from(list.children) as HTMLElement[];
    for (const item of items) item.style.display = '';
    if (!enabled) {
      setHidden(0);
      return;
    }
    const bottom = list.getBoundingClientRect().bottom + 0.5;
    const fitsBy = (limit: number) => {
      const first = items.findIndex((item) => item.getBoundingClientRect().bottom > limit);
      return first === -1 ? items.length : first;
    };
    let shown = fitsBy(bottom);
    // Room for the "+ N mere" line under the list.
    if (shown < items.length) shown = fitsBy(bottom - parseFloat(getComputedStyle(list).fontSize) * 1.6);
    items.forEach((item, i) => (item.style.display = i < shown ? '' : 'none'));
    setHidden(items.length - shown);
  }, [enabled, contentKey, size]);
  useEffect(() => {
    const list = ref.current;
    if (!enabled || !list) return;
    const observer = new ResizeObserver(() => setSize(list.clientHeight * 100000 + list.clientWidth));
    observer.observe(list);
    return () => observer.disconnect();
  }, [enabled]);
  return { ref, hidden };
}

function More({ hidden, testId }: { hidden: number; testId: string }) {
  const styles = useStyles();
  const { s } = useI18n();
  return hidden > 0 ? (
    <p className={styles.more} data-testid={testId}>
      {s.meeting.more(hidden)}
    </p>
  ) : null;
}

/**
 * "59 kommuner (75 deltagere)" and who was and was not there, from Teams' participant events;
 * nothing until Teams has told of anyone. Read less often than the rest: it changes as people join.
 */
function Attendance({ meetingId }: { meetingId: string }) {
  const styles = useStyles();
  const { s } = useI18n();
  const { data } = useApi<{ attendance: AttendanceSummary }>(`/api/meetings/${encodeURIComponent(meetingId)}/attendance`, MEETING_POLL_MS * 4);
  const a = data?.attendance;
  if (!a || a.participantCount + a.kombitCount === 0) return null;
  return (
    <details className={styles.sub} data-testid="attendance">
      <summary>
        <span className={styles.strong}>{s.meeting.attendance}:</span> <span data-testid="attendance-headline">{s.meeting.attendanceHeadline(a.municipalityCount, a.participantCount)}</span>
        {a.kombitCount > 0 && ` ${s.meeting.attendanceKombit(a.kombitCount)}`}
      </summary>
      <p data-testid="attendance-present">
        <span className={styles.strong}>{s.meeting.attendancePresent}:</span> {a.municipalities.map((m) => `${m.name} (${m.participants})`).join(', ')}
      </p>
      <p data-testid="attendance-absent">
        <span className={styles.strong}>{s.meeting.attendanceAbsent(a.absent.length)}:</span> {a.absent.map((m) => m.name).join(', ')}
      </p>
    </details>
  );
}

function Presentation({ data, lastUpdated, failed, presenting, onPresent, onShareToStage }: { data: MeetingViewData; lastUpdated?: Date; failed: boolean; presenting: boolean; onPresent?: (on: boolean) => void; onShareToStage?: () => Promise<StageShare> }) {
  const styles = useStyles();
  const { s, lang } = useI18n();
  const [share, setShare] = useState<{ busy: boolean; outcome?: StageShare }>({ busy: false });
  const shareNow = () => {
    if (!onShareToStage) return;
    setShare({ busy: true });
    void onShareToStage().then((outcome) => setShare({ busy: false, outcome }));
  };
  const m = data.meeting;
  const e = data.evaluation;
  const agenda = useFit(presenting, JSON.stringify(m?.agenda ?? []));
  const tasks = useFit(presenting, data.criticalTasks.map((t) => `${t.id}:${t.progress.done}:${t.progress.started}`).join());
  const agreements = useFit(presenting, data.agreementsDue.map((a) => `${a.id}:${a.progress.missing}`).join() + (e ? `:${e.id}` : ''));
  const timed = m?.agenda.some((a) => a.time) ?? false;
  const fit = presenting ? styles.fitList : undefined;
  return (
    <section className={mergeClasses(styles.stage, presenting && styles.presenting)} aria-labelledby="meeting-title" data-testid="meeting-view">
      <div className={styles.top}>
        <h2 className={styles.title} id="meeting-title" data-testid="meeting-title">
          {m ? m.title : s.meeting.title}
        </h2>
        {m && (
          <span className={styles.when} data-testid="meeting-when">
            {data.isToday ? s.meeting.today : m.date > data.today ? s.meeting.next : s.meeting.latest}: {formatLongDate(m.date, lang)} · {m.startTime}–{m.endTime}
          </span>
        )}
        {m && <Attendance meetingId={m.id} />}
        <span className={styles.updated} aria-live="off">
          {failed ? <span className={styles.error}>{s.meeting.updateFailed}</span> : lastUpdated ? s.meeting.updated(formatClock(lastUpdated, lang)) : null}
        </span>
        {onShareToStage && !presenting && (
          <Button appearance="primary" onClick={shareNow} disabled={share.busy} data-testid="share-to-stage">
            {s.meeting.shareToStage}
          </Button>
        )}
        {share.outcome && (
          <span role="status" data-testid="share-outcome" className={share.outcome === 'shared' ? undefined : styles.error}>
            {share.outcome === 'shared' ? s.meeting.sharedToStage : share.outcome === 'notAllowed' ? s.meeting.shareNotAllowed : s.meeting.shareFailed}
          </span>
        )}
        {onPresent &&
          (presenting ? (
            <Button className={styles.exit} onClick={() => onPresent(false)}>
              {s.meeting.endPresent}
            </Button>
          ) : (
            <Button appearance="primary" onClick={() => onPresent(true)} data-testid="present">
              {s.meeting.present}
            </Button>
          ))}
      </div>
      <div className={mergeClasses(styles.grid, presenting && styles.gridPresenting)}>
        <div className={styles.column} data-column="agenda">
          <div className={mergeClasses(styles.panel, styles.grow)}>
            <h3 className={styles.h}>{s.meeting.agenda}</h3>
            {!m ? (
              <p className={styles.note}>{s.meeting.noMeeting}</p>
            ) : m.agenda.length === 0 ? (
              <p className={styles.note}>{s.meeting.noAgenda}</p>
            ) : (
              <ol className={mergeClasses(styles.list, fit)} data-testid="agenda" ref={agenda.ref as RefObject<HTMLOListElement | null>}>
                {m.agenda.map((a, i) => (
                  <li key={i} className={mergeClasses(styles.item, timed && styles.agendaItem)}>
                    {timed && (
                      <span className={styles.time} data-testid="agenda-time">
                        {a.time ?? ''}
                      </span>
                    )}
                    <span>
                      <span className={styles.strong}>{a.title}</span>
                      {a.presenter && <span className={styles.sub}>{a.presenter}</span>}
                    </span>
                  </li>
                ))}
              </ol>
            )}
            <More hidden={agenda.hidden} testId="agenda-more" />
          </div>
        </div>
        <div className={styles.column} data-column="tasks">
          <div className={mergeClasses(styles.panel, styles.grow)}>
            <h3 className={styles.h}>{s.meeting.criticalTasks}</h3>
            {data.criticalTasks.length === 0 ? (
              <p className={styles.note}>{s.meeting.noCriticalTasks}</p>
            ) : (
              <ul className={mergeClasses(styles.list, fit)} data-testid="critical-tasks" ref={tasks.ref as RefObject<HTMLUListElement | null>}>
                {data.criticalTasks.map((t) => (
                  <li key={t.id} className={styles.item}>
                    <span className={styles.strong}>{t.title}</span> <TaskTypeBadge type={t.type} size="large" />
                    <span className={styles.sub}>
                      {formatDate(t.deadline, lang)} ({formatDaysLeft(t.daysLeft, lang)})
                    </span>
                    <TaskProgressBar progress={t.progress} large />
                  </li>
                ))}
              </ul>
            )}
            <More hidden={tasks.hidden} testId="critical-tasks-more" />
          </div>
        </div>
        <div className={styles.column} data-column="agreements-evaluation">
          <div className={mergeClasses(styles.panel, styles.grow)}>
            <h3 className={styles.h}>{s.meeting.agreementsDue}</h3>
            {data.agreementsDue.length === 0 ? (
              <p className={styles.note}>{s.meeting.noAgreementsDue}</p>
            ) : (
              <ul className={mergeClasses(styles.list, fit)} data-testid="agreements-due" ref={agreements.ref as RefObject<HTMLUListElement | null>}>
                {data.agreementsDue.map((a) => (
                  <li key={a.id} className={styles.item} data-agreement={a.id} data-overdue={isOverdue(a) ? 'true' : undefined}>
                    <span className={styles.strong}>{a.title}</span>
                    <span className={isOverdue(a) ? `${styles.sub} ${styles.overdue}` : styles.sub}>
                      {a.deadline ? formatDate(a.deadline, lang) : ''} ({a.daysLeft !== null ? formatDaysLeft(a.daysLeft, lang) : ''}) · {s.meeting.missing(a.progress.missing)}
                    </span>
                    <SignatureBar progress={a.progress} large />
                  </li>
                ))}
              </ul>
            )}
            <More hidden={agreements.hidden} testId="agreements-due-more" />
            {/* No open evaluation is one line here, not a column of its own. */}
            {!e && <p className={mergeClasses(styles.note, styles.strong)}>{s.meeting.noEvaluation}</p>}
          </div>
          {e && (
            <div className={styles.panel}>
              <h3 className={styles.h}>{s.meeting.evaluation}</h3>
              <div data-testid="live-evaluation">
                <div className={styles.count} aria-live="polite" data-testid="live-count" data-count={e.responseCount}>
                  {s.meeting.liveResponses(e.responseCount)}
                </div>
                {e.meeting?.participantCount ? <span className={styles.sub}>{responseText(e, s, lang)}</span> : null}
                {e.summary ? (
                  e.summary.map((q) => (
                    <div key={q.questionId} className={styles.avgRow}>
                      <div>
                        {q.text}
                        <div className={styles.track} aria-hidden="true">
                          <div className={styles.fill} style={{ width: `${((q.average ?? 0) / 5) * 100}%` }} />
                        </div>
                      </div>
                      <div className={styles.avg}>{q.average === null ? '–' : formatNumber(q.average, lang, 1)}</div>
                    </div>
                  ))
                ) : (
                  <Text>{e.hidden === 'tooFew' ? s.evaluations.hiddenTooFew : s.evaluations.hiddenOpen}</Text>
                )}
              </div>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
