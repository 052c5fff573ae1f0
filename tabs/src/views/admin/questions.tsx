import { useState } from 'react';
import { Badge, Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../../i18n.tsx';
import { useApi } from '../../data.tsx';
import { sendJson } from '../../api.ts';
import { LoadState } from '../../components/common.tsx';
import { formatDate } from '../../format.ts';
import { ChoiceField, OutcomeBar, TextField, issuesOf, useAction, useFormStyles } from './forms.tsx';
import { useAdminStrings } from './strings.ts';
import type { Meeting } from '../../types.ts';
import type { QuestionRow } from '../../../../bot/meetings/questionService.ts';

const useStyles = makeStyles({
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  item: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, paddingBottom: tokens.spacingVerticalM, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  head: { display: 'flex', columnGap: tokens.spacingHorizontalS, alignItems: 'baseline', flexWrap: 'wrap' },
  sub: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', columnGap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
});

/** One question or idea: who sent it and about what, and for a new one the answer or the agenda it goes on. */
function QuestionItem({ q, meetings, onDone }: { q: QuestionRow; meetings: readonly Meeting[]; onDone(): void }) {
  const a = useAdminStrings();
  const s = a.questions;
  const { lang } = useI18n();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const [answer, setAnswer] = useState('');
  const [meetingId, setMeetingId] = useState(meetings.at(-1)?.id ?? '');
  const action = useAction();
  const issue = issuesOf(action.outcome?.kind === 'error' ? action.outcome.error : undefined);
  const send = (path: string, body: unknown, message: string) =>
    action.run(async () => {
      const { data } = await sendJson<{ notificationId: string }>('POST', `/api/meeting-questions/${encodeURIComponent(q.id)}/${path}`, body);
      onDone();
      return { message, notificationId: data.notificationId };
    });
  const who = [q.askedBy.name, q.municipalityName].filter(Boolean).join(', ');
  return (
    <li className={styles.item} data-testid="question" data-question={q.id} data-state={q.state}>
      <div className={styles.head}>
        <Badge appearance="tint" color={q.kind === 'question' ? 'brand' : 'success'}>{q.kind === 'question' ? s.question : s.idea}</Badge>
        <Badge appearance="outline" color={q.state === 'new' ? 'warning' : 'informative'} data-testid="question-state">{s.states[q.state]}</Badge>
        <Text className={styles.sub}>
          {s.from} {who || '–'} · {formatDate(q.askedAt.slice(0, 10), lang)}
          {q.meetingTitle ? ` · ${s.about(q.meetingTitle)}` : ''}
        </Text>
      </div>
      <Text weight="semibold" data-testid="question-text">{q.text}</Text>
      {q.answer && <Text>{q.answer}</Text>}
      {q.agendaMeetingTitle && <Text>{s.onAgendaOf(q.agendaMeetingTitle)}</Text>}
      {q.state === 'new' && (
        <div className={styles.actions}>
          <TextField className={formStyles.grow} label={s.answer} multiline value={answer} onChange={setAnswer} issue={issue('answer')} testId="question-answer" />
          <Button appearance="primary" disabledFocusable={action.busy} onClick={() => void send('answer', { answer }, s.answered)} data-testid="question-send-answer">
            {s.sendAnswer}
          </Button>
          <ChoiceField label={s.agendaMeeting} value={meetingId} onChange={setMeetingId} options={[...meetings].reverse().map((m) => ({ value: m.id, label: `${m.title} (${formatDate(m.date, lang)})` }))} issue={issue('meetingId')} testId="question-meeting" />
          <Button disabledFocusable={action.busy} onClick={() => void send('agenda', { meetingId }, s.onAgenda)} data-testid="question-put-on-agenda">
            {s.putOnAgenda}
          </Button>
        </div>
      )}
      <OutcomeBar outcome={action.outcome} testId={`question-${q.id}`} />
    </li>
  );
}

/** Questions and ideas from program leaders, newest first: answer them or put them on a meeting's agenda; the asker is told. */
export function QuestionsPanel() {
  const a = useAdminStrings();
  const formStyles = useFormStyles();
  const styles = useStyles();
  const questions = useApi<{ questions: QuestionRow[] }>('/api/meeting-questions');
  const meetings = useApi<{ meetings: Meeting[] }>('/api/meetings');
  return (
    <div className={formStyles.panel} data-testid="questions-panel">
      <LoadState state={questions}>
        {(data) =>
          data.questions.length === 0 ? (
            <Text>{a.questions.none}</Text>
          ) : (
            <ul className={styles.list}>
              {data.questions.map((q) => (
                <QuestionItem key={q.id} q={q} meetings={meetings.data?.meetings ?? []} onDone={() => questions.reload()} />
              ))}
            </ul>
          )
        }
      </LoadState>
    </div>
  );
}
