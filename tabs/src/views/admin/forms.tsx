import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import {
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Add16Regular, Delete16Regular } from '@fluentui/react-icons';
import { ApiError, getJson } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatClock } from '../../format.ts';
import { StackedBar } from '../../components/common.tsx';
import { useAdminStrings, type AdminStrings } from './strings.ts';
import type { DeliveryReport } from '../../../../bot/storage/notificationRepository.ts';

export const useFormStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '760px' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-end' },
  grow: { flexGrow: 1, minWidth: '220px' },
  group: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    alignItems: 'flex-end',
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  fieldset: { border: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  panel: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium },
});

/** The server's message for one field (`milestones.0.date`), if it named that field. */
export type IssueOf = (field: string) => string | undefined;

export function issuesOf(error: unknown): IssueOf {
  const issues = error instanceof ApiError ? error.issues : [];
  return (field) => issues.find((i) => i.field === field)?.message;
}

/** What an action ended in: a message (and the delivery report of what it sent), or an error to explain. */
export type Outcome = { kind: 'ok'; message: string; notificationId?: string } | { kind: 'error'; error: unknown };

/** Runs one action at a time and keeps its outcome for {@link OutcomeBar}. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const run = useCallback(async (action: () => Promise<Omit<Extract<Outcome, { kind: 'ok' }>, 'kind'>>) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      setOutcome({ kind: 'ok', ...(await action()) });
    } catch (error) {
      setOutcome({ kind: 'error', error });
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setOutcome(undefined), []);
  return { busy, outcome, run, clear };
}

/**
 * After a refusal that names fields, focus goes to the first field marked invalid, so a keyboard
 * or screen-reader user lands where the correction is due and hears the field's message with it
 * (the field's `aria-describedby`); the summary above is announced as an alert.
 */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, outcome: Outcome | undefined): void {
  useEffect(() => {
    if (outcome?.kind !== 'error' || !(outcome.error instanceof ApiError) || outcome.error.issues.length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, outcome]);
}

/**
 * The form's own label for a field the server named ("contact.email" is "Kontakt i KOMBIT,
 * e-mail", "milestones.2.date" is "Milepæl 3: Dato"), so the summary reads like the form; the
 * server's path where the form has no label for it.
 */
function fieldLabel(path: string, f: AdminStrings['fields']): string {
  const nested: Record<string, string> = {
    'contact.name': f.contactName,
    'contact.email': f.contactEmail,
    'operatingCost.amount': f.costAmount,
    'operatingCost.basis': f.costBasis,
    'operatingCost.year': f.costYear,
    solutionId: f.solution,
  };
  if (nested[path]) return nested[path];
  const row = /^(milestones|agenda)\.(\d+)\.(\w+)$/.exec(path);
  if (row) {
    const [, list, index, field] = row as unknown as [string, 'milestones' | 'agenda', string, string];
    const item = `${list === 'milestones' ? f.milestoneTitle : f.agendaTitle} ${Number(index) + 1}`;
    const inRow: Record<string, string> = { date: f.date, time: f.time, presenter: f.presenter };
    return field === 'title' ? item : `${item}: ${inRow[field] ?? field}`;
  }
  return (f as Record<string, string>)[path] ?? path;
}

/**
 * The outcome in words: success with the delivery report of what was sent, or the reason in
 * the user's language by status, with the fields or import rows the server named (its Danish
 * messages are written for users; an unexpected error's own text is never shown).
 */
export function OutcomeBar({ outcome, testId }: { outcome?: Outcome; testId: string }) {
  const a = useAdminStrings();
  if (!outcome) return null;
  if (outcome.kind === 'ok') {
    return (
      <div data-testid={`${testId}-ok`}>
        <MessageBar intent="success" role="status">
          <MessageBarBody>{outcome.message}</MessageBarBody>
        </MessageBar>
        {outcome.notificationId && <DeliveryReportView notificationId={outcome.notificationId} />}
      </div>
    );
  }
  const error = outcome.error;
  const status = error instanceof ApiError ? error.status : 0;
  const refusedImport = error instanceof ApiError && error.code === 'ImportRefused';
  const title = refusedImport ? a.import.refused : ((a.errors as Record<number, string>)[status] ?? a.errors.other);
  // A conflict's reason is specific ("Der er allerede en åben evaluering af dette møde"): the API's user-facing text says it.
  const detail = error instanceof ApiError && !refusedImport && (status === 409 || (status === 400 && error.code !== 'ValidationFailed')) ? error.message : undefined;
  return (
    <MessageBar intent="error" role="alert" layout="multiline" data-testid={`${testId}-error`}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {detail && <div>{detail}</div>}
        {error instanceof ApiError && error.issues.length > 0 && (
          <ul aria-label={a.fieldProblems}>
            {error.issues.map((i) => (
              <li key={`${i.field}:${i.message}`}>
                {fieldLabel(i.field, a.fields)}: {i.message}
              </li>
            ))}
          </ul>
        )}
        {error instanceof ApiError && error.rows.length > 0 && <RowReport rows={error.rows} />}
      </MessageBarBody>
    </MessageBar>
  );
}

function RowReport({ rows }: { rows: ApiError['rows'] }) {
  const a = useAdminStrings();
  return (
    <Table aria-label={a.import.reportLabel} size="small" data-testid="import-report">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{a.import.row}</TableHeaderCell>
          <TableHeaderCell>{a.import.column}</TableHeaderCell>
          <TableHeaderCell>{a.import.reason}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={`${r.row}:${r.column}:${r.message}`}>
            <TableCell>{r.row}</TableCell>
            <TableCell>{r.column}</TableCell>
            <TableCell>{r.message}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const useReportStyles = makeStyles({
  report: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: '760px',
  },
  summary: { color: tokens.colorNeutralForeground2 },
  footer: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

const REPORT_KEYS = ['total', 'sent', 'pending', 'failed', 'skipped'] as const;

/**
 * A notification's delivery, laid out as the list views show progress over the municipalities: a
 * heading naming what was sent, a bar of sent, waiting, failed and skipped targets with the numbers
 * in words, the counts, and when it was read (refreshable).
 */
export function DeliveryReportView({ notificationId, title }: { notificationId: string; title?: string }) {
  const a = useAdminStrings();
  const { lang } = useI18n();
  const styles = useReportStyles();
  const [report, setReport] = useState<DeliveryReport | undefined>();
  const [readAt, setReadAt] = useState<Date | undefined>();
  const { busy, outcome, run } = useAction();
  const load = useCallback(
    () =>
      run(async () => {
        setReport(await getJson<DeliveryReport>(`/api/notifications/${encodeURIComponent(notificationId)}/report`));
        setReadAt(new Date());
        return { message: '' };
      }),
    [notificationId, run],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const heading = title ? `${a.reports.tableLabel}: ${title}` : a.reports.tableLabel;
  return (
    <section className={styles.report} aria-label={heading} data-testid="delivery-report" data-notification={notificationId}>
      <Text as="h4" weight="semibold" size={400}>
        {heading}
      </Text>
      {outcome?.kind === 'error' && <OutcomeBar outcome={outcome} testId="delivery-report" />}
      {report && report.total > 0 && (
        <StackedBar
          total={report.total}
          label={a.reports.summary(report)}
          parts={[
            { key: 'done', value: report.sent, label: a.reports.sent },
            { key: 'started', value: report.pending, label: a.reports.pending },
            { key: 'declined', value: report.failed, label: a.reports.failed },
            { key: 'rest', value: report.skipped, label: a.reports.skipped },
          ]}
        />
      )}
      {report && (
        <Text className={styles.summary} data-testid="report-summary">
          {report.total === 0 ? a.reports.none : a.reports.summary(report)}
        </Text>
      )}
      {report && (
        <Table aria-label={`${a.reports.tableLabel}: ${title ?? notificationId}`} size="small">
          <TableHeader>
            <TableRow>
              {REPORT_KEYS.map((k) => (
                <TableHeaderCell key={k}>{a.reports[k]}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            <TableRow>
              {REPORT_KEYS.map((k) => (
                <TableCell key={k} data-testid={`report-${k}`}>
                  {report[k]}
                </TableCell>
              ))}
            </TableRow>
          </TableBody>
        </Table>
      )}
      <div className={styles.footer}>
        {readAt && <Text className={styles.summary}>{a.reports.readAt(formatClock(readAt, lang))}</Text>}
        <Button size="small" onClick={() => void load()} disabledFocusable={busy}>
          {a.reports.refresh}
        </Button>
      </div>
    </section>
  );
}

interface FieldProps {
  readonly label: string;
  readonly issue?: string;
  readonly testId: string;
  readonly required?: boolean;
  readonly className?: string;
}

/** A labelled text input; the server's message for the field shows under it and is read out with it. */
export function TextField({ label, issue, testId, required, className, value, onChange, type = 'text', multiline, hint }: FieldProps & { value: string; onChange(value: string): void; type?: 'text' | 'time' | 'email' | 'url'; multiline?: boolean; hint?: string }) {
  return (
    <Field label={label} required={required} validationState={issue ? 'error' : 'none'} validationMessage={issue} className={className} hint={hint}>
      {multiline ? (
        <Textarea value={value} onChange={(_, d) => onChange(d.value)} data-testid={testId} resize="vertical" />
      ) : (
        <Input type={type} value={value} onChange={(_, d) => onChange(d.value)} data-testid={testId} />
      )}
    </Field>
  );
}

/** `2026-03-31` → "31-03-2026", as the date fields show a date; anything else unchanged. */
export function danishDate(iso: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[3]}-${m[2]}-${m[1]}` : (iso ?? '');
}

/**
 * A date typed as a Dane types it, dd-mm-åååå, in a text field: the browser's date input shows
 * mm/dd/yyyy in an English browser and cannot even take "31-02-2026", so the server, which takes
 * dd-mm-åååå, checks it and names a day that does not exist as a wrong date.
 */
export function DateField(props: FieldProps & { value: string; onChange(value: string): void }) {
  const a = useAdminStrings();
  const { label, issue, testId, required, className, value, onChange } = props;
  return (
    <Field label={label} required={required} validationState={issue ? 'error' : 'none'} validationMessage={issue} className={className} hint={a.datePattern}>
      <Input value={value} onChange={(_, d) => onChange(d.value)} data-testid={testId} placeholder={a.datePattern} pattern="\d{1,2}-\d{1,2}-\d{4}" autoComplete="off" style={{ width: '11em' }} />
    </Field>
  );
}

/**
 * A moment typed as a Dane types it, dd-mm-åååå tt:mm, in a text field: the browser's
 * datetime input shows the computer's own format (mm/dd/yyyy, AM/PM in an English browser). The
 * server reads it in Danish time and names a wrong one.
 */
export function DateTimeField(props: FieldProps & { value: string; onChange(value: string): void; hint?: string }) {
  const a = useAdminStrings();
  const { label, issue, testId, required, className, value, onChange, hint } = props;
  return (
    <Field label={label} required={required} validationState={issue ? 'error' : 'none'} validationMessage={issue} className={className} hint={hint ? `${a.dateTimePattern} · ${hint}` : a.dateTimePattern}>
      <Input value={value} onChange={(_, d) => onChange(d.value)} data-testid={testId} placeholder={a.dateTimePattern} autoComplete="off" style={{ width: '14em' }} />
    </Field>
  );
}

/**
 * A labelled native select (keyboard and screen readers know it). With `placeholder`, nothing is
 * chosen until the person chooses (a new task must not land on whichever solution sorts first).
 */
export function ChoiceField({ label, issue, testId, required, className, value, onChange, options, placeholder }: FieldProps & { value: string; onChange(value: string): void; options: readonly { value: string; label: string }[]; placeholder?: string }) {
  return (
    <Field label={label} required={required} validationState={issue ? 'error' : 'none'} validationMessage={issue} className={className}>
      <Select value={value} onChange={(_, d) => onChange(d.value)} data-testid={testId}>
        {placeholder !== undefined && (
          <option value="" disabled={value !== ''}>
            {placeholder}
          </option>
        )}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function CheckField({ label, checked, onChange, testId }: { label: string; checked: boolean; onChange(checked: boolean): void; testId: string }) {
  return <Checkbox label={label} checked={checked} onChange={(_, d) => onChange(d.checked === true)} data-testid={testId} />;
}

/**
 * An editable list (milestones, agenda items): each row a labelled group with its own remove
 * button, and an add button after them; the whole list is sent with the form.
 */
export function RowsEditor<R>({ legend, itemName, rows, onChange, blank, testId, children }: {
  legend: string;
  itemName: string;
  rows: readonly R[];
  onChange(rows: R[]): void;
  blank: () => R;
  testId: string;
  children(row: R, set: (patch: Partial<R>) => void, index: number): ReactNode;
}) {
  const a = useAdminStrings();
  const styles = useFormStyles();
  return (
    <fieldset className={styles.fieldset} data-testid={testId}>
      <legend className={styles.legend}>{legend}</legend>
      {rows.map((row, i) => (
        <div key={i} role="group" aria-label={`${itemName} ${i + 1}`} className={styles.group}>
          {children(row, (patch) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r))), i)}
          <Button icon={<Delete16Regular />} aria-label={`${a.remove(itemName)} ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))} />
        </div>
      ))}
      <div>
        <Button icon={<Add16Regular />} onClick={() => onChange([...rows, blank()])} data-testid={`${testId}-add`}>
          {a.add} {itemName}
        </Button>
      </div>
    </fieldset>
  );
}

/** What an editor does with its form: read an existing item (with its ETag), and save new or changed. */
export interface EditorSpec<F> {
  readonly testId: string;
  readonly items: readonly { id: string; label: string }[];
  readonly empty: F;
  load(id: string): Promise<{ form: F; etag?: string }>;
  /** `existing.before` is the form as loaded, so a save can tell a field the person emptied from one that was never filled. */
  save(form: F, existing?: { id: string; etag?: string; before: F }): Promise<{ id: string; message: string; notificationId?: string }>;
  /** The label of the button that creates (e.g. "Publicér" for a task, whose card goes out at once). */
  readonly createLabel?: string;
  /** Further actions on the chosen item (an agreement's "Send nu"), each a button beside the save button. */
  readonly actions?: readonly EditorAction[];
}

/** One action on a chosen item; its answer is shown like a save's (with the delivery report of what it sent). */
export interface EditorAction {
  readonly label: string;
  readonly testId: string;
  run(id: string): Promise<{ message: string; notificationId?: string }>;
}

/**
 * The create-or-edit frame shared by the solution, meeting, task and agreement editors: a picker
 * ("Opret ny" or an existing item), the form, and one submit button. An existing item is read
 * with its ETag and saved with `If-Match`, so a change made meanwhile by someone else is refused.
 */
export function EntityEditor<F>({ spec, children }: { spec: EditorSpec<F>; children(form: F, set: (patch: Partial<F>) => void, issue: IssueOf, isNew: boolean): ReactNode }) {
  const a = useAdminStrings();
  const styles = useFormStyles();
  const [selected, setSelected] = useState('');
  const [form, setForm] = useState<F>(spec.empty);
  const [etag, setEtag] = useState<string | undefined>();
  const [original, setOriginal] = useState<F>(spec.empty);
  const { busy, outcome, run, clear } = useAction();
  const [loadError, setLoadError] = useState<Outcome | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, outcome);

  const choose = async (id: string, keepOutcome = false) => {
    setSelected(id);
    setLoadError(undefined);
    if (!keepOutcome) clear();
    if (!id) {
      setForm(spec.empty);
      setOriginal(spec.empty);
      setEtag(undefined);
      return;
    }
    try {
      const loaded = await spec.load(id);
      setForm(loaded.form);
      setOriginal(loaded.form);
      setEtag(loaded.etag);
    } catch (error) {
      setLoadError({ kind: 'error', error });
    }
  };

  const submit = () =>
    run(async () => {
      const done = await spec.save(form, selected ? { id: selected, etag, before: original } : undefined);
      await choose(done.id, true);
      return done;
    });

  // Read anew afterwards: the action changed the item (and its ETag) on the server.
  const act = (action: EditorAction) =>
    run(async () => {
      const done = await action.run(selected);
      await choose(selected, true);
      return done;
    });

  return (
    <div className={styles.panel}>
      {/* noValidate: the server checks every field and answers in the user's language; the browser's bubbles would not. */}
      <form
        ref={formRef}
        noValidate
        className={styles.form}
        data-testid={`${spec.testId}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <ChoiceField
          label={a.choose}
          testId={`${spec.testId}-picker`}
          value={selected}
          onChange={(id) => void choose(id)}
          options={[{ value: '', label: a.createNew }, ...spec.items.map((i) => ({ value: i.id, label: i.label }))]}
        />
        {children(form, (patch) => setForm((f) => ({ ...f, ...patch })), issuesOf(outcome?.kind === 'error' ? outcome.error : undefined), selected === '')}
        {/* disabledFocusable while busy: a disabled button would drop keyboard focus to the page's start. */}
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabledFocusable={busy} data-testid={`${spec.testId}-submit`}>
            {busy ? a.saving : selected ? a.save : (spec.createLabel ?? a.create)}
          </Button>
          {selected &&
            spec.actions?.map((action) => (
              <Button key={action.testId} type="button" disabledFocusable={busy} onClick={() => void act(action)} data-testid={action.testId}>
                {action.label}
              </Button>
            ))}
        </div>
        <OutcomeBar outcome={loadError ?? outcome} testId={spec.testId} />
      </form>
    </div>
  );
}
