import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { Important16Filled } from '@fluentui/react-icons';
import { useI18n } from '../i18n.tsx';
import { TASK_TYPE_LABELS } from '../../../bot/domain/labels.ts';
import type { TaskType } from '../types.ts';

// The portfolio's first paint needs only these two: they live in firstPaint.tsx, so that the rest of this module stays out of the first bundle.
export { LoadState, StatusBadge } from './firstPaint.tsx';

const useTypeBadgeStyles = makeStyles({
  // Fluent's badge has a fixed height: in a narrow column "Obligatorisk på kritisk vej" wraps and its second line was cut off.
  badge: { height: 'auto', minHeight: '20px', paddingTop: '1px', paddingBottom: '1px', whiteSpace: 'normal', textAlign: 'start', maxWidth: '100%' },
});

/** A KLIK task's type; "Obligatorisk på kritisk vej" is filled and marked with an icon so it stands out. */
export function TaskTypeBadge({ type, size = 'medium' }: { type: TaskType; size?: 'medium' | 'large' | 'extra-large' }) {
  const { l } = useI18n();
  const styles = useTypeBadgeStyles();
  const label = l(TASK_TYPE_LABELS[type]);
  if (type === 'criticalPath') {
    return (
      <Badge appearance="filled" color="danger" shape="rounded" size={size} icon={<Important16Filled />} data-type={type} className={styles.badge}>
        {label}
      </Badge>
    );
  }
  return (
    <Badge appearance={type === 'mandatory' ? 'tint' : 'outline'} color={type === 'mandatory' ? 'brand' : 'informative'} shape="rounded" size={size} data-type={type} className={styles.badge}>
      {label}
    </Badge>
  );
}

const useBarStyles = makeStyles({
  bar: {
    display: 'flex',
    width: '100%',
    minWidth: '120px',
    height: '12px',
    borderRadius: tokens.borderRadiusMedium,
    overflow: 'hidden',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  large: { height: '24px' },
  done: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  started: {
    backgroundColor: tokens.colorPaletteYellowBackground3,
    backgroundImage: `repeating-linear-gradient(45deg, transparent 0 4px, rgba(0,0,0,0.25) 4px 6px)`,
  },
  declined: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    backgroundImage: `repeating-linear-gradient(-45deg, transparent 0 4px, rgba(0,0,0,0.3) 4px 6px)`,
  },
  rest: {},
  legend: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXXS, fontSize: tokens.fontSizeBase200, marginTop: tokens.spacingVerticalXXS },
  legendLarge: { fontSize: tokens.fontSizeBase400 },
  swatch: { display: 'inline-block', width: '10px', height: '10px', marginRight: '4px', border: `1px solid ${tokens.colorNeutralStroke1}` },
});

export interface BarPart {
  readonly key: 'done' | 'started' | 'declined' | 'rest';
  readonly value: number;
  readonly label: string;
}

/**
 * A stacked bar over the 98 municipalities. Parts differ by fill pattern as well as colour; the
 * numbers are written out in the legend, and screen readers get the same sentence as `label`.
 */
export function StackedBar({ parts, total, label, large }: { parts: readonly BarPart[]; total: number; label: string; large?: boolean }) {
  const styles = useBarStyles();
  return (
    <div>
      <div className={large ? `${styles.bar} ${styles.large}` : styles.bar} role="img" aria-label={label}>
        {parts.map((p) => (p.value > 0 && p.key !== 'rest' ? <div key={p.key} className={styles[p.key]} style={{ width: `${(100 * p.value) / total}%` }} /> : null))}
      </div>
      <div className={large ? `${styles.legend} ${styles.legendLarge}` : styles.legend} aria-hidden="true" data-legend="">
        {parts.map((p) => (
          <span key={p.key}>
            <span className={`${styles.swatch} ${styles[p.key]}`} />
            {p.label} {p.value}
          </span>
        ))}
      </div>
    </div>
  );
}

/**
 * The layout the list views share: a scrolling table, small secondary text, the progress column,
 * and the list of municipality names with the person's own highlighted.
 */
export const useListStyles = makeStyles({
  scroll: { overflowX: 'auto', backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  table: { minWidth: '980px' },
  small: { display: 'block', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  progressCell: { minWidth: '220px' },
  names: { columns: '4 180px', margin: 0, paddingLeft: tokens.spacingHorizontalL, paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  ownName: { fontWeight: tokens.fontWeightBold, backgroundColor: tokens.colorBrandBackground2, outline: `2px solid ${tokens.colorBrandStroke1}` },
  hint: { display: 'block', marginBottom: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
});
