import type { Principal } from '../auth/principal.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { ProgressIndex } from '../storage/progressIndex.ts';
import { municipalityByCode, municipalityByEmail } from '../domain/municipality.ts';
import type { Language } from '../domain/language.ts';
import type { Role } from '../domain/user.ts';
import type { TaskStatus } from '../domain/klikTask.ts';
import type { SignatureState } from '../domain/agreement.ts';

export interface MunicipalityRef {
  readonly code: string;
  readonly name: string;
}

/** `GET /api/me`: who the tab is showing, with the choices they made in the bot. */
export interface MeView {
  readonly userId: string;
  readonly name?: string;
  readonly email?: string;
  readonly role: Role;
  readonly isStaff: boolean;
  /** The development-mode demo user: the tab shows a banner. */
  readonly demo: boolean;
  /** The municipality the person chose in the bot; status changes are for this one only. */
  readonly municipality: MunicipalityRef | null;
  /** A guess from the e-mail domain when no municipality is chosen yet (only shown as a hint). */
  readonly suggestedMunicipality?: MunicipalityRef;
  readonly language: Language;
  readonly followedSolutions: readonly string[];
}

const ref = (code: string | undefined): MunicipalityRef | null => {
  const m = code ? municipalityByCode(code) : undefined;
  return m ? { code: m.code, name: m.name } : null;
};

/** The caller with their stored profile (municipality, language, followed solutions). */
export async function meView(repos: Repositories, principal: Principal): Promise<MeView> {
  const profile = (await repos.users.get(principal.userId))?.value;
  const municipality = ref(principal.municipalityCode ?? profile?.municipalityCode);
  const suggested = municipality ? undefined : municipalityByEmail(principal.email ?? profile?.email);
  return {
    userId: principal.userId,
    ...(principal.name ?? profile?.name ? { name: principal.name ?? profile?.name } : {}),
    ...(principal.email ?? profile?.email ? { email: principal.email ?? profile?.email } : {}),
    role: principal.role,
    isStaff: principal.role === 'kombit',
    demo: principal.demo,
    municipality,
    ...(suggested ? { suggestedMunicipality: { code: suggested.code, name: suggested.name } } : {}),
    language: profile?.language ?? 'da',
    followedSolutions: profile?.followedSolutions ?? [],
  };
}

/** `GET /api/me/progress`: the caller's municipality's status on every task and agreement. */
export interface MyProgress {
  readonly municipalityCode: string | null;
  readonly tasks: Readonly<Record<string, TaskStatus>>;
  readonly agreements: Readonly<Record<string, SignatureState>>;
}

/** From the progress index (brought up to date first); no row means not started / missing. */
export async function myProgress(repos: Repositories, index: ProgressIndex, principal: Principal): Promise<MyProgress> {
  const code = principal.municipalityCode ?? (await repos.users.get(principal.userId))?.value.municipalityCode;
  if (!code) return { municipalityCode: null, tasks: {}, agreements: {} };
  const [tasks, agreements] = await Promise.all([repos.klikTasks.list(), repos.agreements.list(), index.sync()]);
  return {
    municipalityCode: code,
    tasks: Object.fromEntries(tasks.map((t) => [t.id, index.statusOf(t.id, code)])),
    agreements: Object.fromEntries(agreements.map((a) => [a.id, index.signatureOf(a.id, code)])),
  };
}
