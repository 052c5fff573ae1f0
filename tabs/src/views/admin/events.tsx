import { useState } from 'react';
import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../../i18n.tsx';
import { useApi } from '../../data.tsx';
import { sendJson } from '../../api.ts';
import { LoadState } from '../../components/common.tsx';
import { CopyList } from '../../components/CopyList.tsx';
import { DownloadButtons } from '../../components/Download.tsx';
import { ChoiceField, OutcomeBar, useAction } from './forms.tsx';
import { formatDanishTime } from './danishTime.ts';
import type { EventView, SignupList } from '../../../../bot/events/eventService.ts';

const useStyles = makeStyles({
  gap: { marginTop: tokens.spacingVerticalM },
  row: { display: 'flex', columnGap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap', marginTop: tokens.spacingVerticalS },
  waiting: { color: tokens.colorNeutralForeground2 },
});

const TEXT = {
  da: {
    none: 'Der er ingen arrangementer endnu. Opret dem med POST /api/events (se README).',
    choose: 'Arrangement',
    state: { draft: 'kladde', announced: 'sendt', cancelled: 'aflyst' } as Record<EventView['state'], string>,
    seats: (e: { capacity?: number; confirmed: number; waiting: number }) =>
      e.capacity === undefined ? `${e.confirmed} tilmeldt` : `${e.confirmed} af ${e.capacity} pladser taget${e.waiting ? ` · ${e.waiting} på ventelisten` : ''}`,
    deadline: (at: string) => `Tilmelding senest ${at}`,
    from: (n: number) => `fra ${n} ${n === 1 ? 'kommune' : 'kommuner'}`,
    nobody: 'Ingen har tilmeldt sig endnu.',
    table: 'Tilmeldte pr. kommune',
    municipality: 'Kommune',
    confirmed: 'Tilmeldt',
    waiting: 'Venteliste',
    onWaiting: (name: string, n: number) => `${name} (nr. ${n})`,
    line: (name: string, confirmed: string[], waiting: string[]) => `${name}: ${[...confirmed, ...waiting.map((w) => `${w} (venteliste)`)].join(', ')}`,
    what: 'tilmeldte',
    announce: 'Send invitationen',
    announced: (targets: number) => `Invitationen er sendt til ${targets} ${targets === 1 ? 'samtale' : 'samtaler'} (kanaler og 1:1-chats). Den sendes kun én gang til hver.`,
  },
  en: {
    none: 'There are no events yet. Create them with POST /api/events (see the README).',
    choose: 'Event',
    state: { draft: 'draft', announced: 'sent', cancelled: 'cancelled' } as Record<EventView['state'], string>,
    seats: (e: { capacity?: number; confirmed: number; waiting: number }) =>
      e.capacity === undefined ? `${e.confirmed} signed up` : `${e.confirmed} of ${e.capacity} seats taken${e.waiting ? ` · ${e.waiting} on the waiting list` : ''}`,
    deadline: (at: string) => `Sign up by ${at}`,
    from: (n: number) => `from ${n} ${n === 1 ? 'municipality' : 'municipalities'}`,
    nobody: 'Nobody has signed up yet.',
    table: 'Sign-ups per municipality',
    municipality: 'Municipality',
    confirmed: 'Signed up',
    waiting: 'Waiting list',
    onWaiting: (name: string, n: number) => `${name} (no. ${n})`,
    line: (name: string, confirmed: string[], waiting: string[]) => `${name}: ${[...confirmed, ...waiting.map((w) => `${w} (waiting list)`)].join(', ')}`,
    what: 'sign-ups',
    announce: 'Send the invitation',
    announced: (targets: number) => `The invitation was sent to ${targets} ${targets === 1 ? 'conversation' : 'conversations'} (channels and 1:1 chats). Each gets it once only.`,
  },
};

/** Who signed up for one event, per municipality, with the lines to copy into a mail and the list as a file. */
function Signups({ event }: { event: EventView }) {
  const { lang } = useI18n();
  const t = TEXT[lang];
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

/** Events (staff): choose one, see who signed up per municipality, copy or download the list, send the invitation. */
export function EventsPanel() {
  const { lang } = useI18n();
  const t = TEXT[lang];
  const styles = useStyles();
  const events = useApi<{ events: EventView[] }>('/api/events');
  const [chosen, setChosen] = useState('');
  const action = useAction();
  return (
    <LoadState state={events}>
      {({ events: all }) => {
        if (!all.length) return <Text>{t.none}</Text>;
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
            <div className={styles.row}>
              <Text>{t.deadline(formatDanishTime(event.signupDeadline, lang))}</Text>
              {event.state !== 'cancelled' && (
                <Button
                  size="small"
                  disabledFocusable={action.busy}
                  data-testid="event-announce"
                  onClick={() =>
                    void action.run(async () => {
                      const { data } = await sendJson<{ targets: number; notificationId: string }>('POST', `/api/events/${encodeURIComponent(event.id)}/announce`, {});
                      events.setData((old) => old && { events: old.events.map((e) => (e.id === event.id ? { ...e, state: 'announced' } : e)) });
                      return { message: t.announced(data.targets), notificationId: data.notificationId };
                    })
                  }
                >
                  {t.announce}
                </Button>
              )}
            </div>
            <OutcomeBar outcome={action.outcome} testId="event-announce" />
            <Signups key={event.id} event={event} />
          </div>
        );
      }}
    </LoadState>
  );
}
