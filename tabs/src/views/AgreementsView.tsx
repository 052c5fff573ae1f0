import { Fragment, useEffect, useState } from 'react';
import {
  Badge,
  Button,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ChevronDown16Regular, ChevronRight16Regular, Warning16Filled } from '@fluentui/react-icons';
import { useI18n } from '../i18n.tsx';
import { useApi, useShared } from '../data.tsx';
import { LoadState, StackedBar, useListStyles } from '../components/common.tsx';
import { DownloadButtons } from '../components/Download.tsx';
import { CopyList } from '../components/CopyList.tsx';
import { AGREEMENT_KIND_LABELS, SIGNATURE_STATE_LABELS, SIGNING_CHANNEL_LABELS } from '../../../bot/domain/labels.ts';
import { formatDate } from '../format.ts';
import { formatDaysLeft } from '../../../bot/domain/text.ts';
import type { AgreementRow, PortfolioOverview, SignatureList, SignatureProgress } from '../types.ts';

const useStyles = makeStyles({
  controls: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalM },
  overdueRow: { backgroundColor: tokens.colorPaletteRedBackground1, boxShadow: `inset 4px 0 0 ${tokens.colorPaletteRedBorder2}` },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold, display: 'inline-flex', alignItems: 'center', gap: '4px' },
});

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Sent once its sent date has come (as the bot's `isSent`); before that nobody is asked to sign, so nobody is missing. */
export function isSentBy(a: AgreementRow, today: string): boolean {
  return a.sentDate !== undefined && a.sentDate <= today;
}

/** An agreement is overdue when its deadline has passed and municipalities still have not answered. */
export function isOverdue(a: AgreementRow): boolean {
  return !a.closed && a.daysLeft !== null && a.daysLeft < 0 && a.progress.missing > 0;
}

/** Aftaler: deadlines, signature progress over the 98, overdue highlighted, who is missing where allowed. */
export default function AgreementsView() {
  const { portfolio, needProgress } = useShared();
  useEffect(needProgress, [needProgress]);
  return <LoadState state={portfolio}>{(data) => <AgreementTable data={data} />}</LoadState>;
}

function AgreementTable({ data }: { data: PortfolioOverview }) {
  const styles = useStyles();
  const shared = useListStyles();
  const { s } = useI18n();
  const [showClosed, setShowClosed] = useState(false);
  const solutionName = new Map(data.solutions.map((r) => [r.solution.id, r.solution.name]));
  // Deadline order; "hurtigst muligt" first among the open ones, since it is due now, and those sent without a deadline last.
  const rank = (a: AgreementRow) => (a.deadline ? 1 : a.noDeadline ? 2 : 0);
  const rows = data.agreements
    .filter((a) => showClosed || !a.closed)
    .sort((a, b) => Number(a.closed) - Number(b.closed) || rank(a) - rank(b) || (a.deadline ?? '').localeCompare(b.deadline ?? '') || a.title.localeCompare(b.title, 'da'));
  return (
    <section aria-labelledby="agreements-heading">
      <Text as="h2" size={600} weight="semibold" id="agreements-heading" block>
        {s.views.agreements}
      </Text>
      <div className={styles.controls}>
        <Switch label={s.agreements.showClosed} checked={showClosed} onChange={(_, d) => setShowClosed(d.checked)} data-testid="show-closed" />
        <Text role="status">{s.agreements.count(rows.length)}</Text>
        <DownloadButtons path="/api/exports/agreements" fileName="aftaler" />
      </div>
      <div className={shared.scroll}>
        <Table aria-label={s.agreements.tableLabel} className={shared.table} size="small" data-testid="agreements-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '28%' }}>{s.agreements.agreement}</TableHeaderCell>
              <TableHeaderCell style={{ width: '18%' }}>{s.agreements.sent}</TableHeaderCell>
              <TableHeaderCell style={{ width: '14%' }}>{s.agreements.deadline}</TableHeaderCell>
              <TableHeaderCell style={{ width: '25%' }}>{s.agreements.signatures}</TableHeaderCell>
              <TableHeaderCell style={{ width: '15%' }}>{s.agreements.myState}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((a) => (
              <AgreementRowView key={a.id} agreement={a} sent={isSentBy(a, data.today)} solutionName={solutionName.get(a.solutionId) ?? a.solutionId} />
            ))}
          </TableBody>
        </Table>
        {rows.length === 0 && <Text className={shared.hint}>{s.agreements.noAgreements}</Text>}
      </div>
    </section>
  );
}

export function SignatureBar({ progress: p, large }: { progress: SignatureProgress; large?: boolean }) {
  const { s, l } = useI18n();
  return (
    <StackedBar
      large={large}
      total={p.total}
      label={s.agreements.progressOf(p.signed, p.declined, p.missing, p.total)}
      parts={[
        { key: 'done', value: p.signed, label: l(SIGNATURE_STATE_LABELS.signed) },
        { key: 'declined', value: p.declined, label: l(SIGNATURE_STATE_LABELS.declined) },
        { key: 'rest', value: p.missing, label: l(SIGNATURE_STATE_LABELS.missing) },
      ]}
    />
  );
}

function AgreementRowView({ agreement: a, sent, solutionName }: { agreement: AgreementRow; sent: boolean; solutionName: string }) {
  const styles = useStyles();
  const shared = useListStyles();
  const { s, l, lang } = useI18n();
  const { me, progress } = useShared();
  const [expanded, setExpanded] = useState(false);
  const overdue = sent && isOverdue(a);
  const canList = a.showMissingList || me.data?.isStaff === true;
  const own = me.data?.municipality;
  // An agreement for a named set the municipality is not in asks nothing of it.
  const myState = sent && own && (!a.concernedCodes || a.concernedCodes.includes(own.code)) ? progress.data?.agreements[a.id] : undefined;
  const listId = `missing-${a.id}`;
  return (
    <Fragment>
      <TableRow className={overdue ? styles.overdueRow : undefined} data-agreement={a.id} data-overdue={overdue ? 'true' : undefined}>
        <TableCell>
          <Text weight="semibold">{a.title}</Text>
          <span className={shared.small}>
            {l(AGREEMENT_KIND_LABELS[a.kind])} · {solutionName} · {l(SIGNING_CHANNEL_LABELS[a.signingChannel])}
            {a.concernsLabel && <span data-testid="agreement-concerns-label"> · {a.concernsLabel}</span>}
          </span>
          {a.closed && <Badge appearance="outline" color="informative">{s.agreements.closed}</Badge>}
        </TableCell>
        <TableCell>
          {a.sentDate ? formatDate(a.sentDate, lang) : '–'}
          <span className={shared.small}>
            {s.agreements.sentTo}: {a.recipients.join(', ')}
          </span>
        </TableCell>
        <TableCell>
          <span data-testid="agreement-deadline">{a.deadline ? formatDate(a.deadline, lang) : a.noDeadline ? s.agreements.noDeadline : s.agreements.asap}</span>
          {overdue ? (
            <span className={`${shared.small} ${styles.overdue}`}>
              <Warning16Filled aria-hidden="true" />
              {capitalise(formatDaysLeft(a.daysLeft!, lang))}
            </span>
          ) : (
            a.daysLeft !== null && !a.closed && sent && <span className={shared.small}>{formatDaysLeft(a.daysLeft, lang)}</span>
          )}
        </TableCell>
        <TableCell className={shared.progressCell}>
          {!sent ? (
            <Text data-testid="not-sent">{s.agreements.notSent}</Text>
          ) : (
            <SignatureBar progress={a.progress} />
          )}
          {sent &&
            a.progress.missing > 0 &&
            (canList ? (
              <Button
                appearance="transparent"
                size="small"
                icon={expanded ? <ChevronDown16Regular /> : <ChevronRight16Regular />}
                aria-expanded={expanded}
                aria-controls={listId}
                onClick={() => setExpanded((e) => !e)}
                data-testid="toggle-missing"
              >
                {expanded ? s.agreements.hideList : s.agreements.missingList(a.progress.missing)}
              </Button>
            ) : (
              <span className={shared.small}>{s.agreements.missingNotShown}</span>
            ))}
        </TableCell>
        <TableCell>{myState ? <Text data-testid="my-signature">{l(SIGNATURE_STATE_LABELS[myState])}</Text> : '–'}</TableCell>
      </TableRow>
      {expanded && (
        <TableRow>
          <TableCell colSpan={5} id={listId}>
            <MissingList agreementId={a.id} />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}

function MissingList({ agreementId }: { agreementId: string }) {
  const styles = useStyles();
  const shared = useListStyles();
  const { s } = useI18n();
  const { me } = useShared();
  const list = useApi<SignatureList>(`/api/agreements/${encodeURIComponent(agreementId)}/signatures`);
  const own = me.data?.municipality?.code;
  return (
    <LoadState state={list}>
      {(data) => (
        <>
          <DownloadButtons path={`/api/exports/agreements/${encodeURIComponent(agreementId)}`} what={s.download.signatures} fileName={`aftale-${agreementId}-underskrifter`} />
          {!data.missing ? (
            <Text>{s.agreements.missingNotShown}</Text>
          ) : data.missing.length === 0 ? (
            <Text>{s.agreements.noneMissing}</Text>
          ) : (
            <>
              <CopyList names={data.missing.map((m) => m.name)} testId="copy-missing-list" />
              <ul className={shared.names} data-testid="missing-list">
                {data.missing.map((m) => (
                  <li key={m.code} className={m.code === own ? shared.ownName : undefined}>
                    {m.name}
                    {m.code === own ? ` (${s.yourMunicipality.toLowerCase()})` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </LoadState>
  );
}
