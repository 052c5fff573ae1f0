import { describe, expect, it } from 'vitest';
import * as tab from '../tabs/src/labels.ts';
import { PHASE_LABELS, SOLUTION_STATUS_LABELS } from '../bot/domain/solution.ts';
import { TASK_STATUS_LABELS, TASK_TYPE_LABELS } from '../bot/domain/klikTask.ts';
import { AGREEMENT_KIND_LABELS, SIGNATURE_STATE_LABELS, SIGNING_CHANNEL_LABELS } from '../bot/domain/agreement.ts';
import { LIKERT_SCALE } from '../bot/domain/evaluation.ts';
import * as server from '../bot/domain/language.ts';
import { fold, formatCost, formatDate, formatDaysLeft, formatKroner, formatLongDate, formatNumber, formatPercent } from '../tabs/src/format.ts';
import { initialSettings, languageOf } from '../tabs/src/settings.ts';
import { STRINGS } from '../tabs/src/i18n.tsx';

describe('the tab speaks the domain’s words', () => {
  it('uses the same Danish and English labels as the bot', () => {
    expect(tab.PHASE_LABELS).toEqual(PHASE_LABELS);
    expect(tab.SOLUTION_STATUS_LABELS).toEqual(SOLUTION_STATUS_LABELS);
    expect(tab.TASK_TYPE_LABELS).toEqual(TASK_TYPE_LABELS);
    expect(tab.TASK_STATUS_LABELS).toEqual(TASK_STATUS_LABELS);
    expect(tab.AGREEMENT_KIND_LABELS).toEqual(AGREEMENT_KIND_LABELS);
    expect(tab.SIGNATURE_STATE_LABELS).toEqual(SIGNATURE_STATE_LABELS);
    expect(tab.SIGNING_CHANNEL_LABELS).toEqual(SIGNING_CHANNEL_LABELS);
    expect(tab.LIKERT_LABELS).toEqual(LIKERT_SCALE.map((s) => s.label));
  });

  it('formats dates and numbers like the bot: 28-11-2023, 4,70 kr., "om 5 dage"', () => {
    for (const lang of ['da', 'en'] as const) {
      for (const date of ['2023-11-28', '2024-02-29', '2025-01-01']) {
        expect(formatDate(date, lang)).toBe(server.formatDate(date, lang));
        expect(formatLongDate(date, lang)).toBe(server.formatLongDate(date, lang));
      }
      for (const n of [4.7, 174.84, 0.2, 1234.5]) {
        expect(formatNumber(n, lang)).toBe(server.formatNumber(n, lang));
        expect(formatKroner(n, lang)).toBe(server.formatKroner(n, lang));
      }
      for (const d of [-3, -1, 0, 1, 5]) expect(formatDaysLeft(d, lang)).toBe(server.formatDaysLeft(d, lang));
    }
    expect(formatDate('2023-11-28', 'da')).toBe('28-11-2023');
    expect(formatLongDate('2023-11-28', 'da')).toBe('28. november 2023');
    expect(formatKroner(4.7, 'da')).toBe('4,70 kr.');
    expect(formatPercent(0.5467, 'da').replace(/\s/g, ' ')).toBe('55 %');
    expect(fold('Køreprøvebooking')).toBe(fold('koereproevebooking'));
    expect(formatCost({ amount: 1.51, basis: 'kr. pr. indbygger' }, 'da')).toEqual({ amount: '1,51 kr.', basis: 'pr. indbygger' });
    expect(formatCost({ amount: 86, basis: 'kr. pr. skolebarn' }, 'da').amount).toBe('86,00 kr.');
  });

  it('reads view, theme and language from the URL, and English from an en-* Teams locale', () => {
    expect(initialSettings('?view=meeting&theme=dark&lang=en')).toEqual({ view: 'meeting', theme: 'dark', lang: 'en' });
    expect(initialSettings('?view=nope&theme=pink&lang=de')).toEqual({});
    expect(initialSettings('?theme=contrast').theme).toBe('contrast');
    expect(languageOf('en-us')).toBe('en');
    expect(languageOf('en-GB')).toBe('en');
    expect(languageOf('da-dk')).toBe('da');
    expect(languageOf(undefined)).toBe('da');
  });

  it('has every Danish text in English too', () => {
    const shape = (o: unknown): unknown =>
      typeof o === 'object' && o !== null ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, shape(v)])) : typeof o;
    expect(shape(STRINGS.en)).toEqual(shape(STRINGS.da));
    expect(STRINGS.da.demoBanner).toBe('Demo: du ser appen som en demo-bruger uden for Teams');
    expect(STRINGS.da.admin.comingSoon).toBe('Administration kommer snart');
  });
});
