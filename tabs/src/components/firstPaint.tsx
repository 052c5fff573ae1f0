import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, ErrorCircle16Filled, Warning16Filled } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';
import { SOLUTION_STATUS_LABELS } from '../../../bot/domain/labels.ts';
import type { Loaded } from '../data.tsx';
import { useLater } from '../later.ts';
import type { SolutionStatus } from '../types.ts';

// The shared components the portfolio's first paint needs, apart from common.tsx (which re-exports
// them) so that the rest of it, with Fluent's Badge, stays out of the first bundle.

const useStatusStyles = makeStyles({
  badge: {
    display: 'inline-flex',
    alignItems: 'center',
    columnGap: '4px',
    padding: `0 ${tokens.spacingHorizontalXS}`,
    minHeight: '20px',
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightBase200,
    // "Risiko for forsinkelse" wraps inside the badge rather than running into the next column.
    whiteSpace: 'normal',
  },
  large: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, minHeight: '28px', padding: `0 ${tokens.spacingHorizontalS}` },
  onTrack: { backgroundColor: tokens.colorPaletteGreenBackground1, color: tokens.colorPaletteGreenForeground1, border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteGreenBorder1}` },
  atRisk: { backgroundColor: tokens.colorPaletteYellowBackground1, color: tokens.colorPaletteYellowForeground2, border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteYellowBorder1}` },
  delayed: { backgroundColor: tokens.colorPaletteRedBackground1, color: tokens.colorPaletteRedForeground1, border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteRedBorder1}` },
});

/**
 * A solution's status with an icon and its text, never by colour alone. A plain span with
 * Fluent's tokens (the same colours as a tint Badge): the portfolio shows 40 of them at once.
 */
export function StatusBadge({ status, size = 'medium' }: { status: SolutionStatus; size?: 'medium' | 'large' }) {
  const { l } = useI18n();
  const styles = useStatusStyles();
  const Icon = status === 'onTrack' ? CheckmarkCircle16Filled : status === 'atRisk' ? Warning16Filled : ErrorCircle16Filled;
  return (
    <span className={mergeClasses(styles.badge, styles[status], size === 'large' && styles.large)} data-status={status}>
      <Icon aria-hidden="true" />
      {l(SOLUTION_STATUS_LABELS[status])}
    </span>
  );
}

const useLoadingStyles = makeStyles({ loading: { color: tokens.colorNeutralForeground2, margin: `${tokens.spacingVerticalM} 0` } });

/**
 * Shows "Henter …" while loading, a message with a retry on failure, else the content. The
 * message's Fluent parts come with the chunk loaded after the first paint (later.ts); until it is
 * there (or if it cannot be loaded) the message shows as plain text.
 */
export function LoadState<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  const { s } = useI18n();
  const styles = useLoadingStyles();
  const later = useLater();
  if (state.data !== undefined) return <>{children(state.data)}</>;
  if (state.error) {
    const status = (state.error as { status?: number }).status;
    if (later) return <later.LoadError status={status} reload={state.reload} />;
    return (
      <p role="alert" className={styles.loading}>
        {status === 401 ? s.notSignedIn : s.loadFailed}
      </p>
    );
  }
  // Plain text, not Fluent's Spinner: this shows during the first frame, when every style costs.
  return (
    <p role="status" className={styles.loading}>
      {s.loading}
    </p>
  );
}
