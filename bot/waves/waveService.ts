import { randomUUID } from 'node:crypto';
import type { ServiceDeps } from '../capability.ts';
import { requireStaff, type Principal } from '../auth/principal.ts';
import { AlreadyExists, Conflict, NotFound, Stale, ValidationError } from '../domain/errors.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { formatDate, type Language } from '../domain/language.ts';
import { municipalityByCode } from '../domain/municipality.ts';
import { moveAnswerSchema, municipalityNames, newWaveSchema, type Wave, type WaveMoveRequest } from '../domain/wave.ts';
import { t } from '../cards/strings.ts';
import type { UserProfile } from '../domain/user.ts';
import { wavesOfSolution } from './scope.ts';

/** A wave as the API answers: with its municipalities by name, for the list a consultant copies. */
export interface WaveView extends Wave {
  readonly municipalities: readonly string[];
}

/** A move request as staff see it: names instead of ids. */
export interface MoveRequestView extends WaveMoveRequest {
  readonly municipalityName: string;
  readonly solutionName: string;
  readonly fromWaveName: string;
  readonly toWaveName: string;
}

const nameOf = (code: string) => municipalityByCode(code)?.name ?? code;

/**
 * Rollout waves: KOMBIT staff define them (a named set of municipalities with kick-off and
 * go-live) and publish KLIK tasks to them; a program leader asks from the task card to move their
 * municipality to another wave; staff accept (the municipality moves) or reject, and the asker is told.
 */
export class WaveService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(): Promise<WaveView[]> {
    return (await this.deps.repos.waves.list()).map((w) => ({ ...w, municipalities: municipalityNames(w.municipalityCodes) }));
  }

  /** A new wave (staff only); unknown municipalities, an unknown solution or a taken id are refused and nothing is stored. */
  async create(input: unknown, principal: Principal): Promise<WaveView> {
    requireStaff(principal);
    const parsed = parseOrThrow(newWaveSchema, input);
    if (!(await this.deps.repos.solutions.get(parsed.solutionId))) throw new ValidationError([{ field: 'solutionId', message: 'er ikke en kendt løsning' }]);
    const now = this.deps.clock.now().toISOString();
    const { municipalities, id, ...rest } = parsed;
    const wave: Wave = { ...rest, id: id ?? `wave-${randomUUID().slice(0, 8)}`, municipalityCodes: municipalities, createdAt: now, updatedAt: now };
    try {
      await this.deps.repos.waves.create(wave);
    } catch (error) {
      if (error instanceof AlreadyExists) throw new Conflict('WaveExists', `Der findes allerede en bølge med id «${wave.id}». Intet er gemt.`);
      throw error;
    }
    return { ...wave, municipalities: municipalityNames(wave.municipalityCodes) };
  }

  /**
   * A program leader's request to move their municipality to another wave of the solution. The
   * answer is the Danish text to show the asker; every refusal says that nothing was sent.
   * A new request replaces the municipality's unanswered one for the same solution.
   */
  async requestMove(profile: UserProfile, input: { solutionId: string; toWaveId: string; reason: string }): Promise<string> {
    const lang = profile.language;
    const code = profile.municipalityCode;
    if (!code) return t(lang, 'Vælg først din kommune: skriv "kommune [navn]" til mig. Intet er sendt.', 'Choose your municipality first: type "municipality [name]" to me. Nothing was sent.');
    const waves = await wavesOfSolution(this.deps.repos, input.solutionId);
    const from = waves.find((w) => w.municipalityCodes.includes(code));
    if (!from) return t(lang, `${nameOf(code)} er ikke i nogen bølge for denne løsning. Intet er sendt.`, `${nameOf(code)} is in no wave of this solution. Nothing was sent.`);
    const to = waves.find((w) => w.id === input.toWaveId);
    if (!to) return t(lang, 'Den valgte bølge findes ikke længere. Intet er sendt.', 'The chosen wave no longer exists. Nothing was sent.');
    if (to.id === from.id) return t(lang, `${nameOf(code)} er allerede i ${from.name}. Vælg en anden bølge. Intet er sendt.`, `${nameOf(code)} is already in ${from.name}. Choose another wave. Nothing was sent.`);
    const pending = (await this.deps.repos.waves.requestList()).find((r) => r.value.state === 'pending' && r.value.solutionId === input.solutionId && r.value.municipalityCode === code);
    const request: WaveMoveRequest = {
      id: pending?.value.id ?? `wr-${randomUUID().slice(0, 8)}`,
      solutionId: input.solutionId,
      municipalityCode: code,
      fromWaveId: from.id,
      toWaveId: to.id,
      reason: input.reason.trim(),
      requestedBy: { userId: profile.userId, name: profile.name ?? profile.userId },
      requestedAt: this.deps.clock.now().toISOString(),
      state: 'pending',
    };
    await this.deps.repos.waves.putRequest(request);
    this.deps.log.info({ requestId: request.id, municipality: code, from: from.id, to: to.id }, 'wave move requested');
    return t(
      lang,
      `Tak. KOMBIT har fået jeres anmodning om at flytte ${nameOf(code)} fra ${from.name} til ${to.name} (idriftsættelse ${formatDate(to.deadline, lang)}). Du får svar her i chatten.`,
      `Thank you. KOMBIT has your request to move ${nameOf(code)} from ${from.name} to ${to.name} (go-live ${formatDate(to.deadline, lang)}). You will get the answer here in the chat.`,
    );
  }

  /** Every move request with names (staff only), the unanswered first. */
  async requests(principal: Principal): Promise<MoveRequestView[]> {
    requireStaff(principal);
    const [rows, waves, solutions] = await Promise.all([this.deps.repos.waves.requestList(), this.deps.repos.waves.list(), this.deps.repos.solutions.list()]);
    const wave = (id: string) => waves.find((w) => w.id === id)?.name ?? id;
    return rows
      .map(({ value: r }) => ({ ...r, municipalityName: nameOf(r.municipalityCode), solutionName: solutions.find((s) => s.id === r.solutionId)?.name ?? r.solutionId, fromWaveName: wave(r.fromWaveId), toWaveName: wave(r.toWaveId) }))
      .sort((a, b) => Number(a.state !== 'pending') - Number(b.state !== 'pending'));
  }

  /**
   * KOMBIT's answer (staff only). Accepting moves the municipality from its wave to the one asked
   * for (the cards of tasks published to either are updated), and the asker is told either way.
   * A request is answered once; a second answer is refused and changes nothing.
   */
  async answer(id: string, input: unknown, principal: Principal): Promise<{ request: WaveMoveRequest; notificationId: string }> {
    requireStaff(principal);
    const { decision, note } = parseOrThrow(moveAnswerSchema, input);
    const current = await this.deps.repos.waves.request(id);
    if (!current) throw new NotFound('Anmodningen');
    if (current.value.state !== 'pending') throw new Conflict('WaveRequestAnswered', 'Anmodningen er allerede besvaret. Intet er ændret.');
    const r = current.value;
    const [from, to] = await Promise.all([this.deps.repos.waves.get(r.fromWaveId), this.deps.repos.waves.get(r.toWaveId)]);
    if (decision === 'accept') {
      if (!from || !to) throw new Conflict('WaveGone', 'En af bølgerne findes ikke længere, så kommunen kan ikke flyttes. Intet er ændret.');
      const now = this.deps.clock.now().toISOString();
      // Set semantics: done again after a crash, the move gives the same waves.
      await this.deps.repos.waves.replace({ ...to.value, municipalityCodes: [...new Set([...to.value.municipalityCodes, r.municipalityCode])].sort(), updatedAt: now }, to.etag);
      await this.deps.repos.waves.replace({ ...from.value, municipalityCodes: from.value.municipalityCodes.filter((c) => c !== r.municipalityCode), updatedAt: now }, from.etag);
    }
    const answered: WaveMoveRequest = { ...r, state: decision === 'accept' ? 'accepted' : 'rejected', answeredBy: principal.name ?? principal.userId, answeredAt: this.deps.clock.now().toISOString(), ...(note ? { answerNote: note } : {}) };
    try {
      await this.deps.repos.waves.replaceRequest(answered, current.etag);
    } catch (error) {
      if (error instanceof Stale) throw new Conflict('WaveRequestAnswered', 'Anmodningen er netop besvaret af en anden. Intet er ændret.');
      throw error;
    }
    if (decision === 'accept') await this.refreshTaskCards([r.fromWaveId, r.toWaveId]);
    const lang = (await this.deps.repos.users.get(r.requestedBy.userId))?.value.language ?? 'da';
    const notificationId = `waveMoveAnswer:${id}`;
    await this.deps.delivery.publish({ id: notificationId, kind: 'text', subjectId: id, audience: { kind: 'users', userIds: [r.requestedBy.userId] }, payload: { text: answerText(answered, from?.value.name ?? r.fromWaveId, to?.value, lang) } });
    this.deps.log.info({ requestId: id, decision, by: principal.userId }, 'wave move answered');
    return { request: answered, notificationId };
  }

  /** The cards of tasks published to these waves count other municipalities now. */
  private async refreshTaskCards(waveIds: readonly string[]): Promise<void> {
    const tasks = await this.deps.repos.klikTasks.list();
    for (const task of tasks) {
      if (task.concerns?.kind === 'waves' && task.concerns.waveIds.some((w) => waveIds.includes(w))) await this.deps.delivery.refreshCards(`klikTask:${task.id}`);
    }
  }
}

function answerText(r: WaveMoveRequest, fromName: string, to: Wave | undefined, lang: Language): string {
  const name = nameOf(r.municipalityCode);
  const toName = to?.name ?? r.toWaveId;
  const note = r.answerNote ? `\n\n${t(lang, 'Besked fra KOMBIT', 'Message from KOMBIT')}: ${r.answerNote}` : '';
  return r.state === 'accepted'
    ? t(lang, `KOMBIT har flyttet ${name} fra ${fromName} til ${toName}${to ? ` (kick-off ${formatDate(to.startDate, lang)}, idriftsættelse ${formatDate(to.deadline, lang)})` : ''}.${note}`, `KOMBIT has moved ${name} from ${fromName} to ${toName}${to ? ` (kick-off ${formatDate(to.startDate, lang)}, go-live ${formatDate(to.deadline, lang)})` : ''}.${note}`)
    : t(lang, `KOMBIT kan ikke flytte ${name} til ${toName}; kommunen bliver i ${fromName}.${note}`, `KOMBIT cannot move ${name} to ${toName}; the municipality stays in ${fromName}.${note}`);
}
