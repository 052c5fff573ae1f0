import { useState } from 'react';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useI18n } from '../i18n.tsx';
import { useShared } from '../data.tsx';
import { ApiError, downloadFile } from '../api.ts';

const useStyles = makeStyles({
  group: { display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  label: { color: tokens.colorNeutralForeground2 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/**
 * "Hent listen: CSV · Excel" for KOMBIT staff: fetches `path?format=…` (the API's export of what
 * the view shows) with the person's sign-in and saves it. Nothing for program leaders, who may
 * not take the exports.
 */
export function DownloadButtons({ path, what, fileName }: { path: string; what?: string; fileName: string }) {
  const { s } = useI18n();
  const { me } = useShared();
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (!me.data?.isStaff) return null;
  const subject = what ?? s.download.list;
  const get = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    setError(undefined);
    try {
      await downloadFile(`${path}${path.includes('?') ? '&' : '?'}format=${format}`, `${fileName}.${format}`);
    } catch (e) {
      // The server's own Danish reason (too few answers, not staff) when it gave one.
      setError(e instanceof ApiError && e.status < 500 ? e.message : s.download.failed);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className={styles.group} role="group" aria-label={s.download.label(subject)}>
      <Text className={styles.label}>{s.download.label(subject)}:</Text>
      <Button size="small" icon={<ArrowDownload20Regular />} disabled={busy} title={s.download.csvTitle(subject)} onClick={() => void get('csv')}>
        {s.download.csv}
      </Button>
      <Button size="small" icon={<ArrowDownload20Regular />} disabled={busy} title={s.download.excelTitle(subject)} onClick={() => void get('xlsx')}>
        {s.download.excel}
      </Button>
      {busy && <Text role="status">{s.download.busy}</Text>}
      {error && (
        <Text role="alert" className={styles.error}>
          {error}
        </Text>
      )}
    </span>
  );
}
