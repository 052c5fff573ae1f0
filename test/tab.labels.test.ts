import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as labels from '../bot/domain/labels.ts';
import { foldText, formatDaysLeft } from '../bot/domain/text.ts';
import { PHASE_LABELS, SOLUTION_STATUS_LABELS } from '../bot/domain/solution.ts';
import { TASK_STATUS_LABELS, TASK_TYPE_LABELS } from '../bot/domain/klikTask.ts';
import { AGREEMENT_KIND_LABELS, SIGNATURE_STATE_LABELS, SIGNING_CHANNEL_LABELS } from '../bot/domain/agreement.ts';
import { LIKERT_SCALE } from '../bot/domain/evaluation.ts';
import { EVENT_KIND_LABELS } from '../bot/domain/event.ts';
import * as server from '../bot/domain/language.ts';
import { formatCost, formatDate, formatKroner, formatLongDate, formatNumber, formatPercent } from '../tabs/src/format.ts';
import { initialSettings, languageOf } from '../tabs/src/settings.ts';
import { STRINGS } from '../tabs/src/i18n.tsx';
import { ADMIN_STRINGS } from '../tabs/src/views/admin/strings.ts';

describe('the tab speaks the domain’s words', () => {
  it('shares the label maps and text helpers with the server through modules that import nothing', () => {
    // The server's domain files hand out the very same objects the tab imports.
    expect(PHASE_LABELS).toBe(labels.PHASE_LABELS);
    expect(SOLUTION_STATUS_LABELS).toBe(labels.SOLUTION_STATUS_LABELS);
    expect(TASK_TYPE_LABELS).toBe(labels.TASK_TYPE_LABELS);
    expect(TASK_STATUS_LABELS).toBe(labels.TASK_STATUS_LABELS);
    expect(AGREEMENT_KIND_LABELS).toBe(labels.AGREEMENT_KIND_LABELS);
    expect(SIGNATURE_STATE_LABELS).toBe(labels.SIGNATURE_STATE_LABELS);
    expect(SIGNING_CHANNEL_LABELS).toBe(labels.SIGNING_CHANNEL_LABELS);
    expect(LIKERT_SCALE).toBe(labels.LIKERT_SCALE);
    expect(EVENT_KIND_LABELS).toBe(labels.EVENT_KIND_LABELS);
    expect(server.formatDaysLeft).toBe(formatDaysLeft);
    // Anything these two import would land in the tab's bundle (zod and luxon must not).
    for (const file of ['bot/domain/labels.ts', 'bot/domain/text.ts']) {
      expect(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'), file).not.toMatch(/^\s*import\s/m);
    }
    expect(labels.PHASES.map((p) => labels.PHASE_LABELS[p].da)).toEqual(['Analyse', 'Udbud', 'Udvikling', 'Udrulning og ibrugtagning', 'Drift', 'Udfasning']);
    expect(labels.TASK_TYPE_LABELS.criticalPath.da).toBe('Obligatorisk på kritisk vej');
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
    }
    expect(formatDate('2023-11-28', 'da')).toBe('28-11-2023');
    expect(formatLongDate('2023-11-28', 'da')).toBe('28. november 2023');
    expect(formatKroner(4.7, 'da')).toBe('4,70 kr.');
    expect(formatPercent(0.5467, 'da').replace(/\s/g, ' ')).toBe('55 %');
    expect(foldText('Køreprøvebooking')).toBe(foldText('koereproevebooking'));
    expect(foldText('Lyngby-Taarbæk')).toBe('lyngby taarbaek');
    expect([-3, -1, 0, 1, 5].map((d) => formatDaysLeft(d))).toEqual(['overskredet med 3 dage', 'overskredet med 1 dag', 'i dag', 'i morgen', 'om 5 dage']);
    expect(formatDaysLeft(-1, 'en')).toBe('overdue by 1 day');
    expect(formatCost({ amount: 1.51, basis: 'kr. pr. indbygger' }, 'da')).toEqual({ amount: '1,51 kr.', basis: 'pr. indbygger' });
    expect(formatCost({ amount: 86, basis: 'kr. pr. skolebarn' }, 'da').amount).toBe('86,00 kr.');
  });

  it('writes numbers exactly as Intl.NumberFormat does (the tab formats them by hand, without loading locale data)', () => {
    const values = [0, 0.005, 1.005, 2.675, 1.045, 9.995, 99.995, 999.995, 0.125, 0.135, 1234.5, 1e6, 123456789.125, 1e-7, 1e21, -4.7, -0.001];
    for (let i = 0; i < 200_000; i += 37) values.push(i / 1000, i / 100, i * 13.7);
    for (const lang of ['da', 'en'] as const) {
      for (const decimals of [0, 1, 2]) {
        const intl = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
        for (const value of values) expect(formatNumber(value, lang, decimals), `${value} ${lang} ${decimals}`).toBe(intl.format(value));
      }
    }
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
    expect(shape(ADMIN_STRINGS.en)).toEqual(shape(ADMIN_STRINGS.da));
    expect(ADMIN_STRINGS.da.sections.import).toBe('Import');
  });
});
