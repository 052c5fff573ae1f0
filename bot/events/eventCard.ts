import type { AdaptiveCard } from '../conversation/turn.ts';
import { CardTemplate, renderCard, withUserRefresh } from '../cards/render.ts';
import { formatDate } from '../domain/language.ts';
import { EVENT_KIND_LABELS, placeOf, rollCounts, signupOpen, type EventRoll, type KombitEvent, type RollPlace } from '../domain/event.ts';
import { clockTime, eventPeriod } from './eventTimes.ts';

const EVENT_TEMPLATE = new CardTemplate(new URL('./eventCard.json', import.meta.url));

/** The verb Teams calls by itself (the shared card's `refresh`) to show a person their own place. */
export const EVENT_VIEW_VERB = 'eventView';
export const EVENT_SIGNUP_VERB = 'eventSignup';
export const EVENT_CANCEL_VERB = 'eventCancelSignup';
const MAX_REFRESH_USERS = 60;

/** Who looks at the card: a channel (everyone alike) or one person, with their place on the roll. */
export type EventViewer = { readonly kind: 'shared' } | { readonly kind: 'person'; readonly userId: string };

/** "14 af 20 pladser taget · 3 på ventelisten", or "14 tilmeldt" without a capacity. */
export function seatsText(event: Pick<KombitEvent, 'capacity'>, counts: { readonly confirmed: number; readonly waiting: number }): string {
  const { confirmed, waiting } = counts;
  if (event.capacity === undefined) return `${confirmed} tilmeldt`;
  const seats = `${confirmed} af ${event.capacity} ${event.capacity === 1 ? 'plads' : 'pladser'} taget`;
  return waiting ? `${seats} · ${waiting} på ventelisten` : seats;
}

/** What the person is told of their own place: "Du er tilmeldt", "Du er nr. 3 på ventelisten". */
export function placeText(place: RollPlace): string {
  if (place.kind === 'confirmed') return 'Du er tilmeldt.';
  if (place.kind === 'waiting') return `Du er nr. ${place.position} på ventelisten. Du får besked her, hvis du får en plads.`;
  return '';
}

/**
 * The event card: what, when, where, the sign-up deadline and the seats taken, with "Tilmeld" and
 * "Afmeld". A person's card says where they stand; the shared card shows everyone both buttons,
 * and Teams refreshes it into each signed-up person's own view.
 */
export function eventCard(options: { event: KombitEvent; roll?: EventRoll; viewer: EventViewer; now: Date; note?: string }): AdaptiveCard {
  const { event, roll, viewer, now } = options;
  const cancelled = event.state === 'cancelled';
  const open = signupOpen(event, now);
  const begun = now.getTime() >= Date.parse(event.startsAt);
  const place: RollPlace = viewer.kind === 'person' ? placeOf(roll, viewer.userId) : { kind: 'none' };
  const onRoll = place.kind !== 'none';
  const closedText = cancelled
    ? ''
    : begun
      ? 'Arrangementet er begyndt eller afholdt.'
      : !open && event.state === 'announced'
        ? `Tilmeldingen er lukket (fristen var ${formatDate(event.signupDeadline)} kl. ${clockTime(event.signupDeadline)}).`
        : '';
  const shared = viewer.kind === 'shared';
  const card = renderCard(EVENT_TEMPLATE, {
    heading: `${cancelled ? 'Aflyst' : 'Invitation'} · ${EVENT_KIND_LABELS[event.kind].da}`,
    title: event.title,
    cancelled,
    when: eventPeriod(event.startsAt, event.endsAt),
    place: event.place ?? (event.onlineUrl ? 'Online' : ''),
    deadline: `${formatDate(event.signupDeadline)} kl. ${clockTime(event.signupDeadline)}`,
    seats: seatsText(event, rollCounts(roll)),
    description: event.description ?? '',
    viewerText: cancelled ? '' : placeText(place),
    viewerColor: place.kind === 'confirmed' ? 'Good' : 'Warning',
    closedText,
    hint: shared && open ? 'Tilmeld eller afmeld dig med knapperne. Først til mølle; når alle pladser er taget, kommer du på venteliste.' : '',
    note: options.note ?? '',
    canSignUp: open && (shared || !onRoll),
    canCancel: !cancelled && !begun && event.state === 'announced' && (shared || onRoll),
    eventId: event.id,
    onlineUrl: !cancelled && event.onlineUrl ? event.onlineUrl : '',
    labels: {
      cancelled: 'Arrangementet er aflyst.',
      when: 'Hvornår',
      place: 'Hvor',
      deadline: 'Tilmelding senest',
      seats: 'Pladser',
      signUp: 'Tilmeld',
      cancel: 'Afmeld',
      join: 'Åbn mødelink',
    },
  });
  const userIds = shared ? [...new Set((roll?.entries ?? []).map((e) => e.teamsUserId ?? e.userId))].slice(0, MAX_REFRESH_USERS) : [];
  return userIds.length ? withUserRefresh(card, EVENT_VIEW_VERB, { eventId: event.id }, userIds) : card;
}
