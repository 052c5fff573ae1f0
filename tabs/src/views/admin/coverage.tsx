import { Button, MessageBar, MessageBarBody, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../../i18n.tsx';
import { useApi } from '../../data.tsx';
import { sendJson } from '../../api.ts';
import { OutcomeBar, useAction } from './forms.tsx';
import { LoadState } from '../../components/common.tsx';
import type { Coverage, ReachView } from '../../../../bot/roster/rosterService.ts';
import type { InvitationResult } from '../../../../bot/roster/rosterInvitations.ts';

const useStyles = makeStyles({
  summary: { marginBottom: tokens.spacingVerticalS },
  unreached: { color: tokens.colorPaletteRedForeground1 },
  gap: { marginTop: tokens.spacingVerticalL },
  invite: { marginRight: tokens.spacingHorizontalXS, marginBottom: tokens.spacingVerticalXXS },
});

const TEXT = {
  da: {
    summary: (c: Coverage) => c.summary,
    totals: (c: Coverage) => `${c.totals.withProgramLeader} kommuner har en programleder på rollelisten · ${c.totals.reachablePeople} af ${c.totals.people} personer kan nås`,
    notConnected: 'Appen er ikke forbundet til Microsoft Graph: kun personer, der selv har installeret appen, kan nås.',
    table: 'Dækning pr. kommune, de kommuner der ikke kan nås først',
    municipality: 'Kommune',
    leaders: 'Programleder',
    others: 'Andre roller',
    reach: 'Kan nås i Teams',
    yes: 'Ja',
    conflicts: 'Kommune valgt i appen er en anden end rollelistens',
    conflict: (name: string, chosen: string, roster: string) => `${name}: valgte ${chosen}, rollelisten siger ${roster}`,
    invitation: 'Gæsteinvitation',
    inviteOne: (name: string) => `Inviter ${name}`,
    inviteAll: (n: number) => `Inviter alle, der ikke er gæster (${n})`,
  },
  en: {
    summary: (c: Coverage) => `${c.totals.reachable} of ${c.totals.municipalities} municipalities can be reached in Teams`,
    totals: (c: Coverage) => `${c.totals.withProgramLeader} municipalities have a program leader on the roster · ${c.totals.reachablePeople} of ${c.totals.people} people can be reached`,
    notConnected: 'The app is not connected to Microsoft Graph: only people who installed the app themselves can be reached.',
    table: 'Coverage per municipality, unreached municipalities first',
    municipality: 'Municipality',
    leaders: 'Program leader',
    others: 'Other roles',
    reach: 'Reachable in Teams',
    yes: 'Yes',
    conflicts: 'Municipality chosen in the app differs from the roster',
    conflict: (name: string, chosen: string, roster: string) => `${name}: chose ${chosen}, the roster says ${roster}`,
    invitation: 'Guest invitation',
    inviteOne: (name: string) => `Invite ${name}`,
    inviteAll: (n: number) => `Invite everyone who is not a guest (${n})`,
  },
};

const person = (p: ReachView) => `${p.name}${p.reachable ? '' : ` (${p.reason ?? ''})`}`;

/** Who the app can reach in Teams, per municipality (from the KLIK roster), the unreached first. */
export function CoveragePanel() {
  const { lang } = useI18n();
  const t = TEXT[lang];
  const styles = useStyles();
  const coverage = useApi<Coverage>('/api/roster/coverage');
  const { busy, outcome, run } = useAction();
  // Invitations are sent by a job: the answer says what was asked for, the reloaded table the new state.
  const invite = (body: { email: string } | { all: true }) =>
    run(async () => {
      const { data } = await sendJson<InvitationResult>('POST', '/api/roster/invitations', body);
      coverage.reload();
      return { message: data.message };
    });
  return (
    <LoadState state={coverage}>
      {(c) => (
        <div data-testid="coverage">
          <Text as="p" size={400} weight="semibold" block className={styles.summary} data-testid="coverage-summary">
            {t.summary(c)}
          </Text>
          <Text as="p" block className={styles.summary}>{t.totals(c)}</Text>
          {!c.graph.connected && (
            <MessageBar intent="warning" className={styles.summary}>
              <MessageBarBody>{t.notConnected}</MessageBarBody>
            </MessageBar>
          )}
          {c.graph.connected && c.totals.invitable > 0 && (
            <Button appearance="primary" className={styles.summary} disabled={busy} onClick={() => void invite({ all: true })} data-testid="invite-all">
              {t.inviteAll(c.totals.invitable)}
            </Button>
          )}
          <OutcomeBar outcome={outcome} testId="invite" />
          <Table aria-label={t.table} size="small" data-testid="coverage-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.municipality}</TableHeaderCell>
                <TableHeaderCell>{t.leaders}</TableHeaderCell>
                <TableHeaderCell>{t.others}</TableHeaderCell>
                <TableHeaderCell>{t.reach}</TableHeaderCell>
                {c.graph.connected && <TableHeaderCell>{t.invitation}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {c.municipalities.map((m) => (
                <TableRow key={m.code} data-code={m.code}>
                  <TableCell>{m.name}</TableCell>
                  <TableCell>{m.programLeaders.map(person).join(', ')}</TableCell>
                  <TableCell>{m.others.map((p) => `${person(p)} – ${p.roles.join(', ')}`).join('; ')}</TableCell>
                  <TableCell className={m.reachable ? undefined : styles.unreached}>{m.reachable ? t.yes : m.reason}</TableCell>
                  {c.graph.connected && (
                    <TableCell>
                      {[...m.programLeaders, ...m.others].filter((p) => p.invitable).map((p) => (
                        <Button key={p.email} size="small" className={styles.invite} disabled={busy} onClick={() => void invite({ email: p.email })}>
                          {t.inviteOne(p.name)}
                        </Button>
                      ))}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {c.conflicts.length > 0 && (
            <div className={styles.gap} data-testid="coverage-conflicts">
              <Text as="h3" weight="semibold" block>{t.conflicts}</Text>
              <ul>
                {c.conflicts.map((x) => (
                  <li key={x.email}>{t.conflict(x.name, x.chosen, x.roster)}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </LoadState>
  );
}
