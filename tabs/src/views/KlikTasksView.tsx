import { Fragment, useEffect, useState } from 'react';
import {
  Button,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ChevronDown16Regular, ChevronRight16Regular } from '@fluentui/react-icons';
import { useI18n } from '../i18n.tsx';
import { useApi, useShared } from '../data.tsx';
import { ApiError, putJson } from '../api.ts';
import { LoadState, StackedBar, useListStyles, TaskTypeBadge } from '../components/common.tsx';
import { DownloadButtons } from '../components/Download.tsx';
import { CopyList } from '../components/CopyList.tsx';
import { DIFFERENCE_TEXT, KlikDifference } from '../components/KlikDifference.tsx';
import type { StatusDifferenceList, StatusDifferenceRow } from '../../../bot/klikTasks/klikStatusDifferences.ts';
import { TASK_STATUSES, TASK_STATUS_LABELS, TASK_TYPES, TASK_TYPE_LABELS } from '../../../bot/domain/labels.ts';
import { formatDate } from '../format.ts';
import { formatDaysLeft } from '../../../bot/domain/text.ts';
import type { MunicipalityRef, PortfolioOverview, TaskProgress, TaskRow, TaskStatus, TaskStatusList, TaskType } from '../types.ts';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalM },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  mine: { backgroundColor: tokens.colorBrandBackground2, borderLeft: `4px solid ${tokens.colorBrandStroke1}`, padding: tokens.spacingHorizontalS, borderRadius: tokens.borderRadiusMedium },
  message: { marginTop: tokens.spacingVerticalXS },
});

type Show = 'open' | 'all';

/** KLIK-opgaver: open and recent tasks by deadline, type badges, progress over the 98, who has not started, and the own status. */
export default function KlikTasksView() {
  const { portfolio, needProgress } = useShared();
  useEffect(needProgress, [needProgress]);
  return <LoadState state={portfolio}>{(data) => <TaskTable data={data} />}</LoadState>;
}

function TaskTable({ data }: { data: PortfolioOverview }) {
  const styles = useStyles();
  const shared = useListStyles();
  const { s, l } = useI18n();
  const { me, progress } = useShared();
  const [show, setShow] = useState<Show>('open');
  const [type, setType] = useState<TaskType | ''>('');
  const [ascending, setAscending] = useState(true);
  const solutionName = new Map(data.solutions.map((r) => [r.solution.id, r.solution.name]));
  const municipality = me.data?.municipality ?? null;
  const owes = (t: TaskRow) => owedBy(t, municipality, progress.data?.tasks);
  // Where the municipality's report in Teams and its status in KLIK differ (KLIK counts).
  const differences = useApi<StatusDifferenceList>(municipality ? `/api/klik-tasks/status/differences?kommune=${encodeURIComponent(municipality.code)}` : null);
  const differenceOf = (taskId: string) => differences.data?.differences.find((d) => d.taskId === taskId);
  const byDeadline = (a: TaskRow, b: TaskRow) => (ascending ? 1 : -1) * (a.deadline.localeCompare(b.deadline) || a.title.localeCompare(b.title, 'da'));
  // "Åbne og nylige" opens on what the person's own municipality still owes, however overdue, most
  // urgent first; "Alle" is the complete list in the chosen deadline order.
  const tasks = data.tasks
    .filter((t) => (show === 'all' || t.daysLeft >= -30 || owes(t)) && (!type || t.type === type))
    .sort((a, b) => (show === 'open' ? Number(owes(b)) - Number(owes(a)) : 0) || byDeadline(a, b));

  return (
    <section aria-labelledby="klik-heading">
      <Text as="h2" size={600} weight="semibold" id="klik-heading" block>
        {s.views.klik}
      </Text>
      <div className={styles.filters}>
        <Field label={s.klik.show}>
          <Select value={show} onChange={(_, d) => setShow(d.value as Show)} data-testid="klik-show">
            <option value="open">{s.klik.showOpen}</option>
            <option value="all">{s.klik.showAll}</option>
          </Select>
        </Field>
        <Field label={s.klik.type}>
          <Select value={type} onChange={(_, d) => setType(d.value as TaskType | '')} data-testid="klik-type">
            <option value="">{s.klik.allTypes}</option>
            {TASK_TYPES.map((t) => (
              <option key={t} value={t}>
                {l(TASK_TYPE_LABELS[t])}
              </option>
            ))}
          </Select>
        </Field>
        <DownloadButtons path="/api/exports/klik-tasks" fileName="klik-opgaver" />
      </div>
      {me.data && !municipality && (
        <Text className={shared.hint}>
          {s.noMunicipality} {me.data.suggestedMunicipality ? s.suggestedMunicipality(me.data.suggestedMunicipality.name) : ''}
        </Text>
      )}
      <Text className={shared.hint} role="status">
        {s.klik.count(tasks.length)}
      </Text>
      <div className={shared.scroll}>
        <Table aria-label={s.klik.tableLabel} className={shared.table} size="small" sortable data-testid="klik-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '30%' }}>{s.klik.task}</TableHeaderCell>
              <TableHeaderCell style={{ width: '14%' }}>{s.klik.type}</TableHeaderCell>
              <TableHeaderCell
                style={{ width: '12%' }}
                sortDirection={ascending ? 'ascending' : 'descending'}
                onClick={() => setAscending((a) => !a)}
                data-testid="sort-deadline"
              >
                {s.klik.deadline}
              </TableHeaderCell>
              <TableHeaderCell style={{ width: '25%' }}>{s.klik.progress}</TableHeaderCell>
              <TableHeaderCell style={{ width: '19%' }}>{municipality ? `${s.yourMunicipality}: ${municipality.name}` : s.yourMunicipality}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tasks.map((t) => (
              <TaskRowView key={t.id} task={t} solutionName={solutionName.get(t.solutionId) ?? t.solutionId} municipality={municipality} difference={differenceOf(t.id)} onReported={differences.reload} />
            ))}
          </TableBody>
        </Table>
        {tasks.length === 0 && <Text className={shared.hint}>{s.klik.noTasks}</Text>}
      </div>
    </section>
  );
}

/** Whether the municipality has not finished the task (not started or started); false without a municipality. */
function owedBy(task: TaskRow, municipality: MunicipalityRef | null, statuses: Readonly<Record<string, TaskStatus>> | undefined): boolean {
  return municipality !== null && statuses !== undefined && (statuses[task.id] ?? 'notStarted') !== 'done';
}

function TaskRowView({ task, solutionName, municipality, difference, onReported }: { task: TaskRow; solutionName: string; municipality: MunicipalityRef | null; difference?: StatusDifferenceRow; onReported: () => void }) {
  const styles = useStyles();
  const shared = useListStyles();
  const { s, lang } = useI18n();
  const { progress } = useShared();
  const [expanded, setExpanded] = useState(false);
  const p = task.progress;
  const listId = `not-started-${task.id}`;
  const owed = owedBy(task, municipality, progress.data?.tasks);
  // A task the person's municipality has finished is not overdue for them, whatever the others' status.
  const doneHere = municipality !== null && progress.data?.tasks[task.id] === 'done';
  const overdue = task.daysLeft < 0 && p.done < p.total && !doneHere;
  return (
    <Fragment>
      <TableRow data-task={task.id} data-owed={owed ? 'true' : undefined}>
        <TableCell>
          <Text weight="semibold">{task.title}</Text>
          <span className={shared.small}>
            {solutionName} · {s.klik.role}: {task.responsibleRole}
            {task.klikUrl && (
              <>
                {' · '}
                <Link href={task.klikUrl} target="_blank" rel="noreferrer">
                  {s.klik.openInKlik}
                </Link>
              </>
            )}
          </span>
        </TableCell>
        <TableCell>
          <TaskTypeBadge type={task.type} />
        </TableCell>
        <TableCell>
          <span data-testid="task-deadline">{formatDate(task.deadline, lang)}</span>
          <span className={overdue ? `${shared.small} ${styles.overdue}` : shared.small} data-overdue={overdue ? 'true' : undefined}>
            {formatDaysLeft(task.daysLeft, lang)}
          </span>
        </TableCell>
        <TableCell className={shared.progressCell}>
          <TaskProgressBar progress={p} />
          <Button
              appearance="transparent"
              size="small"
              icon={expanded ? <ChevronDown16Regular /> : <ChevronRight16Regular />}
              aria-expanded={expanded}
              aria-controls={listId}
              onClick={() => setExpanded((e) => !e)}
              data-testid="toggle-not-started"
            >
              {expanded ? s.klik.hideNotStarted : p.notStarted > 0 ? s.klik.whoNotStarted(p.notStarted) : s.klik.showNames}
            </Button>
          {p.notStarted === 0 && <span className={shared.small}>{s.klik.allStarted}</span>}
        </TableCell>
        <TableCell>{municipality ? <MyStatus task={task} municipality={municipality} difference={difference} onReported={onReported} /> : <Text>–</Text>}</TableCell>
      </TableRow>
      {expanded && (
        <TableRow>
          <TableCell colSpan={5} id={listId}>
            {/* Keyed by the counts: after a status change the list is read again and matches the bar. */}
            <StatusLists key={`${p.done}/${p.started}`} taskId={task.id} municipality={municipality} />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}

export function TaskProgressBar({ progress: p, large }: { progress: TaskProgress; large?: boolean }) {
  const { s, l } = useI18n();
  return (
    <StackedBar
      large={large}
      total={p.total}
      label={s.klik.progressOf(p.done, p.started, p.notStarted, p.total)}
      parts={[
        { key: 'done', value: p.done, label: l(TASK_STATUS_LABELS.done) },
        { key: 'started', value: p.started, label: l(TASK_STATUS_LABELS.started) },
        { key: 'rest', value: p.notStarted, label: l(TASK_STATUS_LABELS.notStarted) },
      ]}
    />
  );
}

const LIST_IDS: Record<TaskStatus, string> = { notStarted: 'not-started-list', started: 'started-list', done: 'done-list' };

/** Who is where on a task, as KLIK's three statuses, "Ikke påbegyndt" first; each list can be copied into a mail. */
function StatusLists({ taskId, municipality }: { taskId: string; municipality: MunicipalityRef | null }) {
  const shared = useListStyles();
  const { s, l } = useI18n();
  const list = useApi<TaskStatusList>(`/api/klik-tasks/${encodeURIComponent(taskId)}/statuses`);
  return (
    <LoadState state={list}>
      {(data) => (
        <>
          <DownloadButtons path={`/api/exports/klik-tasks/${encodeURIComponent(taskId)}`} what={s.download.statuses} fileName={`klik-opgave-${taskId}-status`} />
          {(['notStarted', 'started', 'done'] as const).map((status) => {
            const names = data.municipalities.filter((m) => m.status === status);
            if (names.length === 0) return null;
            return (
              <section key={status} aria-label={s.klik.group(l(TASK_STATUS_LABELS[status]), names.length)} data-status-group={status}>
                <Text weight="semibold">{s.klik.group(l(TASK_STATUS_LABELS[status]), names.length)}</Text>{' '}
                <CopyList names={names.map((m) => m.name)} testId={`copy-${LIST_IDS[status]}`} />
                <ul className={shared.names} data-testid={LIST_IDS[status]}>
                  {names.map((m) => (
                    <li key={m.code} className={m.code === municipality?.code ? shared.ownName : undefined} aria-current={m.code === municipality?.code ? 'true' : undefined}>
                      {m.name}
                      {m.code === municipality?.code ? ` (${s.yourMunicipality.toLowerCase()})` : ''}
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </>
      )}
    </LoadState>
  );
}

/** The updated task as the status endpoint answers it: `{...task, progress}` or `{task, progress}`. */
type StatusAnswer = { progress?: TaskProgress; task?: { progress?: TaskProgress } };

function MyStatus({ task, municipality, difference, onReported }: { task: TaskRow; municipality: MunicipalityRef; difference?: StatusDifferenceRow; onReported: () => void }) {
  const styles = useStyles();
  const { s, l, lang } = useI18n();
  const { progress, portfolio } = useShared();
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | undefined>();
  // The select is what the municipality reports; where KLIK says otherwise, both are shown below it.
  const current: TaskStatus = difference?.reported ?? progress.data?.tasks[task.id] ?? 'notStarted';

  const change = async (status: TaskStatus) => {
    setSaving(true);
    setMessage(undefined);
    try {
      const answer = await putJson<StatusAnswer>(`/api/klik-tasks/${encodeURIComponent(task.id)}/statuses/${encodeURIComponent(municipality.code)}`, { status });
      progress.setData((old) => (old ? { ...old, tasks: { ...old.tasks, [task.id]: status } } : old));
      const updated = answer?.progress ?? answer?.task?.progress;
      if (updated) portfolio.setData((old) => (old ? { ...old, tasks: old.tasks.map((t) => (t.id === task.id ? { ...t, progress: updated } : t)) } : old));
      else portfolio.reload();
      onReported();
      setMessage({ intent: 'success', text: `${s.klik.saved} ${DIFFERENCE_TEXT[lang].rememberKlik}` });
    } catch (error) {
      const code = error instanceof ApiError ? error.status : 0;
      const errors = s.klik.errors;
      const text = code === 403 || code === 412 || code === 400 || code === 404 || code === 401 ? errors[code] : errors.other;
      setMessage({ intent: 'error', text });
      if (code === 412) progress.reload();
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className={styles.mine} data-testid="my-status">
      <Field label={s.klik.myStatus(municipality.name)} size="small">
        <Select value={current} disabled={saving} onChange={(_, d) => void change(d.value as TaskStatus)} data-testid="my-status-select">
          {TASK_STATUSES.map((st) => (
            <option key={st} value={st}>
              {l(TASK_STATUS_LABELS[st])}
            </option>
          ))}
        </Select>
      </Field>
      {difference && <KlikDifference difference={difference} />}
      {saving && <Spinner size="extra-tiny" label={s.klik.saving} />}
      {message && (
        <MessageBar intent={message.intent} className={styles.message} role={message.intent === 'error' ? 'alert' : 'status'} data-testid="my-status-message">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
