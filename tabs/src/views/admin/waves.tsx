import { useState } from 'react';
import { Badge, Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../../i18n.tsx';
import { useApi } from '../../data.tsx';
import { sendJson } from '../../api.ts';
import { LoadState } from '../../components/common.tsx';
import { CopyList } from '../../components/CopyList.tsx';
import { formatDate } from '../../format.ts';
import { OutcomeBar, TextField, issuesOf, useAction, useFormStyles } from './forms.tsx';
import { useAdminStrings } from './strings.ts';
import type { MoveRequestView, WaveView } from '../../../../bot/waves/waveService.ts';

const useStyles = makeStyles({
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  item: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, paddingBottom: tokens.spacingVerticalM, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  head: { display: 'flex', columnGap: tokens.spacingHorizontalS, alignItems: 'baseline', flexWrap: 'wrap' },
  sub: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', columnGap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
});

/** One request to change wave: who asks, from which wave to which and why; an unanswered one can be accepted or rejected. */
function RequestItem({ r, onDone }: { r: MoveRequestView; onDone(): void }) {
  const a = useAdminStrings();
  const s = a.waves;
  const { lang } = useI18n();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const [note, setNote] = useState('');
  const action = useAction();
  const issue = issuesOf(action.outcome?.kind === 'error' ? action.outcome.error : undefined);
  const answer = (decision: 'accept' | 'reject') =>
    action.run(async () => {
      const { data } = await sendJson<{ notificationId: string }>('POST', `/api/wave-requests/${encodeURIComponent(r.id)}/answer`, { decision, ...(note.trim() ? { note } : {}) });
      onDone();
      return { message: decision === 'accept' ? s.accepted : s.rejected, notificationId: data.notificationId };
    });
  return (
    <li className={styles.item} data-testid="wave-request" data-state={r.state}>
      <div className={styles.head}>
        <Badge appearance="outline" color={r.state === 'pending' ? 'warning' : r.state === 'accepted' ? 'success' : 'informative'} data-testid="wave-request-state">{s.states[r.state]}</Badge>
        <Text weight="semibold" data-testid="wave-request-title">{s.request(r.municipalityName, r.fromWaveName, r.toWaveName)}</Text>
        <Text className={styles.sub}>
          {r.solutionName} · {s.from} {r.requestedBy.name} · {formatDate(r.requestedAt.slice(0, 10), lang)}
        </Text>
      </div>
      <Text>
        {s.reason}: {r.reason}
      </Text>
      {r.answerNote && <Text className={styles.sub}>{r.answerNote}</Text>}
      {r.state === 'pending' && (
        <div className={styles.actions}>
          <TextField className={formStyles.grow} label={s.note} multiline value={note} onChange={setNote} issue={issue('note')} testId="wave-request-note" />
          <Button appearance="primary" disabledFocusable={action.busy} onClick={() => void answer('accept')} data-testid="wave-request-accept">
            {s.accept}
          </Button>
          <Button disabledFocusable={action.busy} onClick={() => void answer('reject')} data-testid="wave-request-reject">
            {s.reject}
          </Button>
        </div>
      )}
      <OutcomeBar outcome={action.outcome} testId={`wave-request-${r.id}`} />
    </li>
  );
}

/** Rollout waves with their municipalities (each list can be copied into a mail), and the program leaders' requests to change wave. */
export function WavesPanel() {
  const a = useAdminStrings();
  const s = a.waves;
  const { lang } = useI18n();
  const formStyles = useFormStyles();
  const styles = useStyles();
  const requests = useApi<{ requests: MoveRequestView[] }>('/api/wave-requests');
  const waves = useApi<{ waves: WaveView[] }>('/api/waves');
  return (
    <div className={formStyles.panel} data-testid="waves-panel">
      <Text as="h3" weight="semibold" block>
        {s.requests}
      </Text>
      <LoadState state={requests}>
        {(data) =>
          data.requests.length === 0 ? (
            <Text>{s.noRequests}</Text>
          ) : (
            <ul className={styles.list}>
              {data.requests.map((r) => (
                <RequestItem key={r.id} r={r} onDone={() => { requests.reload(); waves.reload(); }} />
              ))}
            </ul>
          )
        }
      </LoadState>
      <Text as="h3" weight="semibold" block>
        {a.sections.waves}
      </Text>
      <LoadState state={waves}>
        {(data) =>
          data.waves.length === 0 ? (
            <Text>{s.none}</Text>
          ) : (
            <ul className={styles.list}>
              {data.waves.map((w) => (
                <li key={w.id} className={styles.item} data-testid="wave" data-wave={w.id}>
                  <div className={styles.head}>
                    <Text weight="semibold">{s.wave(w.name, formatDate(w.startDate, lang), formatDate(w.deadline, lang), w.municipalities.length)}</Text>
                    <CopyList names={w.municipalities} testId={`copy-wave-${w.id}`} />
                  </div>
                  <Text className={styles.sub} data-testid="wave-municipalities">{w.municipalities.join(', ')}</Text>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </div>
  );
}
