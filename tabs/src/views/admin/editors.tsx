import { useMemo } from 'react';
import { useI18n } from '../../i18n.tsx';
import { useApi, useShared } from '../../data.tsx';
import { getVersioned, sendJson } from '../../api.ts';
import {
  AGREEMENT_KINDS,
  AGREEMENT_KIND_LABELS,
  PHASES,
  PHASE_LABELS,
  SIGNING_CHANNELS,
  SIGNING_CHANNEL_LABELS,
  SOLUTION_STATUSES,
  SOLUTION_STATUS_LABELS,
  TASK_TYPES,
  TASK_TYPE_LABELS,
  type AgreementKind,
  type Bilingual,
  type Phase,
  type SigningChannel,
  type SolutionStatus,
  type TaskType,
} from '../../../../bot/domain/labels.ts';
import { foldText } from '../../../../bot/domain/text.ts';
import { formatDate } from '../../format.ts';
import { ChoiceField, CheckField, DateField, danishDate, EntityEditor, RowsEditor, TextField, useFormStyles, type EditorSpec } from './forms.tsx';
import { useAdminStrings } from './strings.ts';
import type { Agreement, KlikTask, Meeting, Solution } from '../../types.ts';

/** A closed list as select options in the user's language. */
function useOptions<T extends string>(ids: readonly T[], labels: Record<T, Bilingual>) {
  const { l } = useI18n();
  return ids.map((id) => ({ value: id, label: l(labels[id]) }));
}

/** After a save: the portfolio read anew so every view shows it; a failed refresh leaves the save standing. */
function useAfterSave() {
  const { refreshPortfolio } = useShared();
  return () => refreshPortfolio().catch(() => undefined);
}

function useSolutionOptions() {
  const { portfolio } = useShared();
  return (portfolio.data?.solutions ?? []).map((r) => ({ value: r.solution.id, label: r.solution.name }));
}

const path = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

/**
 * An optional field for a request body: its value when filled in; `null` when the person emptied
 * a field that had a value (a PATCH keeps what it is not sent, so leaving it out would keep the
 * old value); else nothing.
 */
function optionalField<K extends string, V>(key: K, value: V | undefined, hadValue: boolean): Partial<Record<K, V | null>> {
  if (value !== undefined) return { [key]: value } as Record<K, V>;
  return hadValue ? ({ [key]: null } as Record<K, null>) : {};
}

/**
 * Saves a task or an agreement through its API, whose service sends the bot's card (new) or
 * updates the cards sent (changed); the answer names the card's delivery report.
 */
async function saveWithCards(base: '/api/klik-tasks' | '/api/agreements', key: 'task' | 'agreement', body: unknown, existing: { id: string; etag?: string } | undefined, messages: { created: string; changed: string }) {
  const { data } = existing
    ? await sendJson<Record<string, { id: string }> & { notificationId: string }>('PATCH', path(base, existing.id), body, existing.etag)
    : await sendJson<Record<string, { id: string }> & { notificationId: string }>('POST', base, body);
  return { id: data[key]!.id, message: existing ? messages.changed : messages.created, notificationId: data.notificationId };
}

interface MilestoneForm {
  id: string;
  title: string;
  date: string;
  done: boolean;
}
interface SolutionForm {
  id: string;
  name: string;
  description: string;
  phase: Phase;
  status: SolutionStatus;
  contactName: string;
  contactEmail: string;
  /** As typed, with a Danish decimal comma allowed. */
  costAmount: string;
  costBasis: string;
  costYear: string;
  /** The driftsbidrag's further prices and knækmodel flags, which the form does not edit but must not drop on save. */
  costExtra: Pick<NonNullable<Solution['operatingCost']>, 'label' | 'kneeModel' | 'more'>;
  milestones: MilestoneForm[];
}

/** The number typed, or the text itself when it is not one (the server then says what is wrong). */
function numberOrText(text: string): number | string {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) ? value : text;
}

/** A new milestone's id from its title ("Udbud afsluttet" → udbud-afsluttet), unique within the solution. */
function milestoneIds(milestones: readonly MilestoneForm[]): MilestoneForm[] {
  const taken = new Set(milestones.map((m) => m.id).filter(Boolean));
  return milestones.map((m) => {
    if (m.id) return m;
    const base = foldText(m.title).replace(/ /g, '-').slice(0, 50) || 'milepael';
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return { ...m, id };
  });
}

/** Solutions with their milestones and KOMBIT contact. */
export function SolutionEditor() {
  const a = useAdminStrings();
  const f = a.fields;
  const styles = useFormStyles();
  const afterSave = useAfterSave();
  const items = useSolutionOptions();
  const phases = useOptions(PHASES, PHASE_LABELS);
  const statuses = useOptions(SOLUTION_STATUSES, SOLUTION_STATUS_LABELS);
  const spec: EditorSpec<SolutionForm> = {
    testId: 'solution',
    items: items.map((i) => ({ id: i.value, label: i.label })),
    empty: { id: '', name: '', description: '', phase: 'analysis', status: 'onTrack', contactName: '', contactEmail: '', costAmount: '', costBasis: '', costYear: '', costExtra: {}, milestones: [] },
    async load(id) {
      const { data, etag } = await getVersioned<{ solution: Solution }>(path('/api/solutions', id));
      const s = data.solution;
      return {
        form: { id: s.id, name: s.name, description: s.description, phase: s.phase, status: s.status, contactName: s.contact?.name ?? '', contactEmail: s.contact?.email ?? '', costAmount: s.operatingCost ? String(s.operatingCost.amount).replace('.', ',') : '', costBasis: s.operatingCost?.basis ?? '', costYear: s.operatingCost ? String(s.operatingCost.year) : '', costExtra: s.operatingCost ? { ...(s.operatingCost.label ? { label: s.operatingCost.label } : {}), ...(s.operatingCost.kneeModel !== undefined ? { kneeModel: s.operatingCost.kneeModel } : {}), ...(s.operatingCost.more ? { more: s.operatingCost.more } : {}) } : {}, milestones: s.milestones.map((m) => ({ ...m, date: danishDate(m.date) })) },
        etag,
      };
    },
    async save(form, existing) {
      const hasContact = (s: SolutionForm) => Boolean(s.contactName || s.contactEmail);
      const hasCost = (s: SolutionForm) => Boolean(s.costAmount || s.costBasis || s.costYear);
      const body = {
        name: form.name,
        description: form.description,
        phase: form.phase,
        status: form.status,
        milestones: milestoneIds(form.milestones),
        ...optionalField('contact', hasContact(form) ? { name: form.contactName, email: form.contactEmail } : undefined, Boolean(existing && hasContact(existing.before))),
        // Sent as typed when not a number, so the server names the field that is wrong.
        ...optionalField(
          'operatingCost',
          hasCost(form) ? { ...form.costExtra, amount: numberOrText(form.costAmount.replace(',', '.')), basis: form.costBasis, year: numberOrText(form.costYear) } : undefined,
          Boolean(existing && hasCost(existing.before)),
        ),
      };
      if (existing) await sendJson('PATCH', path('/api/solutions', existing.id), body, existing.etag);
      else await sendJson('POST', '/api/solutions', { id: form.id, ...body });
      await afterSave();
      return { id: existing?.id ?? form.id, message: existing ? a.saved : a.created };
    },
  };
  return (
    <EntityEditor spec={spec}>
      {(form, set, issue, isNew) => (
        <>
          {isNew && <TextField label={f.id} required value={form.id} onChange={(id) => set({ id })} issue={issue('id')} testId="solution-id" />}
          <TextField label={f.name} required value={form.name} onChange={(name) => set({ name })} issue={issue('name')} testId="solution-name" />
          <TextField label={f.description} multiline value={form.description} onChange={(description) => set({ description })} issue={issue('description')} testId="solution-description" />
          <div className={styles.row}>
            <ChoiceField label={f.phase} value={form.phase} onChange={(v) => set({ phase: v as Phase })} options={phases} issue={issue('phase')} testId="solution-phase" />
            <ChoiceField label={f.status} value={form.status} onChange={(v) => set({ status: v as SolutionStatus })} options={statuses} issue={issue('status')} testId="solution-status" />
          </div>
          <div className={styles.row}>
            <TextField className={styles.grow} label={f.contactName} value={form.contactName} onChange={(contactName) => set({ contactName })} issue={issue('contact.name')} testId="solution-contact-name" />
            <TextField className={styles.grow} label={f.contactEmail} type="email" value={form.contactEmail} onChange={(contactEmail) => set({ contactEmail })} issue={issue('contact.email')} testId="solution-contact-email" />
          </div>
          <div className={styles.row}>
            <TextField label={f.costAmount} value={form.costAmount} onChange={(costAmount) => set({ costAmount })} issue={issue('operatingCost.amount')} testId="solution-cost-amount" />
            <TextField className={styles.grow} label={f.costBasis} value={form.costBasis} onChange={(costBasis) => set({ costBasis })} issue={issue('operatingCost.basis')} testId="solution-cost-basis" />
            <TextField label={f.costYear} value={form.costYear} onChange={(costYear) => set({ costYear })} issue={issue('operatingCost.year')} testId="solution-cost-year" />
          </div>
          <RowsEditor legend={f.milestones} itemName={f.milestone} rows={form.milestones} onChange={(milestones) => set({ milestones })} blank={() => ({ id: '', title: '', date: '', done: false })} testId="milestones">
            {(m, setRow, i) => (
              <>
                <TextField className={styles.grow} label={f.milestoneTitle} value={m.title} onChange={(title) => setRow({ title })} issue={issue(`milestones.${i}.title`)} testId={`milestone-title-${i}`} />
                <DateField label={f.date} value={m.date} onChange={(date) => setRow({ date })} issue={issue(`milestones.${i}.date`)} testId={`milestone-date-${i}`} />
                <CheckField label={f.done} checked={m.done} onChange={(done) => setRow({ done })} testId={`milestone-done-${i}`} />
              </>
            )}
          </RowsEditor>
        </>
      )}
    </EntityEditor>
  );
}

interface AgendaForm {
  time: string;
  title: string;
  presenter: string;
}
interface MeetingForm {
  date: string;
  startTime: string;
  endTime: string;
  title: string;
  /** As typed; the evaluation's response rate and CSV summary are reckoned from them. */
  participantCount: string;
  participantMunicipalities: string;
  agenda: AgendaForm[];
  joinUrl: string;
  recordingUrl: string;
  presentationUrl: string;
}

/** Program-leader meetings with their agenda. */
export function MeetingEditor() {
  const a = useAdminStrings();
  const f = a.fields;
  const styles = useFormStyles();
  const { lang } = useI18n();
  const meetings = useApi<{ meetings: Meeting[] }>('/api/meetings');
  const spec: EditorSpec<MeetingForm> = {
    testId: 'meeting',
    items: [...(meetings.data?.meetings ?? [])].reverse().map((m) => ({ id: m.id, label: `${formatDate(m.date, lang)} · ${m.title}` })),
    empty: { date: '', startTime: '10:00', endTime: '11:30', title: 'Programledermøde', participantCount: '', participantMunicipalities: '', agenda: [], joinUrl: '', recordingUrl: '', presentationUrl: '' },
    async load(id) {
      const { data, etag } = await getVersioned<{ meeting: Meeting }>(path('/api/meetings', id));
      const m = data.meeting;
      const count = (n: number | undefined) => (n === undefined ? '' : String(n));
      const links = { joinUrl: m.joinUrl ?? '', recordingUrl: m.recordingUrl ?? '', presentationUrl: m.presentationUrl ?? '' };
      return {
        form: { date: danishDate(m.date), startTime: m.startTime, endTime: m.endTime, title: m.title, participantCount: count(m.participantCount), participantMunicipalities: count(m.participantMunicipalities), agenda: m.agenda.map((x) => ({ time: x.time ?? '', title: x.title, presenter: x.presenter })), ...links },
        etag,
      };
    },
    async save(form, existing) {
      const { participantCount, participantMunicipalities, joinUrl, recordingUrl, presentationUrl, ...rest } = form;
      const body = {
        ...rest,
        agenda: form.agenda.map((x) => ({ title: x.title, presenter: x.presenter, ...(x.time ? { time: x.time } : {}) })),
        // Sent as typed when not a number, so the server names the field that is wrong.
        ...optionalField('participantCount', participantCount.trim() ? numberOrText(participantCount) : undefined, Boolean(existing?.before.participantCount.trim())),
        ...optionalField('participantMunicipalities', participantMunicipalities.trim() ? numberOrText(participantMunicipalities) : undefined, Boolean(existing?.before.participantMunicipalities.trim())),
        ...optionalField('joinUrl', joinUrl.trim() || undefined, Boolean(existing?.before.joinUrl)),
        ...optionalField('recordingUrl', recordingUrl.trim() || undefined, Boolean(existing?.before.recordingUrl)),
        ...optionalField('presentationUrl', presentationUrl.trim() || undefined, Boolean(existing?.before.presentationUrl)),
      };
      const { data } = existing ? await sendJson<{ meeting: Meeting }>('PATCH', path('/api/meetings', existing.id), body, existing.etag) : await sendJson<{ meeting: Meeting }>('POST', '/api/meetings', body);
      meetings.reload();
      return { id: data.meeting.id, message: existing ? a.saved : a.created };
    },
    actions: [
      {
        label: a.meetings.sendFollowUp,
        testId: 'meeting-follow-up',
        async run(id) {
          const { data } = await sendJson<{ created: boolean; targets: number; notificationId: string }>('POST', `${path('/api/meetings', id)}/follow-up`, {});
          return { message: data.created ? a.meetings.followUpSent(data.targets) : a.meetings.followUpAlreadySent, notificationId: data.notificationId };
        },
      },
    ],
  };
  return (
    <EntityEditor spec={spec}>
      {(form, set, issue) => (
        <>
          <TextField label={f.title} required value={form.title} onChange={(title) => set({ title })} issue={issue('title')} testId="meeting-title" />
          <div className={styles.row}>
            <DateField label={f.date} required value={form.date} onChange={(date) => set({ date })} issue={issue('date')} testId="meeting-date" />
            <TextField label={f.startTime} value={form.startTime} onChange={(startTime) => set({ startTime })} issue={issue('startTime')} testId="meeting-start" />
            <TextField label={f.endTime} value={form.endTime} onChange={(endTime) => set({ endTime })} issue={issue('endTime')} testId="meeting-end" />
          </div>
          <TextField label={f.joinUrl} type="url" value={form.joinUrl} onChange={(joinUrl) => set({ joinUrl })} issue={issue('joinUrl')} testId="meeting-join-url" />
          <div className={styles.row}>
            <TextField label={f.participantCount} hint={f.participantHint} value={form.participantCount} onChange={(participantCount) => set({ participantCount })} issue={issue('participantCount')} testId="meeting-participants" />
            <TextField label={f.participantMunicipalities} value={form.participantMunicipalities} onChange={(participantMunicipalities) => set({ participantMunicipalities })} issue={issue('participantMunicipalities')} testId="meeting-municipalities" />
          </div>
          <RowsEditor legend={f.agenda} itemName={f.agendaItem} rows={form.agenda} onChange={(agenda) => set({ agenda })} blank={() => ({ time: '', title: '', presenter: '' })} testId="agenda">
            {(item, setRow, i) => (
              <>
                <TextField label={f.time} value={item.time} onChange={(time) => setRow({ time })} issue={issue(`agenda.${i}.time`)} testId={`agenda-time-${i}`} />
                <TextField className={styles.grow} label={f.agendaTitle} value={item.title} onChange={(title) => setRow({ title })} issue={issue(`agenda.${i}.title`)} testId={`agenda-title-${i}`} />
                <TextField label={f.presenter} value={item.presenter} onChange={(presenter) => setRow({ presenter })} issue={issue(`agenda.${i}.presenter`)} testId={`agenda-presenter-${i}`} />
              </>
            )}
          </RowsEditor>
          <div className={styles.row}>
            <TextField className={styles.grow} label={f.recordingUrl} type="url" value={form.recordingUrl} onChange={(recordingUrl) => set({ recordingUrl })} issue={issue('recordingUrl')} testId="meeting-recording-url" />
            <TextField className={styles.grow} label={f.presentationUrl} type="url" value={form.presentationUrl} onChange={(presentationUrl) => set({ presentationUrl })} issue={issue('presentationUrl')} testId="meeting-presentation-url" />
          </div>
        </>
      )}
    </EntityEditor>
  );
}

interface TaskForm {
  solutionId: string;
  title: string;
  description: string;
  type: TaskType;
  startDate: string;
  deadline: string;
  responsibleRole: string;
  klikUrl: string;
}

/** KLIK tasks: publishing one sends its card at once; a change updates the cards sent. */
export function TaskEditor() {
  const a = useAdminStrings();
  const f = a.fields;
  const styles = useFormStyles();
  const { lang } = useI18n();
  const { portfolio } = useShared();
  const afterSave = useAfterSave();
  const solutions = useSolutionOptions();
  const types = useOptions(TASK_TYPES, TASK_TYPE_LABELS);
  const spec: EditorSpec<TaskForm> = {
    testId: 'task',
    createLabel: a.publish,
    items: [...(portfolio.data?.tasks ?? [])].sort((x, y) => y.deadline.localeCompare(x.deadline)).map((t) => ({ id: t.id, label: `${formatDate(t.deadline, lang)} · ${t.title}` })),
    empty: { solutionId: '', title: '', description: '', type: 'mandatory', startDate: '', deadline: '', responsibleRole: '', klikUrl: '' },
    async load(id) {
      const { data, etag } = await getVersioned<{ task: KlikTask }>(path('/api/klik-tasks', id));
      const t = data.task;
      return { form: { solutionId: t.solutionId, title: t.title, description: t.description, type: t.type, startDate: danishDate(t.startDate), deadline: danishDate(t.deadline), responsibleRole: t.responsibleRole, klikUrl: t.klikUrl ?? '' }, etag };
    },
    async save(form, existing) {
      const { klikUrl, ...rest } = form;
      const body = { ...rest, ...optionalField('klikUrl', klikUrl || undefined, Boolean(existing?.before.klikUrl)) };
      const saved = await saveWithCards('/api/klik-tasks', 'task', body, existing, { created: a.tasks.published, changed: a.tasks.changed });
      await afterSave();
      return saved;
    },
  };
  return (
    <EntityEditor spec={spec}>
      {(form, set, issue) => (
        <>
          <ChoiceField label={f.solution} required value={form.solutionId} onChange={(solutionId) => set({ solutionId })} options={solutions} placeholder={a.chooseSolution} issue={issue('solutionId')} testId="task-solution" />
          <TextField label={f.title} required value={form.title} onChange={(title) => set({ title })} issue={issue('title')} testId="task-title" />
          <TextField label={f.description} multiline value={form.description} onChange={(description) => set({ description })} issue={issue('description')} testId="task-description" />
          <div className={styles.row}>
            <ChoiceField label={f.type} value={form.type} onChange={(v) => set({ type: v as TaskType })} options={types} issue={issue('type')} testId="task-type" />
            <DateField label={f.startDate} required value={form.startDate} onChange={(startDate) => set({ startDate })} issue={issue('startDate')} testId="task-start" />
            <DateField label={f.deadline} required value={form.deadline} onChange={(deadline) => set({ deadline })} issue={issue('deadline')} testId="task-deadline" />
          </div>
          <div className={styles.row}>
            <TextField className={styles.grow} label={f.responsibleRole} required value={form.responsibleRole} onChange={(responsibleRole) => set({ responsibleRole })} issue={issue('responsibleRole')} testId="task-role" />
            <TextField className={styles.grow} label={f.klikUrl} type="url" value={form.klikUrl} onChange={(klikUrl) => set({ klikUrl })} issue={issue('klikUrl')} testId="task-url" />
          </div>
        </>
      )}
    </EntityEditor>
  );
}

interface AgreementForm {
  solutionId: string;
  kind: AgreementKind;
  title: string;
  sentDate: string;
  deadline: string;
  recipients: string;
  signingChannel: SigningChannel;
  showMissingList: boolean;
  closed: boolean;
}

/** Agreements: with a sent date of today or earlier the card goes out; a change updates the cards and moves reminders. */
export function AgreementEditor() {
  const a = useAdminStrings();
  const f = a.fields;
  const styles = useFormStyles();
  const { portfolio } = useShared();
  const afterSave = useAfterSave();
  const solutions = useSolutionOptions();
  const kinds = useOptions(AGREEMENT_KINDS, AGREEMENT_KIND_LABELS);
  const channels = useOptions(SIGNING_CHANNELS, SIGNING_CHANNEL_LABELS);
  const items = useMemo(() => [...(portfolio.data?.agreements ?? [])].sort((x, y) => x.title.localeCompare(y.title, 'da')).map((g) => ({ id: g.id, label: g.title })), [portfolio.data]);
  const spec: EditorSpec<AgreementForm> = {
    testId: 'agreement',
    items,
    empty: { solutionId: '', kind: 'dataProcessing', title: '', sentDate: '', deadline: '', recipients: 'KOMBIT-programledere', signingChannel: 'addo', showMissingList: false, closed: false },
    async load(id) {
      const { data, etag } = await getVersioned<{ agreement: Agreement }>(path('/api/agreements', id));
      const g = data.agreement;
      return {
        form: { solutionId: g.solutionId, kind: g.kind, title: g.title, sentDate: danishDate(g.sentDate), deadline: danishDate(g.deadline ?? undefined), recipients: g.recipients.join(', '), signingChannel: g.signingChannel, showMissingList: g.showMissingList, closed: g.closed },
        etag,
      };
    },
    async save(form, existing) {
      const body = {
        solutionId: form.solutionId,
        kind: form.kind,
        title: form.title,
        ...optionalField('sentDate', form.sentDate || undefined, Boolean(existing?.before.sentDate)),
        deadline: form.deadline || null,
        recipients: form.recipients.split(',').map((r) => r.trim()).filter(Boolean),
        signingChannel: form.signingChannel,
        showMissingList: form.showMissingList,
        closed: form.closed,
      };
      const saved = await saveWithCards('/api/agreements', 'agreement', body, existing, a.agreements);
      await afterSave();
      return saved;
    },
    actions: [
      {
        label: a.agreements.send,
        testId: 'agreement-send',
        async run(id) {
          const { data } = await sendJson<{ sent: boolean; notificationId: string }>('POST', `${path('/api/agreements', id)}/send`, {});
          await afterSave();
          return { message: data.sent ? a.agreements.sent : a.agreements.alreadySent, notificationId: data.notificationId };
        },
      },
      {
        label: a.agreements.close,
        testId: 'agreement-close',
        async run(id) {
          await sendJson('POST', `${path('/api/agreements', id)}/close`, {});
          await afterSave();
          return { message: a.agreements.closedNow };
        },
      },
    ],
  };
  return (
    <EntityEditor spec={spec}>
      {(form, set, issue) => (
        <>
          <ChoiceField label={f.solution} required value={form.solutionId} onChange={(solutionId) => set({ solutionId })} options={solutions} placeholder={a.chooseSolution} issue={issue('solutionId')} testId="agreement-solution" />
          <TextField label={f.title} required value={form.title} onChange={(title) => set({ title })} issue={issue('title')} testId="agreement-title" />
          <div className={styles.row}>
            <ChoiceField label={f.kind} value={form.kind} onChange={(v) => set({ kind: v as AgreementKind })} options={kinds} issue={issue('kind')} testId="agreement-kind" />
            <ChoiceField label={f.signingChannel} value={form.signingChannel} onChange={(v) => set({ signingChannel: v as SigningChannel })} options={channels} issue={issue('signingChannel')} testId="agreement-channel" />
          </div>
          <div className={styles.row}>
            <DateField label={f.sentDate} value={form.sentDate} onChange={(sentDate) => set({ sentDate })} issue={issue('sentDate')} testId="agreement-sent" />
            <DateField label={f.deadlineAsap} value={form.deadline} onChange={(deadline) => set({ deadline })} issue={issue('deadline')} testId="agreement-deadline" />
          </div>
          <TextField label={f.recipients} value={form.recipients} onChange={(recipients) => set({ recipients })} issue={issue('recipients')} testId="agreement-recipients" />
          <CheckField label={f.showMissingList} checked={form.showMissingList} onChange={(showMissingList) => set({ showMissingList })} testId="agreement-show-missing" />
          <CheckField label={f.closed} checked={form.closed} onChange={(closed) => set({ closed })} testId="agreement-closed" />
        </>
      )}
    </EntityEditor>
  );
}
