/**
 * Demo data for the KOMBIT program-leader app, taken from the slide decks of KOMBIT's monthly
 * program-leader meetings (April 2021, June 2023, November 2023, February 2024, October 2025) and
 * from KL's budget guide 2022 as quoted in the April 2021 deck.
 *
 * Titles, solution names, figures, deadlines, recipients, agendas and presenters are the decks'.
 * Where a field is required but the decks do not give it, the value is marked `anslået` (estimated)
 * in a comment next to it: mainly start dates of some KLIK tasks, the status distribution of tasks the
 * decks show without counts, and the evaluation answers (the decks only say the meeting is evaluated
 * in Teams). KLIK links are placeholders of the form https://klik.kombit.dk/opgaver/<slug>.
 *
 * The seeder moves every date by whole weeks, so dates inside texts are written as references
 * (`{d:2025-11-18}`, `{m:2024-02-28}`, see demoText.ts) that it renders from the moved date: a title or
 * description never names a day the data itself has moved away from. A text date that is a document's
 * name (Budgetvejledning 2022) is left as it is. Estimated status splits are marked "ca." for the user
 * (the seeder adds the sentence), and statuses from another deck than the solution's moment say "pr. <dato>".
 */
import type { z } from 'zod';
import type { OperatingCost, SolutionInput } from '../domain/solution.ts';
import type { BudgetLine } from '../domain/budget.ts';
import type { newKlikTaskSchema } from '../domain/klikTask.ts';
import type { newAgreementSchema } from '../domain/agreement.ts';
import type { newMeetingSchema } from '../domain/meeting.ts';
import { seededRandom } from './seededRandom.ts';

/** The decks' "today": every date below is as the decks give it; the seeder shifts them all so this date becomes the day the app starts. */
export const DEMO_ANCHOR_DATE = '2024-02-28';

/**
 * Solutions whose status (Følger planen / Risiko for forsinkelse / Forsinket) the decks state or
 * plainly show: VALG "går stadig efter planen", Mit Sygefravær "i drift som planlagt", Sygesikring
 * taken into use by all 98, NemRefusion's "udfordringer efter go-live", AULA in the media debate, HOI
 * "i bero", TØK's open decision on financing, DOS with 29 municipalities missing, Gateway with 33
 * unsigned, Sundhedsagenten with 65. Every other solution's status is the demo's, and the seeder
 * says so in its description.
 */
export const DEMO_STATUS_FROM_DECK: ReadonlySet<string> = new Set([
  'valg', 'mit-sygefravaer', 'sygesikring', 'nemrefusion', 'aula', 'tvaerfagligt-samarbejde', 'toek', 'dos', 'gateway', 'sundhedsagenten',
]);

/**
 * Solutions whose status comes from the October 2025 deck are shown at that deck's moment: their
 * dates move so that its meeting week becomes the demo's today too. Shown at the February 2024
 * moment instead, VALG's tasks would be done by 64 municipalities 18 months before they start, and
 * "kun Hedensted mangler" (October 2025) would stand beside February 2024's agreement table as if
 * both were today. Every other solution, its tasks and agreements, and all meetings are shown at
 * {@link DEMO_ANCHOR_DATE}; statuses from an earlier deck say "pr. <dato>" in their text.
 */
export const DEMO_MOMENTS: Readonly<Record<string, string>> = {
  valg: '2025-10-30',
  'byg-og-miljoe': '2025-10-30',
  kommunecert: '2025-10-30',
  'begrebs-og-datastandarder': '2025-10-30',
  'ai-assistentplatform': '2025-10-30',
  fordelingskomponent: '2025-10-30',
  'hoi-boern-unge': '2025-10-30',
};

type KlikTaskInput = z.input<typeof newKlikTaskSchema>;
type AgreementInput = z.input<typeof newAgreementSchema>;
type MeetingInput = z.input<typeof newMeetingSchema>;

/** A KLIK task as published, with the number of municipalities per status (sums to 98). */
export interface DemoTask extends KlikTaskInput {
  id: string;
  statusCounts: { done: number; started: number; notStarted: number };
  /**
   * The day of the deck that gives these counts; without it the split is the demo's estimate
   * (anslået), and the seeder says so in the task's description for the user.
   */
  statusAsOf?: string;
  /** Fields the deck does not give, so the demo estimates them; the seeder tells the user which. */
  estimated?: ('startDate' | 'deadline' | 'type')[];
  /** Municipality names that have not done the task, when the deck names them. */
  notDoneMunicipalities?: string[];
  /** The demo waves (ids of {@link DEMO_WAVES}) the task is published to; its counts are over them then. */
  waveIds?: string[];
}

/**
 * A rollout wave as the deck draws it: kick-off (or the start of the preparation) and go-live. The
 * deck shows the dates, not which municipalities roll in which wave: `size` municipalities are
 * picked by a fixed shuffle, and the seeder tells the user the split is illustrative.
 */
export interface DemoWave {
  id: string;
  name: string;
  solutionId: string;
  startDate: string;
  deadline: string;
  size: number;
}

/** An agreement as sent, with the number of municipalities per signature state (sums to 98). */
export interface DemoAgreement extends AgreementInput {
  id: string;
  signatureCounts: { signed: number; signedWithReservations: number; declined: number; missing: number };
  /** Municipality names, e.g. ['Hedensted'], when the deck names them. */
  missingMunicipalities?: string[];
}

/** A program-leader meeting. */
export interface DemoMeeting extends MeetingInput {
  id: string;
}

type Likert = 1 | 2 | 3 | 4 | 5;
type QuestionId = 'q1' | 'q2' | 'q3' | 'q4';

/**
 * The evaluation at the end of a meeting, with anonymous responses on the 1-5 scale (all invented:
 * the decks only say the meeting is evaluated in Teams). Whether it is open is decided at seeding:
 * the latest meeting held by the demo's today has the open one.
 */
export interface DemoEvaluation {
  id: string;
  meetingId: string;
  responses: { answers: Record<QuestionId, Likert>; comment?: string }[];
}

// ---------------------------------------------------------------------------------------------
// Solutions (porteføljeoversigt)
// ---------------------------------------------------------------------------------------------

/** A milestone; done when it lies before the decks' "today". */
function ms(id: string, title: string, date: string): { id: string; title: string; date: string; done: boolean } {
  return { id, title, date, done: date < DEMO_ANCHOR_DATE };
}

/**
 * Driftsbidrag 2022 from KL's budget guide (6-1 sektorskrivelse vedr. administration og IT), as the
 * April 2021 deck's "KOMBIT oversigt (1/6)-(5/6)" gives it: price, basis ("Pr. borger" unless
 * stated), and whether the knækmodel applies ("Gælder knækmodel >150.000 vægtes 50%": Ja).
 */
function cost2022(amount: number, basis = 'kr. pr. borger', extra: Omit<OperatingCost, 'amount' | 'basis' | 'year'> = {}): OperatingCost {
  return { amount, basis, year: 2022, ...extra };
}
const KNEE = { kneeModel: true } as const;

/**
 * KOMBIT's total in the budget guide 2022, from the April 2021 deck's slide "Den samlet betaling for
 * KOMBIT projekter og it-systemer": 174,84 pr. borger, 2,20 pr. bygning over 10 m² og pr. boligenhed,
 * 0,41 pr. adresse, 86,00 pr. skolebarn, 46,00 pr. barn i daginstitution. The total is shown as the
 * deck gives it, although the deck's own per-borger items do not add up to it: the 22 priced items
 * pr. borger (FKI counted with both grundbetaling 25,00 and buffetpris 4,93, CRP 0,48 included) come
 * to 151,33, and with the suggested buffer of 10,00 to 161,33, i.e. 13,51 less than 174,84. The deck
 * does not say where the difference comes from.
 */
export const DEMO_BUDGET_LINE: BudgetLine = {
  year: 2022,
  totalPerCitizen: 174.84,
  buffer: 10.0,
  otherTotals: [
    { amount: 2.2, basis: 'kr. pr. bygning på over 10 m² og boligenhed' },
    { amount: 0.41, basis: 'kr. pr. adresse' },
    { amount: 86.0, basis: 'kr. pr. skolebarn' },
    { amount: 46.0, basis: 'kr. pr. barn i daginstitution' },
  ],
  source: 'Budgetvejledning 2022: 6-1 sektorskrivelse vedr. administration og IT',
};

export const DEMO_SOLUTIONS: SolutionInput[] = [
  {
    id: 'aula',
    name: 'AULA',
    description:
      'Kommunikationsplatform for skole og dagtilbud. Driftsbidrag i budgetvejledningen 2022: 86,00 kr. pr. skolebarn (skole) og 46,00 kr. pr. barn i daginstitution (dagtilbud). ' +
      'Efter mediedebatten i {m:2023-10-01} gennemføres borgerdialog: spørgeskemaundersøgelse, fokusgrupper og borgermøder. 85 mio. beskedtråde og 5,3 mio. opslag på fire år.',
    phase: 'operation',
    status: 'atRisk',
    milestones: [
      ms('spoergeskema', 'Spørgeskemaundersøgelse udsendt gennem Aula (knap 400.000 modtagere)', '2023-11-22'),
      ms('release-2-9', 'Release 2.9 – mindre ændringer', '2024-01-20'),
      ms('anbefalinger', 'Samlede anbefalinger fra borgerdialogen drøftes (fra {mon:2024-04-01})', '2024-04-01'),
      ms('arkivering', 'Planlagt implementering af arkivering', '2024-10-01'),
    ],
    contact: { name: 'Susanne Rasmussen', email: 'srs@kombit.dk' },
    operatingCost: cost2022(86.0, 'kr. pr. skolebarn', { label: 'skole', more: [{ label: 'dagtilbud', amount: 46.0, basis: 'kr. pr. barn i daginstitution' }] }),
  },
  {
    id: 'sygesikring',
    name: 'Sygesikring',
    description:
      'Ny sygesikringsløsning, der afløser Praksys (Notus). Taget i brug af alle 98 kommuner den {d:2023-11-28} efter en lukkeperiode; ' +
      'hypercare de første syv uger. Undersøgelse i {m:2024-01-16}: løsningen 3,2, ibrugtagning 3,1, adgang til hjælp 3,5, uddannelse 3,4, kommunikation 3,6. Knækmodel.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [
      ms('go-live', 'Go-live for alle 98 kommuner (ca. kl. 10:00)', '2023-11-28'),
      ms('hypercare', 'Hypercareperioden (syv uger) slutter', '2024-01-16'),
      ms('ny-borgerpris', 'Ny borgerpris', '2025-01-01'),
    ],
    contact: { name: 'Anders Cronwald', email: 'acr@kombit.dk' },
    operatingCost: cost2022(2.8, undefined, KNEE),
  },
  {
    id: 'mit-sygefravaer',
    name: 'Mit Sygefravær',
    description:
      'Mit Sygefravær 2.0 kom i drift som planlagt den {d:2023-11-07} kl. 12:00; data fra MSF 1.0 blev konverteret inden for lukkevinduet. ' +
      'Kommunerne har overtaget borgersupporten; ca. 250 sager hos Knowledge Cube, mest om MitID-signeringsflowet.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [
      ms('msf-2-0', 'Mit Sygefravær 2.0 i drift (kl. 12:00)', '2023-11-07'),
      ms('driftsproeve', 'Driftsprøve startet', '2023-11-21'),
    ],
    contact: { name: 'Jakob Volmer', email: 'jav@kombit.dk' },
    operatingCost: cost2022(0.36),
  },
  {
    id: 'nemrefusion',
    name: 'NemRefusion',
    description:
      'Udfordringer efter go-live (support, signeringsflow, titler, manglende funktionalitet). Brugertilfredshed (1-5): kommunernes tilfredshed med NemRefusion er ikke målt (N/A), med supporten 2,1 (arbejdsgiverne: 2,7 og 2,8). ' +
      'Driftsbidraget var 5,05 kr. pr. borger i budgetvejledningen 2022 og faldt til 2,78 kr., når det nye NemRefusion blev taget i brug.',
    phase: 'operation',
    status: 'atRisk',
    milestones: [
      ms('check-in-feb', 'Check-in for KSD-sagsbehandlere og lønkontor', '2024-02-27'),
      ms('check-in-apr', 'Check-in for KSD-sagsbehandlere og lønkontor', '2024-04-04'),
    ],
    contact: { name: 'Brian Perri', email: 'bpe@kombit.dk' },
    operatingCost: cost2022(5.05),
  },
  {
    id: 'valg',
    name: 'VALG',
    description:
      'Det fælleskommunale valgsystem. Kommunal- og regionsrådsvalg {d:2025-11-18}: "Det går stadig efter planen". ' +
      'Derefter klargøring til folketingsvalg senest {d:2026-10-31}. Intet driftsbidrag i budgetvejledningen 2022.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [
      ms('kick-off', 'Kick-off møde', '2025-08-14'),
      ms('start', 'Valget offentliggjort i løsningen – support 24/7', '2025-08-19'),
      ms('brevstemmer', 'Påbegyndelse af brevstemmer', '2025-10-07'),
      ms('valggeografi', 'Lukning af valggeografi', '2025-10-29'),
      ms('valgkort-15', '15. dags valgkort', '2025-11-03'),
      ms('valgkort-7', '7. dags valgkort', '2025-11-11'),
      ms('valgdag', 'Valgdag: kommunal- og regionsrådsvalg', '2025-11-18'),
      ms('fintaelling', 'Fintælling ({dm:2025-11-19} og {dm:2025-11-20})', '2025-11-19'),
      ms('tilfredshed', 'Brugertilfredshedsundersøgelse ({dm:2025-11-24} til {dm:2025-12-15})', '2025-11-24'),
      ms('ny-distributoer', 'Ny distributør af valgkort', '2026-01-01'),
      ms('folketingsvalg', 'Klargøring til folketingsvalg afsluttet (senest)', '2026-10-31'),
    ],
    contact: { name: 'Søren Stauning', email: 'sst@kombit.dk' },
  },
  {
    id: 'kp',
    name: 'Kommunernes Pensionssystem (KP)',
    description:
      '"KP Basis" bliver til "KP": automatisk sagsbehandling af helbredstillægskort, udvidet helbredstillæg og personlige tillæg. ' +
      'Release 5.0 ({mon:2024-03-01}/{m:2024-04-01}) giver eFaktura med automatisk validering. 50 kommuner håndterer og udbetaler ydelser i KP. Knækmodel.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [
      ms('ibrugtagning', 'Forventet ibrugtagning', '2022-03-31'),
      ms('flis', 'KommunePension med i FLIS', '2023-12-01'),
      ms('release-5-0', 'Release 5.0 med eFaktura ({mon:2024-03-01}/{mon:2024-04-01})', '2024-04-01'),
    ],
    contact: { name: 'Aske W. Sørensen', email: 'aws@kombit.dk' },
    operatingCost: cost2022(8.2, undefined, KNEE),
  },
  {
    id: 'spi',
    name: 'Social Pension Interim (SPI)',
    description: 'Udfaset {d:2022-03-31}, hvorefter driftsbidraget bortfaldt. Erstattes af Kommunernes Pensionssystem. Knækmodel.',
    phase: 'phaseOut',
    status: 'onTrack',
    milestones: [ms('udfasning', 'SPI udfaset – erstattet af Kommunernes Pensionssystem', '2022-03-31')],
    operatingCost: cost2022(8.0, undefined, KNEE),
  },
  {
    id: 'praksys-notus',
    name: 'Praksys (Notus)',
    description: 'Projektet er lukket, men kommunerne betaler for Notus, indtil den nye Sygesikringsløsning er i drift. Notus blev lukket ned før go-live på Sygesikring.',
    phase: 'phaseOut',
    status: 'onTrack',
    milestones: [ms('notus-lukket', 'Notus erstattet af Sygesikring', '2023-11-28')],
    operatingCost: cost2022(1.9),
  },
  {
    id: 'ksd',
    name: 'Kommunernes Sygedagpengesystem (KSD)',
    description:
      'KSDs AI-assistent svarer på spørgsmål om sygedagpengelovgivningen og KSDs brugervejledninger (RAG-model) og er i udrulning. ' +
      '89 % af brugerne vil anbefale den til kolleger. Knækmodel.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [],
    operatingCost: cost2022(17.31, undefined, KNEE),
  },
  {
    id: 'ky',
    name: 'Kommunernes Ydelsessystem (KY)',
    description: 'Rettelse af 225-timersreglen efter fokusrevision, udviklet med bl.a. Herning, Odense, Silkeborg, Aalborg og Assens. AI-assistent under udvikling. Knækmodel.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [ms('225-timer', '225-timers rettelsen frigives', '2024-01-05')],
    contact: { name: 'Bente Marie Elstrøm Jørgensen', email: 'bme@kombit.dk' },
    operatingCost: cost2022(19.83, undefined, KNEE),
  },
  {
    id: 'sapa',
    name: 'Sags- og Partsoverblik (SAPA)',
    description:
      'Overblik over sager og ydelser på tværs af fagsystemer via indekserne i den fælleskommunale infrastruktur. Nyt helhedsoverblik fra {d:2023-06-21}. ' +
      'Databehandleraftalens bilag A version 3.3 erstatter version 3.2. Knækmodel.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [ms('helhedsoverblik', 'Nyt helhedsoverblik i SAPA', '2023-06-21')],
    contact: { name: 'SAPA (projektpostkasse)', email: 'sapa@kombit.dk' }, // the April 2021 deck's address; no person's address is given
    operatingCost: cost2022(15.58, undefined, KNEE),
  },
  {
    id: 'borgerblikket',
    name: 'Borgerblikket (BOB)',
    description:
      'Mit Overblik på borger.dk: 8.850.000 borgere besøgte det i {y:2022-07-01}, og 84 % er tilfredse med deres besøg. Den nuværende tilslutning udløber {d:2024-12-31}; ' +
      'den nye løber {y:2025-07-01}-{y:2029-07-01} (muligvis {y:2030-07-01}). Tidsplanen er foreløbig. Knækmodel.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [
      ms('varsel', 'Varsel til kommuner om omfang og pris', '2024-04-01'),
      ms('review-start', 'Tilslutning version 0.9 sendes til review hos udvalgte kommuner', '2024-05-01'),
      ms('review-slut', 'Review af tilslutning version 0.9 afsluttet', '2024-06-01'),
      ms('underskrift', 'Tilslutningsaftale sendes til underskrift hos K98', '2024-08-15'),
      ms('frist', 'Deadline for underskrift på tilslutningsaftale', '2024-11-01'),
      ms('opsamling', 'Opsamlingsheat (telefonisk indsats for de sidste kommuner)', '2024-12-01'),
      ms('alle', 'Alle kommuner har indgået en aftale', '2024-12-31'),
    ],
    contact: { name: 'Jesper Dall-Hansen', email: 'jdh@kombit.dk' },
    operatingCost: cost2022(4.7, undefined, KNEE),
  },
  {
    id: 'flis',
    name: 'FLIS',
    description:
      'Ledelsesinformationsplatform for alle relevante KOMBIT-løsninger. Roadmap for {y:2024-06-30}: skoleområdet, specialiseret voksenområde, FSIII, beskæftigelse (KY, KP, KSD), ' +
      'økonomi, datakvalitet, AI og ny ingestion (præsenteret af Camilla Kragh, chef for Data og BI; decket oplyser ingen e-mailadresse). Tilslutningsaftalen pr. {d:2023-06-22}: 72 ja, 8 nej tak, 3 ja med forbehold, resten overvejer stadig.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [
      ms('kp-data', 'KommunePension med i FLIS', '2023-12-01'),
      ms('boern-unge-topmoede', 'KL\'s Børn og Unge-topmøde', '2024-02-01'),
      ms('fsiii-datasaet', 'Nyt FSIII-datasæt på individniveau forventes tilgængeligt ({mon:2024-04-01}/{mon:2024-05-01})', '2024-05-01'),
      ms('social-forum', 'Social- og Sundhedspolitisk Forum ({dm:2024-05-16} og {dm:2024-05-17})', '2024-05-16'),
    ],
    operatingCost: cost2022(9.92),
  },
  {
    id: 'dubu',
    name: 'Digitalisering Udsatte Børn og Unge (DUBU)',
    description: 'Implementering af Barnets Lov i DUBU: uddannelsesmiljø {d:2023-12-08} og go-live {d:2024-01-02}. AI-assistent under udvikling.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [
      ms('uddannelsesmiljoe', 'Barnets Lov: uddannelsesmiljø klar', '2023-12-08'),
      ms('go-live', 'Barnets Lov i DUBU: go-live', '2024-01-02'),
    ],
    operatingCost: cost2022(9.3),
  },
  {
    id: 'koereproevebooking',
    name: 'Køreprøvebooking',
    description: 'Tilslutningsaftalen er forlænget af alle kommuner. Pr. {d:2024-02-28} havde 27 kommuner ikke indmeldt en systemansvarlig i KLIK.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [ms('forlaengelse', 'Frist for forlængelse af tilslutningsaftalen', '2023-12-08')],
    contact: { name: 'Køreprøvebooking (projektpostkasse)', email: 'koreprovebooking@kombit.dk' },
    operatingCost: cost2022(1.51),
  },
  {
    id: 'bbr',
    name: 'Bygnings- og Boligregister (BBR)',
    description: 'Driftsbidrag pr. bygning på over 10 m² og pr. boligenhed. Opdateret bilag C er sendt til Vurderingsstyrelsen.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [],
    operatingCost: cost2022(2.2, 'kr. pr. bygning på over 10 m² og boligenhed'),
  },
  {
    id: 'fbs',
    name: 'Fælles Biblioteks System (FBS)',
    description: 'Driftsbidraget er et gennemsnit; den enkelte kommunes bidrag afhænger af dens placering i DBC\'s trappemodel jf. tilslutningsaftalen til FBI.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [ms('allonge', 'Allonge til tilslutningsaftale forventes udsendt ({uge:2024-02-26})', '2024-02-26')],
    operatingCost: cost2022(6.87),
  },
  {
    id: 'fbi',
    name: 'FBI',
    description: 'Bibliotekernes infrastruktur hos DBC; databehandleraftalen er sendt til KOMBIT-programledere og bibliotekschefer.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [],
  },
  {
    id: 'fki',
    name: 'Fælleskommunal infrastruktur',
    description:
      'Driftsbidrag i budgetvejledningen 2022: grundbetaling 25,00 kr. pr. borger (knækmodel) plus buffetpris 4,93 kr. pr. borger. ' +
      'Nye infrastruktur-basiswebinarer (strategisk, forretnings-, indkøbs- og teknisk fokus) og grundkursus i den fælleskommunale infrastruktur for digitaliserings- og udviklingskonsulenter.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [
      ms('potentialerapport', 'Go-live på nyt BI-værktøj (potentialerapporten)', '2023-10-02'),
      ms('oces2-udfasning', 'Endelig udfasning af OCES2', '2023-10-31'),
    ],
    contact: { name: 'Mia Valentiner', email: 'miv@kombit.dk' },
    operatingCost: cost2022(25.0, undefined, { label: 'grundbetaling', kneeModel: true, more: [{ label: 'buffetpris', amount: 4.93, basis: 'kr. pr. borger' }] }),
  },
  {
    id: 'sundhedsagenten',
    name: 'Sundhedsagenten',
    description:
      'Del af den fælleskommunale infrastruktur (FKI). Hver kommune skal udpege en Sundhedsagentadministrator, indmelde en funktionspostkasse, godkende serviceaftaler ' +
      'og tage ejerskab af drejebogen "Forvaltning af Sundhedsagenten". 36 kommuner har udpeget 52 administratorer; alle Systematics 35 kommuner har godkendt serviceaftalen. ' +
      'Databehandleraftalen (version 2) pr. {d:2024-02-28}: ca. 65 kommuner mangler at underskrive (decket siger 65 i aftaleoversigten og "28 har underskrevet" på næste side).',
    phase: 'rollout',
    status: 'atRisk',
    milestones: [
      ms('dba-frist', 'Frist for databehandleraftale (version 2)', '2024-02-29'),
      ms('klik-frist', 'Frist for KLIK-opgaven om forvaltningsansvar', '2024-03-29'),
      ms('hospital-notifications', 'De første to regioner udsender HospitalNotifications', '2024-04-01'),
    ],
    contact: { name: 'Anders Musiat', email: 'amu@kombit.dk' },
  },
  {
    id: 'fordelingskomponent',
    name: 'FK Fordelingskomponent',
    description:
      'ESDH-systemerne modtager i dag kun journalnotater via Fordelingskomponenten; KOMBIT søger 3-4 kommuner pr. ESDH-system til at modtage dokumenter. ' +
      'En ny, mere fleksibel version er tidligst klar i {y:2027-01-01}; den eksisterende udfases først derefter.',
    phase: 'development',
    status: 'atRisk',
    milestones: [ms('ny-version', 'Ny version af Fordelingskomponenten (tidligst)', '2027-01-01')],
    contact: { name: 'Klaus Rasmussen', email: 'klr@kombit.dk' },
  },
  {
    id: 'byg-og-miljoe',
    name: 'Byg og Miljø (BoM)',
    description:
      'Driftsbidraget er inkl. borgermiljødelen på 0,25 kr. (tilsluttet af 94 kommuner); knækmodel over 125.000 borgere. ' +
      'Efter et langt forløb mangler kun Hedensted at underskrive databehandleraftalen (fristen var {d:2024-01-03}).',
    phase: 'operation',
    status: 'onTrack',
    milestones: [ms('dba-frist', 'Frist for databehandleraftale m/bilag', '2024-01-03')],
    operatingCost: cost2022(3.15, undefined, KNEE),
  },
  {
    id: 'crp',
    name: 'CRP',
    description: 'Står i budgetvejledningen 2022 med 0,48 kr. pr. borger, uændret fra den foregående budgetvejledning. Decket nævner ikke løsningen andre steder.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [],
    operatingCost: cost2022(0.48),
  },
  {
    id: 'dar',
    name: 'Danmarks Adresseregister (DAR)',
    description: 'DAR er overdraget til Udviklings- og Forenklingsstyrelsen, men fakturering sker fortsat gennem KOMBIT.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [],
    operatingCost: cost2022(0.41, 'kr. pr. adresse'),
  },
  {
    id: 'dos',
    name: 'Digitaliseringsklar Opkrævning & Systemtilretning (DOS)',
    description:
      'Tilslutning af kommunernes fagsystemer til PSRM, så DMI kan lukke for nye restancer {d:2024-12-31}. ' +
      'Pr. {d:2023-06-21} manglede 29 kommuner fortsat at fuldføre alle opgaver på fagområdet Bibliotek.',
    phase: 'rollout',
    status: 'atRisk',
    milestones: [
      ms('bib-frist', 'Frist for KLIK-opgaver på Bibliotek (BiB01-BiB03)', '2023-06-07'),
      ms('klarmelding', 'Alle forretningsområder klarmeldt (forventet)', '2023-07-01'),
      ms('soc-frist', 'Frist for KLIK-opgave på Socialret (SoC01)', '2023-07-05'),
      ms('dmi-luk', 'DMI lukker for tilgang af nye restancer', '2024-12-31'),
    ],
    contact: { name: 'Tom Bøgeskov', email: 'tob@kombit.dk' },
    operatingCost: cost2022(0.2),
  },
  {
    id: 'yr',
    name: 'Ydelsesrefusion (YR)',
    description: 'YR-data er blandt de mest anvendte data i FLIS.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [],
    operatingCost: cost2022(4.75),
  },
  {
    id: 'eessi',
    name: 'EESSI',
    description: 'European Exchange of Social Security Information. Opdateret tilslutningsaftale sendt {d:2023-11-14} til KOMBIT-programledere og systemansvarlige; pr. {d:2024-02-28} manglede ca. 18 kommuner at underskrive.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [ms('tilslutning', 'Opdateret tilslutningsaftale udsendt', '2023-11-14')],
    operatingCost: cost2022(0.75),
  },
  {
    id: 'fsiii',
    name: 'Fælles Sprog III (FSIII)',
    description:
      'Modernisering og forenkling af datastandarden: funktionsevnetilstande fra 30 til 12, helbredstilstande fra 43 til 22, §140-genoptræning fra 40 til 22. ' +
      'KL/KOMBIT har holdt møder med alle 98 kommuner.',
    phase: 'development',
    status: 'onTrack',
    milestones: [
      ms('kl-bestyrelse', 'Nyt forslag til godkendelse i KL\'s bestyrelse', '2024-01-31'),
      ms('udvikling', 'Udvikling af endelig forenkling afsluttet', '2024-08-31'),
    ],
    contact: { name: 'Sara Pointing Rasmussen', email: 'spr@kombit.dk' },
    operatingCost: cost2022(0.74),
  },
  {
    id: 'gateway',
    name: 'Fælleskommunal Gateway',
    description:
      'Kommunerne har fået midler til driften via bloktilskuddet. Underskriv tilslutningsaftalen, så fakturaer kan udsendes. ' +
      'Pr. {d:2024-02-28} manglede 33 kommuner at underskrive tilslutningsaftalen og 43 databehandleraftalen.',
    phase: 'operation',
    status: 'atRisk',
    milestones: [
      ms('tilslutning-frist', 'Frist for tilslutningsaftale', '2023-04-28'),
      ms('dba-frist', 'Frist for databehandleraftale', '2024-02-06'),
    ],
    contact: { name: 'Lone Høltzer', email: 'loh@kombit.dk' },
  },
  {
    id: 'klik',
    name: 'KLIK',
    description:
      'KOMBITs system til opgaver til kommunerne. KLIK 2.0 med Rollegalleriet; kontaktoplysninger hentes fra Fælleskommunalt Organisationssystem. ' +
      'KLIK-referencegruppe med 9 kommuner. AI-assistent til KLIK er i analyse.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [
      ms('rollegalleri', 'Rollegalleriet taget i brug', '2023-05-01'),
      ms('referencegruppe', 'Første møde i KLIK-referencegruppen', '2023-11-22'),
    ],
    contact: { name: 'Mie Holmsgaard', email: 'mhr@kombit.dk' },
  },
  {
    id: 'toek',
    name: 'TØK',
    description:
      'Løsningsanalyse, leverandørestimater, businesscase, faseplan og tilslutningsmateriale er klar. Beslutning om tilslutnings- og finansieringsmodel udestår.',
    phase: 'analysis',
    status: 'atRisk',
    milestones: [],
    contact: { name: 'Jakob Volmer', email: 'jav@kombit.dk' },
  },
  {
    id: 'tvaerfagligt-samarbejde',
    name: 'It-understøttelse af tværfagligt samarbejde (HOI)',
    description:
      'Lov om Helhedsorienteret Indsats (HOI) er i bero. KL og KOMBIT afdækker en plan B med mest muligt genbrug af eksisterende infrastruktur: ' +
      'dokumentudveksling, kronologisk indsatsoverblik i SAPA og på borger.dk, tværfagligt kalenderoverblik og ledelsesdata.',
    phase: 'analysis',
    status: 'delayed',
    milestones: [ms('input-frist', 'Frist for kommunernes input til løsningsforslaget', '2023-08-22')],
    contact: { name: 'Tom Bøgeskov', email: 'tob@kombit.dk' },
  },
  {
    id: 'hoi-boern-unge',
    name: 'Helhedsorienteret Indsats for Børn og Unge',
    description:
      'Digital løsning til koordination på tværs af sektorer om børn og unge i mistrivsel. Pilot i Region Nordjylland med 5 kommuners PPR- og familieafdelinger, ' +
      '1 regions børne- og ungdomspsykiatri og 15 praktiserende læger; nu fra pilot til national udbredelse.',
    phase: 'rollout',
    status: 'onTrack',
    milestones: [],
    contact: { name: 'Klaus Rasmussen', email: 'klr@kombit.dk' },
  },
  {
    id: 'ai-assistentplatform',
    name: 'Kommunernes AI-assistentplatform',
    description:
      'Udviklet af KOMBIT, klar til nye assistenter. Udrulning i gang: KSD, Klimaplaner. Udvikling i gang: KY, SAPA, Aulainfo, DUBU. ' +
      'Analyse/prioritering: KLIK, Kend Din Kommune, ekstern HR-assistent, BoM, NemRefusion support.',
    phase: 'rollout',
    status: 'onTrack',
    milestones: [ms('gaa-hjem-moede', 'Gå-hjem-møde om juridiske aspekter af digital forvaltning (kl. 15.30-17.30)', '2025-11-06')],
    contact: { name: 'KOMBITs AI-team', email: 'ai@kombit.dk' },
  },
  {
    id: 'kommunecert',
    name: 'KommuneCERT',
    description: 'Mail om tilslutning sendt {d:2025-10-20} til it- og digitaliseringschefer (cc kommunaldirektører og programledere).',
    phase: 'analysis',
    status: 'onTrack',
    milestones: [
      ms('mail', 'Mail om tilslutning udsendt', '2025-10-20'),
      ms('tilkendegivelse', 'Frist for (ikke-bindende) tilkendegivelse af tilslutning', '2025-10-31'),
    ],
    contact: { name: 'KommuneCERT', email: 'kommunecert@kombit.dk' },
  },
  {
    id: 'begrebs-og-datastandarder',
    name: '3 x begrebs- og datastandarder',
    description:
      'Fælles faglige begreber for børn og unge (familieområdet), genoptræning efter sygehusindlæggelse (ældre-/omsorgsområdet) og lettilgængelige tilbud (PPR-området).',
    phase: 'development',
    status: 'onTrack',
    milestones: [
      ms('udsendt', 'Tilslutningsaftale udsendt ({uge:2025-10-27})', '2025-10-27'),
      ms('frist', 'Deadline for underskrift af tilslutningsaftalen', '2025-12-15'),
    ],
  },
  {
    id: 'udk-boligstoette-oeir',
    name: 'UDK Boligstøtte – ØiR finans',
    description:
      'UDK Boligstøttes ibrugtagning af ØiR finans (SF1590 A, SFTP/filudveksling), rullet ud i seks bølger fra {m:2021-05-24} til {m:2022-03-25}. ' +
      'Udrulningsplanen sendes til ØiR-koordinator og kommunens ØiR-funktionspostkasse; giv KOMBIT besked, hvis kommunen ikke kan rulle i den fastlagte bølge. ' +
      'Demo: hvilke kommuner der er i hvilken bølge, er et eksempel; decket viser kun bølgernes datoer.',
    phase: 'operation',
    status: 'onTrack',
    milestones: [
      ms('b1', 'Bølge 1: idriftsættelse', '2021-05-24'),
      ms('kick-off-b2-b4', 'Kick-off B2-B3-B4', '2021-06-07'),
      ms('b2', 'Bølge 2: idriftsættelse', '2021-09-24'),
      ms('b3', 'Bølge 3: idriftsættelse', '2021-10-25'),
      ms('kick-off-b5-b6', 'Kick-off B5-B6', '2021-10-28'),
      ms('b4', 'Bølge 4: idriftsættelse', '2021-11-24'),
      ms('b5', 'Bølge 5: idriftsættelse', '2022-02-22'),
      ms('b6', 'Bølge 6: idriftsættelse', '2022-03-25'),
    ],
    contact: { name: 'Mette Vinther Poulsen', email: 'mvp@kombit.dk' },
  },
];

// ---------------------------------------------------------------------------------------------
// KLIK tasks
// ---------------------------------------------------------------------------------------------

/**
 * UDK Boligstøttes ibrugtagning af ØiR finans in six waves, as the deck (002, "KLIK-opgaver UDK
 * Boligstøttes ibrugtagning af ØiR-finans") draws them: B1 prepares 3-7 May and goes live 24-05-2021;
 * B2-B4 have kick-off 7 June and go live 24-09, 25-10 and 24-11-2021; B5-B6 have kick-off 28 October
 * and go live 22-02 and 25-03-2022. The deck does not say which municipalities are in which wave nor
 * how many: B1 is taken as a small pilot and the rest split evenly (illustrative, and said so).
 */
export const DEMO_WAVES: DemoWave[] = [
  { id: 'udk-b1', name: 'Bølge 1', solutionId: 'udk-boligstoette-oeir', startDate: '2021-05-03', deadline: '2021-05-24', size: 3 },
  { id: 'udk-b2', name: 'Bølge 2', solutionId: 'udk-boligstoette-oeir', startDate: '2021-06-07', deadline: '2021-09-24', size: 19 },
  { id: 'udk-b3', name: 'Bølge 3', solutionId: 'udk-boligstoette-oeir', startDate: '2021-06-07', deadline: '2021-10-25', size: 19 },
  { id: 'udk-b4', name: 'Bølge 4', solutionId: 'udk-boligstoette-oeir', startDate: '2021-06-07', deadline: '2021-11-24', size: 19 },
  { id: 'udk-b5', name: 'Bølge 5', solutionId: 'udk-boligstoette-oeir', startDate: '2021-10-28', deadline: '2022-02-22', size: 19 },
  { id: 'udk-b6', name: 'Bølge 6', solutionId: 'udk-boligstoette-oeir', startDate: '2021-10-28', deadline: '2022-03-25', size: 19 },
];

const klik = (slug: string): string => `https://klik.kombit.dk/opgaver/${slug}`;

export const DEMO_TASKS: DemoTask[] = [
  // April 2021: "Aktuelle og kommende KLIK-opgaver"
  {
    id: 'task-gdpr-revisionserklaeringer',
    solutionId: 'fki',
    title: 'Indmeld modtager/-e af GDPR-revisionserklæringer til KOMBITs it-systemer og den fælleskommunale infrastruktur',
    description:
      'Monopolbrudsprogrammet. Spørgeskemaet holdes åbent til {dm:2021-05-07}, men slutdatoen ændres ikke. Melder kommunen ikke tilbage før deadline, sendes alle revisionserklæringer til kommunens DPO.',
    type: 'recommended',
    startDate: '2021-04-01', // anslået
    deadline: '2021-04-29',
    responsibleRole: 'programleder',
    klikUrl: klik('task-gdpr-revisionserklaeringer'),
    statusAsOf: '2021-04-27',
    estimated: ['startDate'],
    statusCounts: { done: 58, started: 5, notStarted: 35 },
  },
  {
    id: 'task-systemoverblik-onboarding',
    solutionId: 'fki',
    title: 'Udarbejd Systemoverblik til Infrastrukturens Onboardingsprogram',
    description:
      'Monopolbrudsprogrammet. Overblik over hvilke it-systemer kommunen har indkøbt og på hvilke vilkår (SKI 02.19 fra 2019, SKI 02.19 fra 2014 eller anden kontrakt). Opgaven er anbefalet, men prioriter den venligst.',
    type: 'recommended',
    startDate: '2021-04-27',
    deadline: '2021-05-21',
    responsibleRole: 'programleder',
    klikUrl: klik('task-systemoverblik-onboarding'),
    statusCounts: { done: 71, started: 9, notStarted: 18 }, // anslået
  },
  // UDK Boligstøtte – ØiR finans: tasks 1-3 are published to B2, B3 and B4 in June (kick-off 7. juni 2021), tasks 4-5 here to B2.
  {
    id: 'task-udk-planlaeg-oeir-finans',
    solutionId: 'udk-boligstoette-oeir',
    title: 'Planlæg UDK Boligstøttes ibrugtagning af ØiR finans i din kommune',
    description: 'KLIK-opgave 1 af 5 (varighed 1 uge). Publiceres for B2, B3 og B4 i {mon:2021-06-07} og B5 og B6 i {mon:2021-11-01}. Kick-off afvikles før opgave 1-3.',
    type: 'mandatory',
    startDate: '2021-06-07',
    deadline: '2021-06-14',
    responsibleRole: 'ØiR-koordinator',
    klikUrl: klik('task-udk-planlaeg-oeir-finans'),
    waveIds: ['udk-b2', 'udk-b3', 'udk-b4'],
    statusCounts: { done: 55, started: 1, notStarted: 1 }, // anslået, over B2-B4's 57
  },
  {
    id: 'task-udk-bestil-erp-klargoering',
    solutionId: 'udk-boligstoette-oeir',
    title: 'Bestil teknisk klargøring af kommunens ERP-løsning hos forvaltningsansvarlig på ERP-løsningen',
    description: 'KLIK-opgave 2 af 5 (varighed 1 uge).',
    type: 'mandatory',
    startDate: '2021-06-07',
    deadline: '2021-06-14',
    responsibleRole: 'ØiR-koordinator',
    klikUrl: klik('task-udk-bestil-erp-klargoering'),
    waveIds: ['udk-b2', 'udk-b3', 'udk-b4'],
    statusCounts: { done: 54, started: 2, notStarted: 1 }, // anslået, over B2-B4's 57
  },
  {
    id: 'task-udk-blanket-bestillerid',
    solutionId: 'udk-boligstoette-oeir',
    title: 'Anfør BestillerID, underskriv og retur blanket til KOMBIT',
    description: 'KLIK-opgave 3 af 5 (varighed 3 uger). Blanketten til bestilling af rute er serviceaftalen.',
    type: 'criticalPath',
    startDate: '2021-06-07',
    deadline: '2021-06-28',
    responsibleRole: 'underskriftsberettiget',
    klikUrl: klik('task-udk-blanket-bestillerid'),
    waveIds: ['udk-b2', 'udk-b3', 'udk-b4'],
    statusCounts: { done: 56, started: 1, notStarted: 0 }, // anslået, over B2-B4's 57
  },
  {
    id: 'task-udk-abonnement-finanssortiment',
    solutionId: 'udk-boligstoette-oeir',
    title: 'Tegn abonnement på UDKBO finanssortiment',
    description: 'KLIK-opgave 4 af 5 (varighed 1 uge). Bølgevis fra {m:2021-08-15}; her bølge 2 (udrulning {dm:2021-09-01} til {dm:2021-09-20}).',
    type: 'criticalPath',
    startDate: '2021-09-01',
    deadline: '2021-09-08',
    responsibleRole: 'Klassifikations-/sortimentsadministrator',
    klikUrl: klik('task-udk-abonnement-finanssortiment'),
    waveIds: ['udk-b2'],
    statusCounts: { done: 17, started: 1, notStarted: 1 }, // anslået, over B2's 19
  },
  {
    id: 'task-udk-map-vaerdier',
    solutionId: 'udk-boligstoette-oeir',
    title: 'Map værdier fra UDKBO finanssortiment i bogføringssystemets omsætningstabel',
    description: 'KLIK-opgave 5 af 5 (varighed 2 uger). Der afvikles webinar med UDK Boligstøtte til løsning af opgaven.',
    type: 'criticalPath',
    startDate: '2021-09-06',
    deadline: '2021-09-20',
    responsibleRole: 'ØiR finans-administrator',
    klikUrl: klik('task-udk-map-vaerdier'),
    waveIds: ['udk-b2'],
    statusCounts: { done: 16, started: 2, notStarted: 1 }, // anslået, over B2's 19
  },
  // June 2023: OCES3, BI-værktøj, Digital Post-ansvarlig, DOS
  {
    id: 'task-oces3-certifikat',
    solutionId: 'fki',
    title: 'Udskift kommunens organisationscertifikat med OCES3-certifikat i Fælleskommunalt Administrationsmodul',
    description:
      'Slutdatoen er flyttet fra {dm:2023-06-30} til {dm:2023-08-31}, og typen er ændret fra obligatorisk på kritisk vej til obligatorisk. Opgaven er stadig yderst kritisk: OCES2 udfases endeligt {d:2023-10-31}.',
    type: 'mandatory',
    startDate: '2023-05-01', // anslået
    deadline: '2023-08-31',
    responsibleRole: 'infrastrukturansvarlig',
    klikUrl: klik('task-oces3-certifikat'),
    statusAsOf: '2023-06-22',
    estimated: ['startDate'],
    statusCounts: { done: 27, started: 31, notStarted: 40 },
  },
  {
    id: 'task-oces3-idp-metadata',
    solutionId: 'fki',
    title: 'Upload OCES3-certifikat (SAML-metadatafil) for kommunens Identity Provider (IdP) i Fælleskommunalt Administrationsmodul',
    description: 'Slutdatoen er flyttet til {dm:2023-08-31}; typen er ændret fra obligatorisk på kritisk vej til obligatorisk. KOMBIT rapporterer status til KL og Digitaliseringsstyrelsen.',
    type: 'mandatory',
    startDate: '2023-05-01', // anslået
    deadline: '2023-08-31',
    responsibleRole: 'infrastrukturansvarlig',
    klikUrl: klik('task-oces3-idp-metadata'),
    statusAsOf: '2023-06-22',
    estimated: ['startDate'],
    statusCounts: { done: 14, started: 42, notStarted: 42 },
  },
  {
    id: 'task-bi-kortlaeg-it-systemer',
    solutionId: 'fki',
    title: 'Kortlæg hvilke it-systemer kommunen anvender/ikke anvender',
    description: 'Angiv i Excel-ark, der mailes til KOMBIT, hvilke it-systemer kommunen anvender. Skal løses inden go-live på BI-værktøjet/potentialerapporten {d:2023-10-02}.',
    type: 'criticalPath',
    startDate: '2023-06-21',
    deadline: '2023-08-18',
    responsibleRole: 'infrastrukturansvarlig',
    klikUrl: klik('task-bi-kortlaeg-it-systemer'),
    statusCounts: { done: 81, started: 9, notStarted: 8 }, // anslået
  },
  {
    id: 'task-bi-udpeg-brugere',
    solutionId: 'fki',
    title: 'Udpeg brugere af BI-værktøjet',
    description: 'Brugerne af BI-værktøjet oprettes af KOMBIT, og kommunen tildeler egne Power BI-licenser til brugerne.',
    type: 'criticalPath',
    startDate: '2023-08-18',
    deadline: '2023-09-20',
    responsibleRole: 'infrastrukturansvarlig',
    klikUrl: klik('task-bi-udpeg-brugere'),
    statusCounts: { done: 74, started: 12, notStarted: 12 }, // anslået
  },
  {
    id: 'task-digital-post-ansvarlig',
    solutionId: 'klik',
    title: 'Udpeg kommunens Digital Post-ansvarlige i Rollegalleriet',
    description: 'Den tværgående rolle som Digital Post-ansvarlig integreres i KOMBITs rollegalleri. KLIK-administrator er anbefalet udfører, infrastrukturansvarlig involveret part.',
    type: 'mandatory', // typen er ikke oplyst i decket
    startDate: '2023-06-26', // "før sommerferien"
    deadline: '2023-08-31', // "ultimo august"
    responsibleRole: 'KLIK-administrator',
    klikUrl: klik('task-digital-post-ansvarlig'),
    estimated: ['type'],
    statusCounts: { done: 77, started: 8, notStarted: 13 }, // anslået
  },
  {
    id: 'task-dos-bib01',
    solutionId: 'dos',
    title: 'BiB01: Lokalisér relevante fordringstyper (Bibliotek)',
    description: 'DOS dataansvarlig gennemfører sammen med fagområdet og kvitterer. Pr. {d:2023-06-21} manglede 29 kommuner fortsat at fuldføre alle opgaver på fagområdet Bibliotek.',
    type: 'mandatory',
    startDate: '2023-05-16', // anslået ("Opdateret 16/5-23")
    deadline: '2023-06-07',
    responsibleRole: 'dataansvarlig',
    klikUrl: klik('task-dos-bib01'),
    estimated: ['startDate'],
    statusCounts: { done: 76, started: 8, notStarted: 14 }, // anslået ud fra "29 mangler"
  },
  {
    id: 'task-dos-bib02',
    solutionId: 'dos',
    title: 'BiB02: Oplysning om fagløsning (systemanvendelse)',
    description: 'Hvilke fagløsninger kommunen anvender på biblioteksområdet.',
    type: 'mandatory',
    startDate: '2023-05-16', // anslået
    deadline: '2023-06-07',
    responsibleRole: 'dataansvarlig',
    klikUrl: klik('task-dos-bib02'),
    estimated: ['startDate'],
    statusCounts: { done: 73, started: 9, notStarted: 16 }, // anslået
  },
  {
    id: 'task-dos-bib03',
    solutionId: 'dos',
    title: 'BiB03: 0-sums test eller kommunen anvender allerede',
    description: 'Nulsums-test mod PSRM, eller melding om at kommunen allerede anvender PSRM på området.',
    type: 'mandatory',
    startDate: '2023-05-16', // anslået
    deadline: '2023-06-07',
    responsibleRole: 'dataansvarlig',
    klikUrl: klik('task-dos-bib03'),
    estimated: ['startDate'],
    statusCounts: { done: 69, started: 10, notStarted: 19 }, // 29 mangler (fordeling anslået)
  },
  {
    id: 'task-dos-soc01',
    solutionId: 'dos',
    title: 'SoC01: Lokalisér relevante fordringstyper (Socialret)',
    description: 'Fordringstyperne på socialretsområdet er udstillet på Gældsstyrelsens hjemmeside (fx KTTIBAK, KTNEBOF, KTBRFLX). Relevant for KY.',
    type: 'mandatory',
    startDate: '2023-06-07', // anslået
    deadline: '2023-07-05',
    responsibleRole: 'dataansvarlig',
    klikUrl: klik('task-dos-soc01'),
    estimated: ['startDate'],
    statusCounts: { done: 41, started: 27, notStarted: 30 }, // anslået
  },
  // November 2023: Barnets Lov i DUBU (datoer aflæst af tidslinjen november-april)
  {
    id: 'task-dubu-tilpas-aktivitetsplaner',
    solutionId: 'dubu',
    title: 'Tilpas aktivitetsplaner',
    description: 'Barnets Lov i DUBU: identificer, beslut, beskriv og tilpas inden go-live {d:2024-01-02}.',
    type: 'mandatory',
    startDate: '2023-11-01',
    deadline: '2024-01-02',
    responsibleRole: 'systemansvarlig',
    klikUrl: klik('task-dubu-tilpas-aktivitetsplaner'),
    statusCounts: { done: 88, started: 6, notStarted: 4 }, // anslået
  },
  {
    id: 'task-dubu-tilpas-brevskabeloner',
    solutionId: 'dubu',
    title: 'Tilpas brevskabeloner',
    description: 'Barnets Lov i DUBU: identificer, beslut, beskriv og tilpas inden go-live {d:2024-01-02}.',
    type: 'mandatory',
    startDate: '2023-11-01',
    deadline: '2024-01-02',
    responsibleRole: 'systemansvarlig',
    klikUrl: klik('task-dubu-tilpas-brevskabeloner'),
    statusCounts: { done: 85, started: 8, notStarted: 5 }, // anslået
  },
  {
    id: 'task-dubu-kle-dataafgraensning',
    solutionId: 'dubu',
    title: 'Tilpas KLE-dataafgrænsning til SAPA mfl.',
    description: 'Barnets Lov i DUBU. Deadline {d:2024-01-08}.',
    type: 'mandatory',
    startDate: '2023-11-15',
    deadline: '2024-01-08',
    responsibleRole: 'systemansvarlig',
    klikUrl: klik('task-dubu-kle-dataafgraensning'),
    statusCounts: { done: 83, started: 9, notStarted: 6 }, // anslået
  },
  {
    id: 'task-dubu-oplaer-slutbrugere',
    solutionId: 'dubu',
    title: 'Oplær slutbrugere',
    description: 'Udarbejd oplæg og book undervisning; uddannelsesmiljøet er klar {d:2023-12-08}.',
    type: 'mandatory',
    startDate: '2023-12-08',
    deadline: '2024-01-02',
    responsibleRole: 'systemansvarlig',
    klikUrl: klik('task-dubu-oplaer-slutbrugere'),
    statusCounts: { done: 90, started: 5, notStarted: 3 }, // anslået
  },
  {
    id: 'task-dubu-hypercare',
    solutionId: 'dubu',
    title: 'Gennemfør hypercare',
    description: 'Forbered og gennemfør hypercare efter go-live på Barnets Lov i DUBU.',
    type: 'mandatory',
    startDate: '2024-01-02',
    deadline: '2024-02-29',
    responsibleRole: 'systemansvarlig',
    klikUrl: klik('task-dubu-hypercare'),
    statusCounts: { done: 52, started: 38, notStarted: 8 }, // anslået
  },
  {
    id: 'task-dubu-opdater-ydelseskatalog',
    solutionId: 'dubu',
    title: 'Opdater ydelseskatalog',
    description: 'Barnets Lov i DUBU: beslut, beskriv og opret de nye ydelser i ydelseskataloget.',
    type: 'mandatory',
    startDate: '2024-01-15',
    deadline: '2024-03-15',
    responsibleRole: 'systemansvarlig',
    klikUrl: klik('task-dubu-opdater-ydelseskatalog'),
    statusCounts: { done: 31, started: 40, notStarted: 27 }, // anslået
  },
  {
    id: 'task-dubu-beslut-overgange',
    solutionId: 'dubu',
    title: 'Beslut overgange',
    description: 'Barnets Lov i DUBU: beslut, kommuniker og gennemfør overgangene.',
    type: 'mandatory',
    startDate: '2024-02-01',
    deadline: '2024-04-12',
    responsibleRole: 'systemansvarlig',
    klikUrl: klik('task-dubu-beslut-overgange'),
    statusCounts: { done: 12, started: 33, notStarted: 53 }, // anslået
  },
  {
    id: 'task-dubu-evaluer-arbejdsgange',
    solutionId: 'dubu',
    title: 'Evaluér arbejdsgange',
    description: 'Planlæg, beslut og udfør en evaluering af arbejdsgangene efter Barnets Lov.',
    type: 'recommended', // typen er ikke oplyst i decket
    startDate: '2024-02-15',
    deadline: '2024-04-30',
    responsibleRole: 'systemansvarlig',
    klikUrl: klik('task-dubu-evaluer-arbejdsgange'),
    estimated: ['type'],
    statusCounts: { done: 3, started: 11, notStarted: 84 }, // anslået
  },
  // February 2024
  {
    id: 'task-sundhedsagent-forvaltningsansvar',
    solutionId: 'sundhedsagenten',
    title: 'Placer ansvar for løsning af forvaltningsopgaver relateret til Sundhedsagenten',
    description:
      'Udpeg en Sundhedsagentadministrator, indmeld en funktionspostkasse, godkend serviceaftaler (med første EOJ-system og med Sundhedsagenten fra MultiMed) ' +
      'og tag ejerskab af drejebogen "Forvaltning af Sundhedsagenten". I tilfælde af tvivl: stil spørgsmål i KLIK.',
    type: 'mandatory',
    startDate: '2024-02-01', // anslået
    deadline: '2024-03-29',
    responsibleRole: 'infrastrukturansvarlig',
    klikUrl: klik('task-sundhedsagent-forvaltningsansvar'),
    statusAsOf: '2024-02-28',
    estimated: ['startDate'],
    statusCounts: { done: 17, started: 29, notStarted: 52 },
  },
  {
    id: 'task-koereproevebooking-systemansvarlig',
    solutionId: 'koereproevebooking',
    title: 'Tilknyt en systemansvarlig til Køreprøvebooking i KLIK',
    description: 'Mail til alle KLIK-administratorer i {m:2023-11-01}; reminder sendt {d:2024-02-22}. Pr. {d:2024-02-28} havde 27 kommuner ikke indmeldt en systemansvarlig.',
    type: 'mandatory',
    startDate: '2023-11-01',
    deadline: '2024-03-08', // anslået – fristen er ikke oplyst i decket
    responsibleRole: 'KLIK-administrator',
    klikUrl: klik('task-koereproevebooking-systemansvarlig'),
    statusAsOf: '2024-02-28',
    estimated: ['deadline'],
    statusCounts: { done: 71, started: 0, notStarted: 27 },
    notDoneMunicipalities: [
      'Brøndby', 'Dragør', 'Faxe', 'Frederikssund', 'Guldborgsund', 'Herning', 'Høje-Taastrup', 'Ikast-Brande', 'Jammerbugt',
      'Kolding', 'København', 'Langeland', 'Lolland', 'Lyngby-Taarbæk', 'Læsø', 'Mariagerfjord', 'Næstved', 'Odder', 'Odense',
      'Rødovre', 'Samsø', 'Stevns', 'Struer', 'Syddjurs', 'Tårnby', 'Vejen', 'Aabenraa',
    ],
  },
  // October 2025: VALG
  {
    id: 'task-valg-noeglepersonen-valgdagen',
    solutionId: 'valg',
    title: 'Indmeld kontaktoplysninger på en nøgleperson i kommunen på valgdagen',
    description: 'Bruges hvis det centrale Infosite er utilgængeligt på valgdagen {d:2025-11-18}.',
    type: 'mandatory',
    startDate: '2025-08-19', // anslået
    deadline: '2025-11-03', // anslået
    responsibleRole: 'systemansvarlig',
    klikUrl: klik('task-valg-noeglepersonen-valgdagen'),
    estimated: ['startDate', 'deadline'],
    statusCounts: { done: 64, started: 12, notStarted: 22 }, // anslået
  },
  {
    id: 'task-valg-ean-nummer',
    solutionId: 'valg',
    title: 'Indmeld EAN-nummer til opkrævning for VALG-løsningen',
    description: 'Til opkrævning for VALG-løsningen fremadrettet. Efter valget kommer der særskilt opkrævning for valgkort.',
    type: 'mandatory',
    startDate: '2025-08-19', // anslået
    deadline: '2025-11-28', // anslået
    responsibleRole: 'systemansvarlig',
    klikUrl: klik('task-valg-ean-nummer'),
    estimated: ['startDate', 'deadline'],
    statusCounts: { done: 58, started: 9, notStarted: 31 }, // anslået
  },
];

// ---------------------------------------------------------------------------------------------
// Agreements (status pr. 28. februar 2024 unless noted)
// ---------------------------------------------------------------------------------------------

/** Signed + missing = 98, for agreements where the deck only gives the number still missing. */
function missingOnly(missing: number): DemoAgreement['signatureCounts'] {
  return { signed: 98 - missing, signedWithReservations: 0, declined: 0, missing };
}

export const DEMO_AGREEMENTS: DemoAgreement[] = [
  {
    id: 'agr-gateway-tilslutning',
    solutionId: 'gateway',
    kind: 'connection',
    title: 'Tilslutningsaftale til Fælleskommunal Gateway',
    sentDate: '2023-03-20',
    recipients: ['Funktionspostkasser', 'KOMBIT-programledere'],
    signingChannel: 'addo',
    deadline: '2023-04-28',
    signatureCounts: missingOnly(33),
  },
  {
    id: 'agr-gateway-databehandleraftale',
    solutionId: 'gateway',
    kind: 'dataProcessing',
    title: 'Databehandleraftale for Fælleskommunal Gateway',
    sentDate: '2023-12-18',
    recipients: ["DPO'er"],
    signingChannel: 'addo',
    deadline: '2024-02-06', // decket skriver 06-02-2023, som ligger før udsendelsen 18-12-2023
    signatureCounts: missingOnly(43),
  },
  {
    id: 'agr-koereproevebooking-tilslutning-forlaengelse',
    solutionId: 'koereproevebooking',
    kind: 'connection',
    title: 'Tilslutningsaftale – forlængelse af eksisterende (Køreprøvebooking)',
    sentDate: '2023-11-17',
    recipients: ['Borgerservicechefer', 'KOMBIT-programledere'],
    signingChannel: 'addo',
    deadline: '2023-12-08',
    closed: true,
    signatureCounts: missingOnly(0),
  },
  {
    id: 'agr-eessi-tilslutning-opdateret',
    solutionId: 'eessi',
    kind: 'connection',
    title: 'Tilslutningsaftale – opdateret (EESSI)',
    sentDate: '2023-11-14',
    recipients: ['KOMBIT-programledere', 'Systemansvarlige'],
    signingChannel: 'addo',
    deadline: null, // ASAP
    signatureCounts: missingOnly(18), // "ca 18" in the deck; the solution's description says "ca. 18"
  },
  {
    id: 'agr-flis-tilslutning-2024',
    solutionId: 'flis',
    kind: 'connection',
    title: 'Tilslutningsaftale {y:2024-06-30} (FLIS)', // "Tilslutning '24" in the deck
    signingChannel: 'addo',
    deadline: null,
    noDeadline: true, // the deck gives no deadline (not "ASAP")
    // juni 2023: 72 har underskrevet, 8 har sagt nej tak, 3 siger ja med forbehold, resten overvejer
    signatureCounts: { signed: 72, signedWithReservations: 3, declined: 8, missing: 15 },
  },
  {
    id: 'agr-sundhedsagenten-databehandleraftale-v2',
    solutionId: 'sundhedsagenten',
    kind: 'dataProcessing',
    title: 'Databehandleraftale – Sundhedsagenten (version 2)',
    // sendt ud i februar 2024 (dato ikke oplyst)
    recipients: ["DPO'er i alle kommuner"],
    signingChannel: 'addo',
    deadline: '2024-02-29',
    // The February 2024 deck contradicts itself: its agreement table says 65 still missing, its next
    // slide "28 kommuner har underskrevet" (70 missing). The table's figure is used; the solution's
    // description shows it as "ca. 65".
    signatureCounts: missingOnly(65),
  },
  {
    id: 'agr-dubu-databehandleraftale-instruks',
    solutionId: 'dubu',
    kind: 'dataProcessing',
    title: 'Databehandleraftale – tilføjelse af instruks (DUBU)',
    recipients: ['DUBU-systemansvarlige', "DPO'er"],
    signingChannel: 'email', // kun bekræftelse på mail, ingen underskrift i Addo
    deadline: null, // ASAP
    signatureCounts: missingOnly(16),
  },
  {
    id: 'agr-aula-databehandleraftale-bilag-a',
    solutionId: 'aula',
    kind: 'appendix',
    title: 'Databehandleraftalens bilag A – opdatering (Aula)',
    sentDate: '2024-02-01', // "forventes udsendt 1. februar"
    recipients: ['Aula-systemansvarlige', "DPO'er (kopi)"],
    signingChannel: 'addo',
    deadline: null,
    noDeadline: true, // the deck gives no deadline (not "ASAP")
    signatureCounts: missingOnly(61),
  },
  {
    id: 'agr-bom-databehandleraftale',
    solutionId: 'byg-og-miljoe',
    kind: 'dataProcessing',
    title: 'Databehandleraftale m/bilag (Byg og Miljø)',
    sentDate: '2023-12-05',
    recipients: ['KOMBIT-programledere', 'Funktionspostkasser'],
    signingChannel: 'addo',
    deadline: '2024-01-03',
    showMissingList: true,
    // oktober 2025: kun Hedensted mangler at underskrive
    signatureCounts: missingOnly(1),
    missingMunicipalities: ['Hedensted'],
  },
  {
    id: 'agr-fbs-databehandleraftale',
    solutionId: 'fbs',
    kind: 'dataProcessing',
    title: 'Databehandleraftale m/bilag (FBS)',
    sentDate: '2023-12-18', // uge 51
    recipients: ['KOMBIT-programledere', 'Bibliotekschefer'],
    signingChannel: 'addo',
    deadline: null,
    noDeadline: true, // the deck gives no deadline (not "ASAP")
    signatureCounts: missingOnly(34),
  },
  {
    id: 'agr-borgerblikket-bilag-a',
    solutionId: 'borgerblikket',
    kind: 'appendix',
    title: 'Databehandleraftale bilag A (Borgerblikket)',
    sentDate: '2024-01-18',
    recipients: ['Borgerblikket-systemansvarlige', 'KOMBIT-programledere'],
    signingChannel: 'addo',
    deadline: '2024-02-16',
    signatureCounts: missingOnly(3),
  },
  {
    id: 'agr-fbi-databehandleraftale',
    solutionId: 'fbi',
    kind: 'dataProcessing',
    title: 'Databehandleraftale (FBI)',
    sentDate: '2024-01-08', // uge 2
    recipients: ['KOMBIT-programledere', 'Bibliotekschefer'],
    signingChannel: 'addo',
    deadline: '2024-02-28',
    signatureCounts: missingOnly(29),
  },
  {
    id: 'agr-koereproevebooking-databehandleraftale',
    solutionId: 'koereproevebooking',
    kind: 'dataProcessing',
    title: 'Databehandleraftale (Køreprøvebooking)',
    sentDate: '2024-02-14',
    recipients: ['Køreprøvebooking-kontaktpersoner', 'Systemansvarlige', 'KOMBIT-programledere'],
    signingChannel: 'addo',
    deadline: '2024-03-10',
    signatureCounts: missingOnly(50),
  },
  {
    id: 'agr-fbs-allonge-tilslutning',
    solutionId: 'fbs',
    kind: 'rider',
    title: 'Allonge til tilslutningsaftale (FBS)',
    sentDate: '2024-02-26', // "forventes udsendt i uge 9 2024"
    signingChannel: 'addo',
    deadline: null,
    noDeadline: true, // the deck gives no deadline (not "ASAP")
    signatureCounts: missingOnly(98),
  },
  {
    id: 'agr-borgerblikket-tilslutning-2025',
    solutionId: 'borgerblikket',
    kind: 'connection',
    title: 'Ny tilslutningsaftale {y:2025-07-01}-{y:2029-07-01} (Borgerblikket)',
    sentDate: '2024-08-15', // foreløbig tidsplan: sendes til underskrift hos K98
    signingChannel: 'addo',
    deadline: '2024-11-01',
    signatureCounts: missingOnly(98),
  },
  {
    id: 'agr-datastandarder-tilslutning',
    solutionId: 'begrebs-og-datastandarder',
    kind: 'connection',
    title: 'Tilslutningsaftale vedr. 3 x begrebs- og datastandarder',
    sentDate: '2025-10-27', // uge 44
    recipients: ['It- og digitaliseringschefer', 'KOMBIT-programledere'],
    signingChannel: 'addo',
    deadline: '2025-12-15',
    signatureCounts: missingOnly(98),
  },
];

// ---------------------------------------------------------------------------------------------
// Meetings (programledermøder)
// ---------------------------------------------------------------------------------------------

export const DEMO_MEETINGS: DemoMeeting[] = [
  {
    id: 'pl-2021-04-27',
    date: '2021-04-27',
    startTime: '10:00',
    endTime: '11:30',
    title: 'Programledermøde {m:2021-04-27}',
    agenda: [
      { time: '10:00', title: 'Velkomst og dagens programledermøde', presenter: '' },
      { time: '10:05', title: 'BOB og SAPA status på tilslutning af ESDH, Jobcenter, EOJ og Pladsanvisning', presenter: 'Jakob Volmer' },
      { time: '10:25', title: 'Budgetlægning 2022 og KOMBIT', presenter: 'Mette Vinther Poulsen, Peter Egelund og Poul Ditlev Christiansen' },
      { time: '10:45', title: 'Aktuelle og kommende KLIK-opgaver', presenter: '' },
      { time: '11:00', title: 'KOMBIT-programleder NYT', presenter: '' },
      { time: '11:25', title: 'Evaluering, afslutning og tak for denne gang', presenter: '' },
    ],
  },
  {
    id: 'pl-2023-06-22',
    date: '2023-06-22',
    startTime: '10:00',
    endTime: '11:30',
    title: 'Programledermøde {m:2023-06-22}',
    agenda: [
      { title: 'Velkommen og program', presenter: '' },
      { title: 'Kædeansvaret', presenter: 'Service management-chef Finn Graversen' },
      { title: 'Status på KLIK 2.0', presenter: 'Implementeringschef Mie Holmsgaard' },
      { title: 'Ny vision for Borgerblikket', presenter: 'Specialkonsulent Marie Madsen, KL' },
      { title: 'Fra HOI til it-understøttelse af tværfagligt samarbejde', presenter: 'Projektleder Tom Bøgeskov' },
      {
        title: 'Kort nyt fra KOMBIT: KLIK-opgaver (DOS, OCES3, BI-værktøj, Digital Post-ansvarlig), Sygesikring, FLIS tilslutningsaftale, programleder-aktiviteter, bilag C',
        presenter: 'Bente Marie Elstrøm Jørgensen, Tom Bøgeskov og Mette Vinther Poulsen',
      },
      { title: 'Tak for i dag og evaluering', presenter: '' },
    ],
    participantMunicipalities: 59,
    participantCount: 75,
  },
  {
    id: 'pl-2023-06-23',
    date: '2023-06-23',
    startTime: '10:00',
    endTime: '11:30',
    title: 'Programledermøde {m:2023-06-23} (gentagelse)',
    agenda: [
      { title: 'Velkommen og program', presenter: '' },
      { title: 'Kædeansvaret', presenter: 'Service management-chef Finn Graversen' },
      { title: 'Status på KLIK 2.0', presenter: 'Implementeringschef Mie Holmsgaard' },
      { title: 'Ny vision for Borgerblikket', presenter: 'Specialkonsulent Marie Madsen, KL' },
      { title: 'Fra HOI til it-understøttelse af tværfagligt samarbejde', presenter: 'Projektleder Tom Bøgeskov' },
      {
        title: 'Kort nyt fra KOMBIT: KLIK-opgaver (DOS, OCES3, BI-værktøj, Digital Post-ansvarlig), Sygesikring, FLIS tilslutningsaftale, programleder-aktiviteter, bilag C',
        presenter: 'Bente Marie Elstrøm Jørgensen, Tom Bøgeskov og Mette Vinther Poulsen',
      },
      { title: 'Tak for i dag og evaluering', presenter: '' },
    ],
    participantMunicipalities: 38,
    participantCount: 43,
  },
  {
    id: 'pl-2023-11-23',
    date: '2023-11-23',
    startTime: '10:00',
    endTime: '11:30',
    title: 'Programledermøde {m:2023-11-23}',
    agenda: [
      { title: 'Velkommen', presenter: '' },
      { title: 'Sygesikring – kort status', presenter: 'Anders Cronwald' },
      { title: 'FSIII – modernisering af datastandarden', presenter: 'Sara Pointing Rasmussen og Ewa Starup' },
      { title: 'AULA i medierne – hvad gør KOMBIT?', presenter: 'Susanne Rasmussen' },
      { title: 'Borgerblikket – ny tilslutningsaftale i {y:2024-06-01}', presenter: 'Jesper Dall-Hansen' },
      {
        title: 'Kort nyt fra KOMBIT: TØK, Mit Sygefravær go-live, KLIK-referencegruppe, 225 timers reglen, fremtidens programleder, aftaler og KLIK-opgaver',
        presenter: 'Bente Marie Elstrøm Jørgensen, Jakob Volmer og Aske Walther Sørensen',
      },
      { title: 'Evaluering og tak for i dag', presenter: '' },
    ],
  },
  {
    id: 'pl-2024-02-28',
    date: '2024-02-28',
    startTime: '10:00',
    endTime: '11:30',
    title: 'Programledermøde {m:2024-02-28}',
    agenda: [
      { title: '"KP Basis" bliver til "KP"', presenter: 'Aske W. Sørensen' },
      { title: 'Aula – resultater fra spørgeskemaundersøgelsen', presenter: 'Susanne Rasmussen' },
      { title: 'Sygesikring – status', presenter: 'KOMBITs projektchef for Sygesikring' },
      { title: 'KL\'s budgetvejledning for næste år – KOMBITs bidrag (sektion 6-1)', presenter: '' },
      { title: 'FLIS og roadmap for de kommende år', presenter: 'Camilla Kragh, chef for Data og BI' },
      {
        title: 'Nyt fra KOMBIT: NemRefusion og Mit Sygefravær, flere data i indekserne, SKAT\'s dataadgange, aftaler, Sundhedsagent og KLIK-opgaver',
        presenter: 'Jens Kastenskov, Brian Perri, Peter Hansen, Bente Marie Elstrøm Jørgensen og Anders Musiat',
      },
      { title: 'Evaluering / tak for i dag', presenter: '' },
    ],
  },
  {
    id: 'pl-2024-03-27',
    // The October 2025 deck's meeting (week 44; the exact day is not given). Its solutions are shown at
    // their own moment (see DEMO_MOMENTS), which is the demo's today; the meeting itself is placed as the
    // next monthly meeting after the February 2024 one, so that the two meetings do not fall in one week.
    date: '2024-03-27',
    startTime: '10:00',
    endTime: '11:30',
    title: 'Programledermøde {m:2024-03-27}',
    // A made-up Teams link of the decks' recurring meeting: its chat is the meeting chat the app is added to.
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_S09NQklULXByb2dyYW1sZWRlcm1vZGU%40thread.v2/0',
    agenda: [
      { title: 'Tema I: Kunstig intelligens i en fælleskommunal verden', presenter: 'Lars Vraa, chef for Design & Arkitektur' },
      { title: 'Kort nyt: KLIK-opgaver, aftaler, Byg og Miljø, 3 x datastandarder, KommuneCERT', presenter: 'Mia Valentiner' },
      { title: 'Status fra projekt VALG', presenter: 'Søren Stauning' },
      { title: 'Nye infrastruktur-basiswebinarer', presenter: 'Mia Valentiner' },
      { title: 'Udbredelse af Helhedsorienteret Indsats for Børn og Unge', presenter: 'Klaus Rasmussen' },
      { title: 'Tema II: Dokumenter til ESDH via fordelingskomponenten', presenter: 'Klaus Rasmussen' },
      { title: 'Tak for i dag', presenter: '' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Evaluations: deterministic answers (fixed-seed generator), plausible averages 3,6-4,4
// ---------------------------------------------------------------------------------------------

/** A 1-5 answer drawn around `mean` (discretised bell shape). */
function likert(rand: () => number, mean: number): Likert {
  const weights = [1, 2, 3, 4, 5].map((k) => Math.exp(-((k - mean) ** 2) / (2 * 0.8 * 0.8)));
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rand() * total;
  for (let k = 0; k < 5; k++) {
    r -= weights[k]!;
    if (r <= 0) return (k + 1) as Likert;
  }
  return 5;
}

function responses(
  seed: number,
  count: number,
  means: Record<QuestionId, number>,
  comments: readonly string[],
): DemoEvaluation['responses'] {
  const rand = seededRandom(seed);
  const step = Math.max(1, Math.floor(count / comments.length));
  return Array.from({ length: count }, (_, i) => {
    const mood = (rand() - 0.5) * 0.9; // a respondent who likes one statement tends to like the others
    const answers: Record<QuestionId, Likert> = {
      q1: likert(rand, means.q1 + mood),
      q2: likert(rand, means.q2 + mood),
      q3: likert(rand, means.q3 + mood),
      q4: likert(rand, means.q4 + mood),
    };
    const comment = i % step === 1 ? comments[Math.floor(i / step)] : undefined;
    return comment ? { answers, comment } : { answers };
  });
}

export const DEMO_EVALUATIONS: DemoEvaluation[] = [
  {
    id: 'eval-pl-2021-04-27',
    meetingId: 'pl-2021-04-27',
    responses: responses(20210427, 33, { q1: 4.1, q2: 3.8, q3: 4.0, q4: 4.0 }, [
      'Godt overblik over KOMBITs del af budgetvejledningen – den sender jeg videre til økonomi.',
      'Statustallene for ESDH og Jobcenter var nyttige.',
      'Mere tid til spørgsmål om onboardingsprogrammet næste gang.',
      'Fint med planen for UDK Boligstøtte og bølgerne.',
    ]),
  },
  {
    id: 'eval-pl-2023-06-22',
    meetingId: 'pl-2023-06-22',
    responses: responses(20230622, 41, { q1: 4.3, q2: 4.0, q3: 4.2, q4: 4.2 }, [
      'Godt med status på KLIK 2.0 og Rollegalleriet.',
      'Kædeansvaret var nyttigt, især eksemplet med login i SAPA.',
      'Mange oplæg – savnede lidt tid til dialog.',
      'Tak for påmindelsen om OCES3. Vi når det inden {dm:2023-08-31}.',
      'Visionen for Borgerblikket var spændende.',
    ]),
  },
  {
    id: 'eval-pl-2023-06-23',
    meetingId: 'pl-2023-06-23',
    responses: responses(20230623, 24, { q1: 4.2, q2: 4.1, q3: 4.0, q4: 4.1 }, [
      'Rart med et mindre hold – mere plads til spørgsmål.',
      'DOS-opgaverne på biblioteksområdet var godt forklaret.',
      'Send gerne oversigten over KLIK-opgaver med i opfølgningsmailen.',
    ]),
  },
  {
    id: 'eval-pl-2023-11-23',
    meetingId: 'pl-2023-11-23',
    responses: responses(20231123, 36, { q1: 4.2, q2: 3.8, q3: 4.1, q4: 4.1 }, [
      'Fint med status på Sygesikring lige før go-live på tirsdag.',
      'FSIII-oplægget var meget detaljeret – mere relevant for fagområdet end for programlederne.',
      'Godt at høre, hvad KOMBIT gør i Aula-debatten.',
      'Glæder mig til det nye Teams-netværk i stedet for Yammer.',
    ]),
  },
  {
    id: 'eval-pl-2024-02-28',
    meetingId: 'pl-2024-02-28',
    responses: responses(20240228, 27, { q1: 4.4, q2: 4.0, q3: 4.3, q4: 4.3 }, [
      'Rigtig god oversigt over aftalerne – så kan jeg følge op internt.',
      'Listen over kommuner uden systemansvarlig på Køreprøvebooking var en god påmindelse.',
      'FLIS-roadmappen var spændende, men lidt lang.',
      'Tak for status på Sundhedsagenten. Vi mangler stadig at godkende serviceaftalen.',
    ]),
  },
];
