import type { Principal } from '../auth/principal.ts';
import { scopeOf } from '../waves/scope.ts';
import type { Repositories } from '../storage/repositories.ts';
import { MUNICIPALITIES } from '../domain/municipality.ts';
import { signatureProgress, type SignatureProgress, type SignatureState } from '../domain/agreement.ts';
import { NotFound } from '../domain/errors.ts';

export interface MunicipalityName {
  readonly code: string;
  readonly name: string;
  readonly region: string;
}

/** `GET /api/agreements/{id}/signatures`: the progress, and who is missing only where that may be shown. */
export interface SignatureList {
  readonly agreementId: string;
  readonly progress: SignatureProgress;
  readonly showMissingList: boolean;
  /** Present when the agreement allows the list (showMissingList) or the caller is KOMBIT staff. */
  readonly missing?: readonly MunicipalityName[];
  /** Every municipality's state: KOMBIT staff only. */
  readonly states?: readonly (MunicipalityName & { state: SignatureState; selfReported: boolean })[];
}

/** Each municipality's signature on one agreement, shown as far as the caller may see it. */
export async function signatureList(repos: Repositories, agreementId: string, principal: Principal): Promise<SignatureList> {
  const [agreement, signatures] = await Promise.all([repos.agreements.get(agreementId), repos.agreements.signatures(agreementId)]);
  if (!agreement) throw new NotFound('Aftalen');
  const staff = principal.role === 'kombit';
  const showMissingList = agreement.value.showMissingList;
  const byCode = new Map(signatures.map((s) => [s.municipalityCode, s]));
  const scope = await scopeOf(repos, agreement.value.concerns);
  const inSet = new Set(scope.codes);
  const rows = MUNICIPALITIES.filter((m) => inSet.has(m.code)).map((m) => {
    const s = byCode.get(m.code);
    return { code: m.code, name: m.name, region: m.region, state: s?.state ?? ('missing' as SignatureState), selfReported: s?.selfReported ?? false };
  }).sort((x, y) => x.name.localeCompare(y.name, 'da'));
  return {
    agreementId,
    progress: signatureProgress(signatures, scope.codes),
    showMissingList,
    ...(showMissingList || staff ? { missing: rows.filter((r) => r.state === 'missing').map(({ code, name, region }) => ({ code, name, region })) } : {}),
    ...(staff ? { states: rows } : {}),
  };
}
