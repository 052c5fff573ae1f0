import { useRef, useState } from 'react';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
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
import { useI18n } from '../../i18n.tsx';
import { useApi } from '../../data.tsx';
import { ApiError, sendJson } from '../../api.ts';
import { LoadState } from '../../components/common.tsx';
import { CopyList } from '../../components/CopyList.tsx';
import { DownloadButtons } from '../../components/Download.tsx';
import { CheckField, ChoiceField, DateTimeField, OutcomeBar, TextField, issuesOf, useAction, useFocusFirstInvalid, useFormStyles } from './forms.tsx';
import { formatDanishTime } from './danishTime.ts';
import { useEventStrings, type EventStrings } from './eventStrings.ts';
import { EVENT_KINDS, EVENT_KIND_LABELS, type EventKind } from '../../../../bot/domain/labels.ts';
import type { EventView, SignupList } from '../../../../bot/events/eventService.ts';

const useStyles = makeStyles({
  gap: { marginTop: tokens.spacingVerticalM },
  section: { marginTop: tokens.spacingVerticalXL },
  row: { display: 'flex', columnGap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap', marginTop: tokens.spacingVerticalS },
  waiting: { color: tokens.colorNeutralForeground2 },
});

// The regions as the API takes them, written out here: the domain's module would bring zod and all 98 municipalities into the tab.
const REGIONS = ['Hovedstaden', 'Sjælland', 'Syddanmark', 'Midtjylland', 'Nordjylland'] as const;
type AudienceKind = 'all' | 'roles' | 'municipalities' | 'regions';
const AUDIENCE_KINDS: readonly AudienceKind[] = ['all', 'roles', 'municipalities', 'regions'];

interface Draft {
  readonly kind: EventKind;
  readonly title: string;
  readonly description: string;
  readonly place: string;
  readonly onlineUrl: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly signupDeadline: string;
  readonly capacity: string;
  readonly audienceKind: AudienceKind;
  readonly roles: string;
  readonly municipalities: string;
  readonly regions: readonly string[];
  readonly channels: boolean;
}

const BLANK: Draft = { kind: 'workshop', title: '', description: '', place: '', onlineUrl: '', startsAt: '', endsAt: '', signupDeadline: '', capacity: '', audienceKind: 'all', roles: '', municipalities: '', regions: [], channels: true };
const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** A number of seats as typed: a whole number is sent as one; anything else as typed, so the server names it in Danish. */
function seatsOf(text: string): unknown {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The form as `POST /api/events` takes it; times as typed (the server reads dd-mm-åååå tt:mm in Danish time). */
function bodyOf(d: Draft): Record<string, unknown> {
  const audiences: Record<AudienceKind, Record<string, unknown>> = {
    all: {},
    roles: { roles: list(d.roles) },
    municipalities: { municipalities: list(d.municipalities) },
    regions: { regions: d.regions },
  };
  const optional = (key: string, value: string) => (value.trim() ? { [key]: value.trim() } : {});
  return {
    kind: d.kind,
    title: d.title,
    ...optional('description', d.description),
    ...optional('place', d.place),
    ...optional('onlineUrl', d.onlineUrl),
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    signupDeadline: d.signupDeadline,
    ...(d.capacity.trim() ? { capacity: seatsOf(d.capacity) } : {}),
    audience: { ...audiences[d.audienceKind], channels: d.channels },
  };
}

/** The form's label for a field the server named (`audience.roles.0` is the audience). */
function fieldName(field: string, t: EventStrings): string | undefined {
  const top = field.split('.')[0] ?? '';
  const names: Record<string, string> = { kind: t.kind, title: t.title, description: t.description, place: t.place, onlineUrl: t.onlineUrl, startsAt: t.startsAt, endsAt: t.endsAt, signupDeadline: t.signupDeadline, capacity: t.capacity, audience: t.audience };
  return names[top];
}

/** The server's problems in its own Danish words, each with its field's label unless the message is a sentence of its own. */
function Problems({ error, testId }: { error: ApiError; testId: string }) {
  const t = useEventStrings();
  return (
    <MessageBar intent="warning" layout="multiline" role="alert" data-testid={testId}>
      <MessageBarBody>
        <MessageBarTitle>{t.problems}</MessageBarTitle>
        <ul>
          {error.issues.map((i) => (
            <li key={`${i.field}:${i.message}`}>{/^\p{Ll}/u.test(i.message) && fieldName(i.field, t) ? `${fieldName(i.field, t)}: ${i.message}` : i.message}</li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * Writes a new event and saves it as a draft, or saves it and sends the invitation at once. The
 * server checks every field (and the whole: an end after the start, sign-up closing before it,
 * somewhere to be) and names what is wrong in Danish beside the field; nothing is stored then.
 */
function EventForm({ onSaved }: { onSaved(id: string): void }) {
  const t = useEventStrings();
  const { l } = useI18n();
  const formStyles = useFormStyles();
  const [draft, setDraft] = useState<Draft>(BLANK);
  const save = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, save.outcome);
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // A refusal is about the form as it was sent.
    if (save.outcome?.kind === 'error') save.clear();
  };
  const saveError = save.outcome?.kind === 'error' && save.outcome.error instanceof ApiError && save.outcome.error.issues.length ? save.outcome.error : undefined;
  const issue = issuesOf(saveError);
  const audienceIssue = saveError?.issues.find((i) => i.field === 'audience' || i.field.startsWith('audience.'))?.message;
  const submit = (announce: boolean) =>
    save.run(async () => {
      const { data } = await sendJson<{ event: EventView }>('POST', '/api/events', bodyOf(draft));
      const created = data.event;
      onSaved(created.id);
      setDraft(BLANK);
      if (!announce) return { message: t.saved(created.title) };
      const sent = await sendJson<{ targets: number; notificationId: string }>('POST', `/api/events/${encodeURIComponent(created.id)}/announce`, {});
      onSaved(created.id);
      return { message: t.createdAndAnnounced(created.title, sent.data.targets), notificationId: sent.data.notificationId };
    });
  return (
    // noValidate: the server checks every field and answers in the user's language; the browser's bubbles would not.
    <form
      ref={formRef}
      noValidate
      className={formStyles.form}
      aria-label={t.create}
      data-testid="event-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(false);
      }}
    >
      <Text as="h3" weight="semibold" size={400}>
        {t.create}
      </Text>
      <div className={formStyles.row}>
        <ChoiceField label={t.kind} value={draft.kind} onChange={(v) => set({ kind: v as EventKind })} options={EVENT_KINDS.map((k) => ({ value: k, label: l(EVENT_KIND_LABELS[k]) }))} issue={issue('kind')} testId="event-kind" />
        <TextField label={t.title} value={draft.title} onChange={(title) => set({ title })} issue={issue('title')} testId="event-title" required className={formStyles.grow} />
      </div>
      <TextField label={t.description} value={draft.description} onChange={(description) => set({ description })} issue={issue('description')} testId="event-description" multiline />
      <div className={formStyles.row}>
        <TextField label={t.place} hint={t.whereHint} value={draft.place} onChange={(place) => set({ place })} issue={issue('place')} testId="event-place" className={formStyles.grow} />
        <TextField label={t.onlineUrl} type="url" value={draft.onlineUrl} onChange={(onlineUrl) => set({ onlineUrl })} issue={issue('onlineUrl')} testId="event-online-url" className={formStyles.grow} />
      </div>
      <div className={formStyles.row}>
        <DateTimeField label={t.startsAt} hint={t.timeHint} value={draft.startsAt} onChange={(startsAt) => set({ startsAt })} issue={issue('startsAt')} testId="event-starts" required />
        <DateTimeField label={t.endsAt} hint={t.timeHint} value={draft.endsAt} onChange={(endsAt) => set({ endsAt })} issue={issue('endsAt')} testId="event-ends" required />
      </div>
      <div className={formStyles.row}>
        <DateTimeField label={t.signupDeadline} hint={t.signupDeadlineHint} value={draft.signupDeadline} onChange={(signupDeadline) => set({ signupDeadline })} issue={issue('signupDeadline')} testId="event-deadline" required />
        <TextField label={t.capacity} hint={t.capacityHint} value={draft.capacity} onChange={(capacity) => set({ capacity })} issue={issue('capacity')} testId="event-capacity" className={formStyles.grow} />
      </div>
      <ChoiceField label={t.audience} value={draft.audienceKind} onChange={(v) => set({ audienceKind: v as AudienceKind })} options={AUDIENCE_KINDS.map((k) => ({ value: k, label: t.audienceKinds[k] }))} issue={audienceIssue} testId="event-audience" />
      {draft.audienceKind === 'roles' && <TextField label={t.roles} value={draft.roles} onChange={(roles) => set({ roles })} testId="event-roles" />}
      {draft.audienceKind === 'municipalities' && <TextField label={t.municipalities} value={draft.municipalities} onChange={(municipalities) => set({ municipalities })} testId="event-municipalities" />}
      {draft.audienceKind === 'regions' && (
        <div role="group" aria-label={t.audienceKinds.regions} className={formStyles.row} data-testid="event-regions">
          {REGIONS.map((r) => (
            <Checkbox key={r} label={r} checked={draft.regions.includes(r)} onChange={(_, d) => set({ regions: d.checked ? [...draft.regions, r] : draft.regions.filter((x) => x !== r) })} />
          ))}
        </div>
      )}
      <CheckField label={t.channels} checked={draft.channels} onChange={(channels) => set({ channels })} testId="event-channels" />
      {/* disabledFocusable while busy: a disabled button would drop keyboard focus to the page's start. */}
      <div className={formStyles.actions}>
        <Button type="submit" disabledFocusable={save.busy} data-testid="event-save">
          {t.saveDraft}
        </Button>
        <Button appearance="primary" type="button" disabledFocusable={save.busy} onClick={() => void submit(true)} data-testid="event-save-announce">
          {t.saveAndAnnounce}
        </Button>
      </div>
      {saveError ? <Problems error={saveError} testId="event-save-problems" /> : <OutcomeBar outcome={save.outcome} testId="event-save" />}
    </form>
  );
}

/** Asks before cancelling: a cancelled event cannot be reopened, and the people signed up are told. */
function CancelButton({ event, busy, onConfirm }: { event: EventView; busy: boolean; onConfirm(): void }) {
  const t = useEventStrings();
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)} modalType="alert">
      <Button size="small" disabledFocusable={busy} onClick={() => setOpen(true)} data-testid="event-cancel">
        {t.cancel}
      </Button>
      <DialogSurface aria-describedby="event-cancel-body" data-testid="event-cancel-dialog">
        <DialogBody>
          <DialogTitle>{t.cancelTitle(event.title)}</DialogTitle>
          <DialogContent id="event-cancel-body">{t.cancelBody(event.state)}</DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={() => setOpen(false)} data-testid="event-cancel-keep">
              {t.keep}
            </Button>
            <Button
              appearance="primary"
              onClick={() => {
                setOpen(false);
                onConfirm();
              }}
              data-testid="event-cancel-confirm"
            >
              {t.cancelConfirm}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** One event's status and what staff do with it: send the invitation, change the seats, cancel. */
function EventActions({ event, onChanged }: { event: EventView; onChanged(event: EventView): void }) {
  const t = useEventStrings();
  const { lang } = useI18n();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const action = useAction();
  const [capacity, setCapacity] = useState(event.capacity === undefined ? '' : String(event.capacity));
  const path = `/api/events/${encodeURIComponent(event.id)}`;
  const saveError = action.outcome?.kind === 'error' && action.outcome.error instanceof ApiError && action.outcome.error.issues.length ? action.outcome.error : undefined;
  const change = (body: Record<string, unknown>, message: (e: EventView) => string) =>
    action.run(async () => {
      const { data } = await sendJson<{ event: EventView }>('PATCH', path, body);
      onChanged(data.event);
      return { message: message(data.event) };
    });
  return (
    <div className={styles.gap}>
      <div className={styles.row}>
        <Text weight="semibold">{t.status}:</Text>
        <Text data-testid="event-state" data-state={event.state}>
          {t.states[event.state]}
        </Text>
        <Text>· {t.deadline(formatDanishTime(event.signupDeadline, lang))}</Text>
      </div>
      {event.state !== 'cancelled' && (
        <>
          <div className={formStyles.row}>
            <TextField label={t.newCapacity} value={capacity} onChange={setCapacity} issue={issuesOf(saveError)('capacity')} testId="event-new-capacity" />
            <Button size="small" disabledFocusable={action.busy} onClick={() => void change({ capacity: seatsOf(capacity) }, (e) => t.capacitySaved(e.capacity ?? 0))} data-testid="event-save-capacity">
              {t.saveCapacity}
            </Button>
          </div>
          <div className={styles.row}>
            <Button
              size="small"
              appearance={event.state === 'draft' ? 'primary' : 'secondary'}
              disabledFocusable={action.busy}
              data-testid="event-announce"
              onClick={() =>
                void action.run(async () => {
                  const { data } = await sendJson<{ event: EventView; targets: number; notificationId: string }>('POST', `${path}/announce`, {});
                  onChanged(data.event);
                  return { message: t.announced(data.targets), notificationId: data.notificationId };
                })
              }
            >
              {t.announce}
            </Button>
            <CancelButton event={event} busy={action.busy} onConfirm={() => void change({ cancelled: true }, (e) => t.cancelled(e.title))} />
          </div>
        </>
      )}
      {saveError ? <Problems error={saveError} testId="event-action-problems" /> : <OutcomeBar outcome={action.outcome} testId="event-action" />}
    </div>
  );
}

/** Who signed up for one event, per municipality, with the lines to copy into a mail and the list as a file. */
function Signups({ event }: { event: EventView }) {
  const t = useEventStrings();
  const styles = useStyles();
  const list = useApi<SignupList>(`/api/events/${encodeURIComponent(event.id)}/signups`);
  return (
    <LoadState state={list}>
      {(l) => {
        const rows = l.municipalities.map((m) => ({
          ...m,
          confirmed: m.people.filter((p) => p.state === 'confirmed').map((p) => p.name),
          waitingNames: m.people.filter((p) => p.state === 'waiting').map((p) => p.name),
          waiting: m.people.filter((p) => p.state === 'waiting').map((p) => t.onWaiting(p.name, p.position ?? 0)),
        }));
        return (
          <div className={styles.gap} data-testid="event-signups">
            <Text as="p" weight="semibold" block data-testid="event-seats">
              {t.seats(l)}
              {l.municipalityCount ? `, ${t.from(l.municipalityCount)}` : ''}
            </Text>
            {rows.length === 0 ? (
              <Text as="p">{t.nobody}</Text>
            ) : (
              <>
                <div className={styles.row}>
                  <CopyList names={rows.map((r) => t.line(r.name, r.confirmed, r.waitingNames))} testId="copy-event-signups" />
                  <DownloadButtons path={`/api/events/${encodeURIComponent(event.id)}/signups`} what={t.what} fileName={`tilmeldte-${event.id}`} />
                </div>
                <Table aria-label={t.table} size="small" data-testid="event-signups-table">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>{t.municipality}</TableHeaderCell>
                      <TableHeaderCell>{t.confirmed}</TableHeaderCell>
                      <TableHeaderCell>{t.waiting}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {rows.map((r) => (
                      <TableRow key={r.code || 'none'} data-code={r.code}>
                        <TableCell>{r.name}</TableCell>
                        <TableCell>{r.confirmed.join(', ')}</TableCell>
                        <TableCell className={styles.waiting}>{r.waiting.join(', ')}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </>
            )}
          </div>
        );
      }}
    </LoadState>
  );
}

/**
 * "Arrangementer" (staff): create an event (draft, or sent at once), choose one, see its status and
 * who signed up per municipality, copy or download the list, send the invitation, change the seats
 * or cancel it.
 */
export function EventsPanel() {
  const t = useEventStrings();
  const { lang } = useI18n();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const events = useApi<{ events: EventView[] }>('/api/events');
  const [chosen, setChosen] = useState('');
  const replace = (changed: EventView) => events.setData((old) => old && { events: old.events.map((e) => (e.id === changed.id ? changed : e)) });
  return (
    <div className={formStyles.panel}>
      <EventForm
        onSaved={(id) => {
          setChosen(id);
          events.reload();
        }}
      />
      <Text as="h3" weight="semibold" size={400} block className={styles.section}>
        {t.list}
      </Text>
      <LoadState state={events}>
        {({ events: all }) => {
          if (!all.length) return <Text data-testid="events-none">{t.none}</Text>;
          const event = all.find((e) => e.id === chosen) ?? all.find((e) => e.state === 'announced') ?? all[0]!;
          return (
            <div data-testid="events-panel">
              <ChoiceField
                label={t.choose}
                value={event.id}
                onChange={setChosen}
                options={all.map((e) => ({ value: e.id, label: `${e.title} (${formatDanishTime(e.startsAt, lang)}, ${t.state[e.state]})` }))}
                testId="event-choice"
              />
              <EventActions key={event.id} event={event} onChanged={replace} />
              <Signups key={`${event.id}:${event.capacity ?? ''}:${event.state}`} event={event} />
            </div>
          );
        }}
      </LoadState>
    </div>
  );
}
