import { FluentProvider, Text, makeStyles, teamsDarkTheme, teamsHighContrastTheme, tokens, teamsLightTheme, type Theme } from '@fluentui/react-components';
import { useI18n } from '../i18n.tsx';
import { useApi } from '../data.tsx';
import { LoadState, TaskTypeBadge } from '../components/common.tsx';
import { formatClock, formatDate, formatLongDate, formatNumber } from '../format.ts';
import { formatDaysLeft } from '../../../bot/domain/text.ts';
import type { MeetingViewData } from '../types.ts';
import type { ThemeName } from '../teams.ts';
import { TaskProgressBar } from './KlikTasksView.tsx';
import { SignatureBar, isOverdue } from './AgreementsView.tsx';
import { responseText } from './EvaluationResultView.tsx';

/** How often the shared screen asks for news; a change shows within this plus one request. */
export const MEETING_POLL_MS = 4000;

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
    padding: '24px 32px',
    fontSize: '22px',
    lineHeight: 1.35,
    minHeight: '80vh',
  },
  top: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: '24px', borderBottom: `3px solid ${tokens.colorNeutralStroke1}`, paddingBottom: '8px', marginBottom: '16px' },
  title: { fontSize: '40px', fontWeight: tokens.fontWeightBold, lineHeight: 1.15, margin: 0 },
  when: { fontSize: '26px', fontWeight: tokens.fontWeightSemibold },
  updated: { marginLeft: 'auto', fontSize: '16px', color: tokens.colorNeutralForeground2 },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(460px, 100%), 1fr))', gap: '24px' },
  panel: { border: `2px solid ${tokens.colorNeutralStroke1}`, borderRadius: '8px', padding: '16px 20px' },
  h: { fontSize: '28px', fontWeight: tokens.fontWeightBold, margin: '0 0 12px' },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  item: { padding: '8px 0', borderBottom: `1px solid ${tokens.colorNeutralStroke1}` },
  time: { display: 'inline-block', minWidth: '80px', fontWeight: tokens.fontWeightBold, fontVariantNumeric: 'tabular-nums' },
  sub: { display: 'block', fontSize: '18px', color: tokens.colorNeutralForeground2 },
  strong: { fontWeight: tokens.fontWeightBold },
  overdue: { fontWeight: tokens.fontWeightBold, textDecorationLine: 'underline' },
  count: { fontSize: '48px', fontWeight: tokens.fontWeightBold, lineHeight: 1.1 },
  avgRow: { display: 'grid', gridTemplateColumns: '1fr 90px', alignItems: 'center', columnGap: '12px', padding: '6px 0' },
  avg: { fontSize: '32px', fontWeight: tokens.fontWeightBold, textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  track: { height: '14px', border: `2px solid ${tokens.colorNeutralStroke1}`, borderRadius: '4px', marginTop: '4px' },
  fill: { height: '100%', backgroundColor: tokens.colorNeutralForeground1 },
  error: { fontSize: '16px', fontWeight: tokens.fontWeightSemibold },
});

/** Mødevisning: the meeting's agenda, critical KLIK tasks, agreements due and live evaluation results, refreshing by itself. */
export default function MeetingView({ theme }: { theme: ThemeName }) {
  const state = useApi<MeetingViewData>('/api/meeting-view', MEETING_POLL_MS);
  return (
    <FluentProvider theme={PRESENTATION[theme]} data-presentation="true">
      <LoadState state={state}>{(data) => <Presentation data={data} lastUpdated={state.lastUpdated} failed={!!state.error} />}</LoadState>
    </FluentProvider>
  );
}

function Presentation({ data, lastUpdated, failed }: { data: MeetingViewData; lastUpdated?: Date; failed: boolean }) {
  const styles = useStyles();
  const { s, lang } = useI18n();
  const m = data.meeting;
  const e = data.evaluation;
  return (
    <section className={styles.stage} aria-labelledby="meeting-title" data-testid="meeting-view">
      <div className={styles.top}>
        <h2 className={styles.title} id="meeting-title">
          {m ? m.title : s.meeting.title}
        </h2>
        {m && (
          <span className={styles.when}>
            {data.isToday ? s.meeting.today : m.date > data.today ? s.meeting.next : s.meeting.latest}: {formatLongDate(m.date, lang)} · {m.startTime}–{m.endTime}
          </span>
        )}
        <span className={styles.updated} aria-live="off">
          {failed ? <span className={styles.error}>{s.meeting.updateFailed}</span> : lastUpdated ? s.meeting.updated(formatClock(lastUpdated, lang)) : null}
        </span>
      </div>
      <div className={styles.grid}>
        <div className={styles.panel}>
          <h3 className={styles.h}>{s.meeting.agenda}</h3>
          {!m ? (
            <Text>{s.meeting.noMeeting}</Text>
          ) : m.agenda.length === 0 ? (
            <Text>{s.meeting.noAgenda}</Text>
          ) : (
            <ol className={styles.list} data-testid="agenda">
              {m.agenda.map((a, i) => (
                <li key={i} className={styles.item}>
                  {a.time && <span className={styles.time}>{a.time}</span>}
                  <span className={styles.strong}>{a.title}</span>
                  {a.presenter && <span className={styles.sub}>{a.presenter}</span>}
                </li>
              ))}
            </ol>
          )}
        </div>
        <div className={styles.panel}>
          <h3 className={styles.h}>{s.meeting.evaluation}</h3>
          {!e ? (
            <Text>{s.meeting.noEvaluation}</Text>
          ) : (
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
          )}
        </div>
        <div className={styles.panel}>
          <h3 className={styles.h}>{s.meeting.criticalTasks}</h3>
          {data.criticalTasks.length === 0 ? (
            <Text>{s.meeting.noCriticalTasks}</Text>
          ) : (
            <ul className={styles.list} data-testid="critical-tasks">
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
        </div>
        <div className={styles.panel}>
          <h3 className={styles.h}>{s.meeting.agreementsDue}</h3>
          {data.agreementsDue.length === 0 ? (
            <Text>{s.meeting.noAgreementsDue}</Text>
          ) : (
            <ul className={styles.list} data-testid="agreements-due">
              {data.agreementsDue.map((a) => (
                <li key={a.id} className={styles.item}>
                  <span className={styles.strong}>{a.title}</span>
                  <span className={isOverdue(a) ? `${styles.sub} ${styles.overdue}` : styles.sub}>
                    {a.deadline ? formatDate(a.deadline, lang) : ''} ({a.daysLeft !== null ? formatDaysLeft(a.daysLeft, lang) : ''}) · {s.meeting.missing(a.progress.missing)}
                  </span>
                  <SignatureBar progress={a.progress} large />
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
