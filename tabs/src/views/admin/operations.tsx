import { useRef, useState } from 'react';
import { Button, Field, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../../i18n.tsx';
import { useApi, useShared } from '../../data.tsx';
import { sendJson, uploadFile } from '../../api.ts';
import { LoadState } from '../../components/common.tsx';
import { formatDate } from '../../format.ts';
import { ChoiceField, CheckField, DateTimeField, DeliveryReportView, OutcomeBar, TextField, issuesOf, useAction, useFocusFirstInvalid, useFormStyles } from './forms.tsx';
import { formatDanishTime } from './danishTime.ts';
import { useAdminStrings } from './strings.ts';
import type { Meeting } from '../../types.ts';
import type { EvaluationSummary } from '../../../../bot/evaluations/evaluationService.ts';

const useStyles = makeStyles({
  help: { color: tokens.colorNeutralForeground2 },
  file: { padding: tokens.spacingVerticalXS },
  gap: { marginTop: tokens.spacingVerticalL },
});

type ImportKind = 'klik' | 'klikStatus' | 'agreements';
const IMPORT_PATHS: Record<ImportKind, string> = { klik: '/api/klik-tasks/import', klikStatus: '/api/klik-tasks/status/import', agreements: '/api/agreements/import' };
type KlikStatusCounts = { statuses: number; changed: number; unchanged: number; confirmed: number; contradicted: number; awaitingKlik: number };

/** Upload a KLIK overview sheet or a sheet of signatures; the answer is a summary, or every bad row (and nothing changed). */
export function ImportPanel() {
  const a = useAdminStrings();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const { refreshPortfolio } = useShared();
  const [kind, setKind] = useState<ImportKind>('klik');
  const [file, setFile] = useState<File | null>(null);
  const [exportDate, setExportDate] = useState('');
  const { busy, outcome, run } = useAction();
  const upload = () =>
    run(async () => {
      if (!file) return { message: a.import.noFile };
      if (kind === 'klik') {
        const r = await uploadFile<{ created: number; updated: number; unchanged: number; statuses: number }>(IMPORT_PATHS.klik, file);
        await refreshPortfolio().catch(() => undefined);
        return { message: a.import.klikDone(r.created, r.updated, r.statuses, r.unchanged) };
      }
      if (kind === 'klikStatus') {
        const date = exportDate.trim();
        const r = await uploadFile<KlikStatusCounts>(date ? `${IMPORT_PATHS.klikStatus}?eksportdato=${encodeURIComponent(date)}` : IMPORT_PATHS.klikStatus, file);
        await refreshPortfolio().catch(() => undefined);
        return { message: a.import.klikStatusDone(r) };
      }
      const r = await uploadFile<{ imported: number; agreements: number }>(IMPORT_PATHS.agreements, file);
      await refreshPortfolio().catch(() => undefined);
      return { message: a.import.agreementsDone(r.imported, r.agreements) };
    });
  return (
    <form
      noValidate
      className={`${formStyles.panel} ${formStyles.form}`}
      data-testid="import-form"
      onSubmit={(e) => {
        e.preventDefault();
        void upload();
      }}
    >
      <Text className={styles.help}>{a.import.help}</Text>
      <ChoiceField label={a.import.what} value={kind} onChange={(v) => setKind(v as ImportKind)} options={[{ value: 'klik', label: a.import.klik }, { value: 'klikStatus', label: a.import.klikStatus }, { value: 'agreements', label: a.import.agreements }]} testId="import-kind" />
      {kind === 'klikStatus' && <TextField label={a.import.exportDate} hint={a.import.exportDateHint} value={exportDate} onChange={setExportDate} testId="import-export-date" />}
      <Field label={a.import.file}>
        {(props) => (
          <input
            {...props}
            className={styles.file}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="import-file"
          />
        )}
      </Field>
      <div className={formStyles.actions}>
        <Button appearance="primary" type="submit" disabled={!file} disabledFocusable={busy} data-testid="import-submit">
          {busy ? a.import.uploading : a.import.upload}
        </Button>
      </div>
      <OutcomeBar outcome={outcome} testId="import" />
    </form>
  );
}

type EvaluationRow = EvaluationSummary & { notificationId: string };

/** Start the evaluation of a meeting (its card goes to every channel), and close open ones (the cards show the result). */
export function EvaluationPanel() {
  const a = useAdminStrings();
  const e = a.evaluations;
  const { lang } = useI18n();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const meetings = useApi<{ meetings: Meeting[]; currentMeetingId: string | null }>('/api/meetings');
  const evaluations = useApi<{ evaluations: EvaluationRow[] }>('/api/evaluations');
  const [meetingId, setMeetingId] = useState<string | undefined>();
  const [live, setLive] = useState(false);
  const [closesAt, setClosesAt] = useState('');
  const start = useAction();
  const close = useAction();
  const startForm = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(startForm, start.outcome);
  const [report, setReport] = useState<{ id: string; title: string } | undefined>();
  const meetingName = (id: string) => {
    const m = meetings.data?.meetings.find((x) => x.id === id);
    return m ? `${m.title} (${formatDate(m.date, lang)})` : id;
  };
  const chosen = meetingId ?? meetings.data?.currentMeetingId ?? '';
  const submit = () =>
    start.run(async () => {
      // Sent as typed (dd-mm-åååå tt:mm): the server reads it in Danish time whatever the computer's zone, and names a wrong time.
      const closing = closesAt.trim();
      const body = { meetingId: chosen, showLiveResults: live, ...(closing ? { closesAt: closing } : {}) };
      const { data } = await sendJson<{ evaluation: EvaluationRow; notificationId: string; targets: number }>('POST', '/api/evaluations', body);
      evaluations.reload();
      const closes = data.evaluation.closesAt ? ` ${e.closesAtShown(formatDanishTime(data.evaluation.closesAt, lang))}` : '';
      return { message: `${e.started(data.targets)}${closes}`, notificationId: data.notificationId };
    });
  const closeOne = (id: string) =>
    close.run(async () => {
      await sendJson('POST', `/api/evaluations/${encodeURIComponent(id)}/close`, {});
      evaluations.reload();
      return { message: e.closedNow };
    });
  return (
    <div className={formStyles.panel}>
      <LoadState state={meetings}>
        {(data) => (
          <form
            ref={startForm}
            noValidate
            className={formStyles.form}
            aria-label={e.start}
            data-testid="evaluation-form"
            onSubmit={(ev) => {
              ev.preventDefault();
              void submit();
            }}
          >
            <Text as="h3" weight="semibold" size={400}>
              {e.start}
            </Text>
            <ChoiceField label={e.meeting} value={chosen} onChange={setMeetingId} options={[...data.meetings].reverse().map((m) => ({ value: m.id, label: meetingName(m.id) }))} testId="evaluation-meeting" />
            <CheckField label={e.liveResults} checked={live} onChange={setLive} testId="evaluation-live" />
            <DateTimeField label={e.closesAt} hint={e.closesAtHint} value={closesAt} onChange={setClosesAt} issue={issuesOf(start.outcome?.kind === 'error' ? start.outcome.error : undefined)('closesAt')} testId="evaluation-closes" />
            <div className={formStyles.actions}>
              <Button appearance="primary" type="submit" disabled={!chosen} disabledFocusable={start.busy} data-testid="evaluation-start">
                {e.startButton}
              </Button>
            </div>
            <OutcomeBar outcome={start.outcome} testId="evaluation-start" />
          </form>
        )}
      </LoadState>
      <Text as="h3" weight="semibold" size={400} block className={styles.gap}>
        {e.list}
      </Text>
      <OutcomeBar outcome={close.outcome} testId="evaluation-close" />
      <LoadState state={evaluations}>
        {(data) => (
          <Table aria-label={e.tableLabel} size="small" data-testid="evaluation-list">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{e.meeting}</TableHeaderCell>
                <TableHeaderCell>{e.state}</TableHeaderCell>
                <TableHeaderCell>{e.responses}</TableHeaderCell>
                <TableHeaderCell>{e.report}</TableHeaderCell>
                <TableHeaderCell />
              </TableRow>
            </TableHeader>
            <TableBody>
              {[...data.evaluations].reverse().map((ev) => (
                <TableRow key={ev.id} data-evaluation={ev.id} data-state={ev.state}>
                  <TableCell>{meetingName(ev.meetingId)}</TableCell>
                  <TableCell>{ev.state === 'open' ? (ev.closesAt ? `${e.open} · ${e.closesAtShort(formatDanishTime(ev.closesAt, lang))}` : e.open) : e.closed}</TableCell>
                  <TableCell>{ev.responseCount}</TableCell>
                  <TableCell>
                    <Button size="small" appearance="subtle" onClick={() => setReport({ id: ev.notificationId, title: meetingName(ev.meetingId) })} aria-label={`${a.reports.open}: ${meetingName(ev.meetingId)}`}>
                      {a.reports.show}
                    </Button>
                  </TableCell>
                  <TableCell>
                    {ev.state === 'open' && (
                      <Button size="small" onClick={() => void closeOne(ev.id)} disabled={close.busy} aria-label={e.closeLabel(meetingName(ev.meetingId))} data-testid="evaluation-close">
                        {e.close}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </LoadState>
      {report && <DeliveryReportView key={report.id} notificationId={report.id} title={report.title} />}
    </div>
  );
}

/** Delivery reports of every task, agreement and evaluation card sent. */
export function ReportsPanel() {
  const a = useAdminStrings();
  const { lang } = useI18n();
  const formStyles = useFormStyles();
  const tasks = useApi<{ tasks: { title: string; deadline: string; notificationId: string }[] }>('/api/klik-tasks');
  const agreements = useApi<{ agreements: { title: string; notificationId: string }[] }>('/api/agreements');
  const evaluations = useApi<{ evaluations: EvaluationRow[] }>('/api/evaluations');
  const meetings = useApi<{ meetings: Meeting[] }>('/api/meetings');
  const [chosen, setChosen] = useState('');
  const [shown, setShown] = useState<string | undefined>();
  const groups = [
    { label: a.reports.tasks, items: (tasks.data?.tasks ?? []).map((t) => ({ value: t.notificationId, label: `${formatDate(t.deadline, lang)} · ${t.title}` })) },
    { label: a.reports.agreements, items: (agreements.data?.agreements ?? []).map((g) => ({ value: g.notificationId, label: g.title })) },
    {
      label: a.reports.evaluations,
      items: (evaluations.data?.evaluations ?? []).map((ev) => {
        const m = meetings.data?.meetings.find((x) => x.id === ev.meetingId);
        return { value: ev.notificationId, label: m ? `${formatDate(m.date, lang)} · ${m.title}` : ev.meetingId };
      }),
    },
  ];
  const titleOf = (id: string) => groups.flatMap((g) => g.items).find((i) => i.value === id)?.label;
  return (
    <form
      noValidate
      className={`${formStyles.panel} ${formStyles.form}`}
      data-testid="reports-form"
      onSubmit={(e) => {
        e.preventDefault();
        setShown(chosen || undefined);
      }}
    >
      <Field label={a.reports.choose}>
        {(props) => (
          <select {...props} value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="reports-picker">
            <option value="" />
            {groups.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.items.map((i) => (
                  <option key={i.value} value={i.value}>
                    {i.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>
      <div className={formStyles.actions}>
        <Button appearance="primary" type="submit" disabled={!chosen} data-testid="reports-show">
          {a.reports.show}
        </Button>
      </div>
      {shown && <DeliveryReportView key={shown} notificationId={shown} title={titleOf(shown)} />}
    </form>
  );
}
