import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Link,
  OverlayDrawer,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircle16Filled, Circle16Regular, Dismiss24Regular, Mail16Regular } from '@fluentui/react-icons';
import { useI18n } from '../i18n.tsx';
import { PHASE_LABELS, AGREEMENT_KIND_LABELS } from '../../../bot/domain/labels.ts';
import { formatDate } from '../format.ts';
import { costPrices } from '../costs.ts';
import { formatDaysLeft } from '../../../bot/domain/text.ts';
import { StatusBadge, TaskTypeBadge } from '../components/common.tsx';
import type { PortfolioOverview, PortfolioRow } from '../types.ts';

const useStyles = makeStyles({
  section: { marginTop: tokens.spacingVerticalL },
  heading: { display: 'block', marginBottom: tokens.spacingVerticalS },
  meta: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  timeline: { listStyleType: 'none', margin: 0, padding: 0, borderLeft: `2px solid ${tokens.colorNeutralStroke1}` },
  milestone: { position: 'relative', padding: `0 0 ${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}` },
  marker: { position: 'absolute', left: '-9px', top: '2px', backgroundColor: tokens.colorNeutralBackground1 },
  done: { color: tokens.colorPaletteGreenForeground1 },
  next: { fontWeight: tokens.fontWeightSemibold },
  small: { display: 'block', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  item: { marginBottom: tokens.spacingVerticalS },
});

/** The detail panel of one solution: milestone timeline, its tasks and agreements, KOMBIT contact. */
export default function SolutionDetail({ row, data, onClose }: { row: PortfolioRow; data: PortfolioOverview; onClose: () => void }) {
  const styles = useStyles();
  const { s, l, lang } = useI18n();
  const sol = row.solution;
  const milestones = [...sol.milestones].sort((a, b) => a.date.localeCompare(b.date));
  const tasks = data.tasks.filter((t) => t.solutionId === sol.id);
  const agreements = data.agreements.filter((a) => a.solutionId === sol.id);
  return (
    <OverlayDrawer open position="end" size="medium" onOpenChange={(_, d) => !d.open && onClose()} aria-labelledby="solution-detail-title" data-testid="solution-detail">
      <DrawerHeader>
        <DrawerHeaderTitle
          id="solution-detail-title"
          action={<Button appearance="subtle" aria-label={s.detail.close} icon={<Dismiss24Regular />} onClick={onClose} />}
        >
          {sol.name}
        </DrawerHeaderTitle>
        <div className={styles.meta}>
          <StatusBadge status={sol.status} />
          <Text>{l(PHASE_LABELS[sol.phase])}</Text>
          {sol.operatingCost &&
            costPrices(sol.operatingCost, lang).map((p, i) => (
              <Text key={i}>
                · {p.label ? `${p.label}: ` : ''}
                {s.detail.operatingCost(p.amount, p.kneeModel ? `${p.basis} (${s.portfolio.kneeModel})` : p.basis, sol.operatingCost!.year)}
              </Text>
            ))}
        </div>
      </DrawerHeader>
      <DrawerBody>
        {sol.description && (
          <section className={styles.section}>
            <Text as="h3" weight="semibold" className={styles.heading}>{s.detail.description}</Text>
            <Text>{sol.description}</Text>
          </section>
        )}
        <section className={styles.section}>
          <Text as="h3" weight="semibold" className={styles.heading}>{s.detail.milestones}</Text>
          {milestones.length === 0 ? (
            <Text>{s.detail.noMilestones}</Text>
          ) : (
            <ol className={styles.timeline} data-testid="milestone-timeline">
              {milestones.map((m) => {
                const isNext = row.nextMilestone?.date === m.date && row.nextMilestone.title === m.title;
                return (
                  <li key={m.id} className={styles.milestone}>
                    <span className={styles.marker}>{m.done ? <CheckmarkCircle16Filled className={styles.done} /> : <Circle16Regular />}</span>
                    <span className={isNext ? styles.next : undefined}>{m.title}</span>
                    <span className={styles.small}>
                      {formatDate(m.date, lang)} · {m.done ? s.detail.milestoneDone : isNext ? s.detail.milestoneNext : s.detail.milestoneUpcoming}
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
        </section>
        <section className={styles.section}>
          <Text as="h3" weight="semibold" className={styles.heading}>{s.detail.tasks}</Text>
          {tasks.length === 0 ? (
            <Text>{s.detail.noTasks}</Text>
          ) : (
            <ul className={styles.list}>
              {tasks.map((t) => (
                <li key={t.id} className={styles.item}>
                  <Text weight="semibold">{t.title}</Text> <TaskTypeBadge type={t.type} size="medium" />
                  <span className={styles.small}>
                    {s.klik.deadline} {formatDate(t.deadline, lang)} ({formatDaysLeft(t.daysLeft, lang)}) · {s.klik.progressOf(t.progress.done, t.progress.started, t.progress.notStarted, t.progress.total)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className={styles.section}>
          <Text as="h3" weight="semibold" className={styles.heading}>{s.detail.agreements}</Text>
          {agreements.length === 0 ? (
            <Text>{s.detail.noAgreements}</Text>
          ) : (
            <ul className={styles.list}>
              {agreements.map((a) => (
                <li key={a.id} className={styles.item}>
                  <Text weight="semibold">{a.title}</Text>
                  <span className={styles.small}>
                    {l(AGREEMENT_KIND_LABELS[a.kind])} · {s.agreements.deadline} {a.deadline ? formatDate(a.deadline, lang) : a.noDeadline ? s.agreements.noDeadline : s.agreements.asap} ·{' '}
                    {s.agreements.progressOf(a.progress.signed, a.progress.declined, a.progress.missing, a.progress.total)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className={styles.section}>
          <Text as="h3" weight="semibold" className={styles.heading}>{s.detail.contact}</Text>
          {sol.contact ? (
            <Text>
              {sol.contact.name} ·{' '}
              <Link href={`mailto:${sol.contact.email}`}>
                <Mail16Regular /> {sol.contact.email}
              </Link>
            </Text>
          ) : (
            <Text>{s.detail.noContact}</Text>
          )}
        </section>
      </DrawerBody>
    </OverlayDrawer>
  );
}
