import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../i18n.tsx';
import { TASK_STATUS_LABELS } from '../../../bot/domain/labels.ts';
import { formatDate } from '../format.ts';
import type { StatusDifference } from '../../../bot/domain/klikStatus.ts';

const useStyles = makeStyles({
  line: { display: 'block', marginTop: tokens.spacingVerticalXS, fontSize: tokens.fontSizeBase200 },
  flag: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

/** The tab's words for a report in Teams beside the status in KLIK (KLIK is the system of record). */
export const DIFFERENCE_TEXT = {
  da: {
    reported: 'Meldt i Teams',
    klik: 'Status i KLIK',
    asOf: (date: string) => `pr. ${date}`,
    contradicted: 'KLIK viser ikke det, der er meldt i Teams. Sæt status i KLIK.',
    awaitingKlik: 'Meldt efter udtrækket fra KLIK; næste import viser, om KLIK er opdateret.',
    confirmed: 'KLIK er længere end det, der er meldt i Teams.',
    rememberKlik: 'Husk også at sætte status i KLIK – det er status i KLIK, der tæller.',
  },
  en: {
    reported: 'Reported in Teams',
    klik: 'Status in KLIK',
    asOf: (date: string) => `as of ${date}`,
    contradicted: 'KLIK does not show what was reported in Teams. Set the status in KLIK.',
    awaitingKlik: 'Reported after the KLIK export; the next import shows whether KLIK is updated.',
    confirmed: 'KLIK is further than what was reported in Teams.',
    rememberKlik: 'Remember to set the status in KLIK too – the status in KLIK is what counts.',
  },
};

/** "Meldt i Teams: Fuldført · Status i KLIK: Påbegyndt (pr. 23-11-2026)", with what the difference means. */
export function KlikDifference({ difference }: { difference: StatusDifference }) {
  const styles = useStyles();
  const { lang, l } = useI18n();
  const t = DIFFERENCE_TEXT[lang];
  return (
    <Text className={styles.line} data-testid="klik-difference" data-check={difference.check}>
      {t.reported}: {l(TASK_STATUS_LABELS[difference.reported])} · {t.klik}: {l(TASK_STATUS_LABELS[difference.klik])} ({t.asOf(formatDate(difference.exportDate, lang))})
      <span className={difference.check === 'contradicted' ? styles.flag : undefined} style={{ display: 'block' }}>
        {t[difference.check]}
      </span>
    </Text>
  );
}
