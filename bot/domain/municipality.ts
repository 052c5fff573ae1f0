import { z } from 'zod';
import { editDistance, foldText } from './text.ts';
import { MUNICIPALITY_DATA, REGIONS, type MunicipalityRecord, type Region } from './municipalityData.ts';

export { REGIONS, type Region };
export { foldText } from './text.ts';
export type Municipality = MunicipalityRecord;

/** All 98 municipalities, sorted by kommunekode. */
export const MUNICIPALITIES: readonly Municipality[] = MUNICIPALITY_DATA;
export const MUNICIPALITY_COUNT = MUNICIPALITIES.length;

const byCode = new Map(MUNICIPALITIES.map((m) => [m.code, m]));

/** The municipality with this kommunekode, or undefined. */
export function municipalityByCode(code: string): Municipality | undefined {
  return byCode.get(code);
}

/** True when the code is one of the 98 kommunekoder. */
export function isMunicipalityCode(code: string): boolean {
  return byCode.has(code);
}

/** The two municipalities whose official name is not "<name> Kommune". */
const OFFICIAL_NAMES: Readonly<Record<string, string>> = { '101': 'Københavns Kommune', '400': 'Bornholms Regionskommune' };

/** The municipality's official name, as KOMBIT and KLIK write it: "Københavns Kommune", "Bornholms Regionskommune", "Aarhus Kommune". */
export function officialName(municipality: Pick<Municipality, 'code' | 'name'>): string {
  return OFFICIAL_NAMES[municipality.code] ?? `${municipality.name} Kommune`;
}

const byOfficialName = new Map(MUNICIPALITIES.map((m) => [foldText(officialName(m)), m]));

/** The result of looking a municipality up by what a person typed. */
export type MunicipalityMatch =
  | { kind: 'exact'; municipality: Municipality }
  | { kind: 'ambiguous'; candidates: Municipality[] }
  | { kind: 'none'; suggestions: Municipality[] };

/**
 * Finds a municipality from free text: a kommunekode, the official name ("Københavns Kommune"),
 * the name (accent- and case-tolerant, "kommune" optional), a unique prefix, or a near miss. Several candidates means the person must choose.
 */
export function matchMunicipality(query: string): MunicipalityMatch {
  const official = byOfficialName.get(foldText(query).trim());
  if (official) return { kind: 'exact', municipality: official };
  const q = foldText(query).replace(/\bkommune\b/g, '').trim();
  if (!q) return { kind: 'none', suggestions: [] };
  const code = byCode.get(q);
  if (code) return { kind: 'exact', municipality: code };
  const folded = MUNICIPALITIES.map((m) => ({ m, name: foldText(m.name) }));
  const exact = folded.find((f) => f.name === q);
  if (exact) return { kind: 'exact', municipality: exact.m };
  const prefix = folded.filter((f) => f.name.startsWith(q) || f.name.split(' ').some((w) => w.startsWith(q)));
  if (prefix.length === 1) return { kind: 'exact', municipality: prefix[0]!.m };
  if (prefix.length > 1) return { kind: 'ambiguous', candidates: prefix.map((f) => f.m) };
  const ranked = folded
    .map((f) => ({ m: f.m, d: editDistance(q, f.name) }))
    .sort((a, b) => a.d - b.d);
  const best = ranked[0]!;
  const tolerance = Math.max(1, Math.floor(q.length / 4));
  const close = ranked.filter((r) => r.d <= tolerance);
  if (close.length === 1) return { kind: 'exact', municipality: close[0]!.m };
  if (close.length > 1) return { kind: 'ambiguous', candidates: close.map((r) => r.m) };
  return { kind: 'none', suggestions: ranked.slice(0, 3).filter((r) => r.d <= best.d + 2).map((r) => r.m) };
}

/** The municipality an e-mail address's domain belongs to, if any (kk.dk → København). */
export function municipalityByEmail(email: string | undefined): Municipality | undefined {
  const domain = email?.split('@')[1]?.toLowerCase();
  if (!domain) return undefined;
  return MUNICIPALITIES.find((m) => m.emailDomains.some((d) => domain === d || domain.endsWith(`.${d}`)));
}

/** "0101" → "101": a kommunekode as written with the leading zero KLIK and Excel often give it. */
export function withoutLeadingZeros(code: string): string {
  return code.replace(/^0+(?=\d)/, '');
}

/** A kommunekode that is one of the 98. */
export const municipalityCodeSchema = z
  .string({ error: 'skal være en kommunekode' })
  .trim()
  // Kommunekoder are often written with a leading zero (0101 for København), as in KLIK and Excel.
  .transform(withoutLeadingZeros)
  .refine(isMunicipalityCode, { error: 'er ikke en kendt kommunekode' });
