import { useEffect, useRef, useState } from 'react';
import { Badge, Button, Checkbox, Field, MessageBar, MessageBarBody, MessageBarTitle, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../../i18n.tsx';
import { useApi } from '../../data.tsx';
import { ApiError, sendJson } from '../../api.ts';
import { LoadState } from '../../components/common.tsx';
import { DownloadButtons } from '../../components/Download.tsx';
import { formatClock } from '../../format.ts';
import { CheckField, ChoiceField, DateTimeField, OutcomeBar, TextField, issuesOf, useAction, useFormStyles } from './forms.tsx';
import { formatDanishTime } from './danishTime.ts';
import { useSurveyStrings } from './surveyStrings.ts';
import type { Survey, SurveyQuestion } from '../../../../bot/domain/survey.ts';
import type { SurveyTemplate } from '../../../../bot/domain/surveyTemplate.ts';
import type { SurveySummary } from '../../../../bot/surveys/surveyService.ts';
import type { Progress } from '../../../../bot/surveys/surveyCards.ts';

const useStyles = makeStyles({
  layout: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL, alignItems: 'flex-start' },
  form: { flex: '1 1 460px', maxWidth: '640px' },
  side: { flex: '1 1 360px', maxWidth: '480px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, position: 'sticky', top: tokens.spacingVerticalM },
  card: { border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalS, backgroundColor: '#ffffff', color: '#242424', minHeight: '80px' },
  help: { color: tokens.colorNeutralForeground2 },
  gap: { marginTop: tokens.spacingVerticalL },
  progress: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  follow: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, maxWidth: '760px' },
});

type QuestionType = SurveyQuestion['type'];
const TYPES: readonly QuestionType[] = ['scale', 'single', 'multi', 'text'];
const REGIONS = ['Hovedstaden', 'Sjælland', 'Syddanmark', 'Midtjylland', 'Nordjylland'] as const;
type AudienceKind = 'all' | 'roles' | 'municipalities' | 'regions' | 'chats' | 'conversations';
const AUDIENCE_KINDS: readonly AudienceKind[] = ['all', 'roles', 'municipalities', 'regions', 'chats', 'conversations'];

interface QuestionDraft {
  readonly type: QuestionType;
  readonly text: string;
  /** One choice per line, as typed. */
  readonly choices: string;
  readonly other: boolean;
  readonly long: boolean;
  readonly required: boolean;
}
interface Draft {
  readonly title: string;
  readonly intro: string;
  readonly anonymous: boolean;
  readonly perMunicipality: boolean;
  readonly audienceKind: AudienceKind;
  readonly roles: string;
  readonly municipalities: string;
  readonly regions: readonly string[];
  readonly conversations: string;
  readonly closesAt: string;
  readonly questions: readonly QuestionDraft[];
}

const blankQuestion = (type: QuestionType = 'scale'): QuestionDraft => ({ type, text: '', choices: '', other: false, long: false, required: type !== 'text' });
const BLANK: Draft = { title: '', intro: '', anonymous: false, perMunicipality: false, audienceKind: 'all', roles: '', municipalities: '', regions: [], conversations: '', closesAt: '', questions: [blankQuestion()] };
const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** The form as `POST /api/surveys` takes it; the closing time as typed (the server reads dd-mm-åååå tt:mm in Danish time). */
function bodyOf(d: Draft): Record<string, unknown> {
  const audiences: Record<AudienceKind, Record<string, unknown>> = {
    all: { all: true },
    roles: { roles: list(d.roles) },
    municipalities: { municipalities: list(d.municipalities) },
    regions: { regions: d.regions },
    // The server writes in the channels and meeting chats where the app is installed when the survey is saved.
    chats: { installedChats: true },
    conversations: { conversations: list(d.conversations) },
  };
  const audience = audiences[d.audienceKind];
  return {
    title: d.title,
    ...(d.intro.trim() ? { intro: d.intro } : {}),
    anonymous: d.anonymous,
    perMunicipality: d.perMunicipality,
    audience,
    closesAt: d.closesAt,
    questions: d.questions.map((q) => ({
      type: q.type,
      text: q.text,
      required: q.required,
      ...(q.type === 'single' || q.type === 'multi' ? { choices: q.choices.split('\n').map((c) => c.trim()).filter(Boolean), other: q.other } : {}),
      ...(q.type === 'text' ? { long: q.long } : {}),
    })),
  };
}

/** A template's fields in the form (the closing time stays as typed). */
function draftOf(t: SurveyTemplate, closesAt: string): Draft {
  const a = t.audience ?? {};
  // The evaluation template has no audience of its own: it goes where the meeting evaluation goes.
  const audienceKind: AudienceKind = !t.audience && t.kind === 'evaluation' ? 'chats' : a.roles?.length ? 'roles' : a.municipalities?.length ? 'municipalities' : a.regions?.length ? 'regions' : a.conversations?.length ? 'conversations' : 'all';
  return {
    title: t.title,
    intro: t.intro ?? '',
    anonymous: t.anonymous,
    perMunicipality: t.perMunicipality,
    audienceKind,
    roles: (a.roles ?? []).join(', '),
    municipalities: (a.municipalities ?? []).join(', '),
    regions: [...(a.regions ?? [])],
    conversations: (a.conversations ?? []).join(', '),
    closesAt,
    questions: t.questions.map((q) => {
      const type = (TYPES.includes(q.type as QuestionType) ? q.type : 'text') as QuestionType;
      return { ...blankQuestion(type), text: String(q.text ?? ''), choices: Array.isArray(q.choices) ? q.choices.join('\n') : '', other: q.other === true, long: q.long === true, required: typeof q.required === 'boolean' ? q.required : type !== 'text' };
    }),
  };
}

/** Teams' look for the preview: its font, and no action does anything. */
const HOST_CONFIG = { fontFamily: "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', sans-serif" };

/**
 * The card rendered by the Adaptive Cards renderer from the JSON the bot would send (the server's
 * own builder, through `POST /api/surveys/preview`). The renderer is loaded only when a preview
 * is first shown, so the Administration chunk stays small.
 */
function CardPreview({ card, label }: { card: object; label: string }) {
  const styles = useStyles();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    void import('adaptivecards').then((AC) => {
      if (cancelled || !host.current) return;
      const adaptive = new AC.AdaptiveCard();
      adaptive.hostConfig = new AC.HostConfig(HOST_CONFIG);
      adaptive.onExecuteAction = () => undefined;
      adaptive.parse(card);
      const rendered = adaptive.render();
      if (rendered) host.current.replaceChildren(rendered);
    });
    return () => {
      cancelled = true;
    };
  }, [card]);
  return <div ref={host} className={styles.card} role="region" aria-label={label} data-testid="survey-card-preview" />;
}

/** The card for the form as it stands, asked for a moment after the last change; the server's Danish problems when it refuses. */
function usePreview(body: Record<string, unknown>) {
  const [card, setCard] = useState<object | undefined>();
  const [problems, setProblems] = useState<ApiError | undefined>();
  const key = JSON.stringify(body);
  const latest = useRef(0);
  useEffect(() => {
    const n = ++latest.current;
    const timer = setTimeout(() => {
      sendJson<{ card: object }>('POST', '/api/surveys/preview', JSON.parse(key)).then(
        ({ data }) => {
          if (n !== latest.current) return;
          setCard(data.card);
          setProblems(undefined);
        },
        (error: unknown) => {
          if (n === latest.current) setProblems(error instanceof ApiError ? error : undefined);
        },
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [key]);
  return { card, problems };
}

/** The form's name for a field the server named: its own messages name questions and reminders, the rest need the field's label. */
function fieldName(field: string, t: ReturnType<typeof useSurveyStrings>): string | undefined {
  const top = field.split('.')[0] ?? '';
  const names: Record<string, string> = { title: t.title, intro: t.intro, closesAt: t.closesAt, audience: t.audience, fromTemplate: t.fromTemplate };
  return names[top];
}

/** The server's problems in its own Danish words (each names its question, or gets its field's label), beside the form. */
function Problems({ error, title, testId }: { error: ApiError; title: string; testId: string }) {
  const t = useSurveyStrings();
  if (!error.issues.length) return null;
  return (
    <MessageBar intent="warning" layout="multiline" data-testid={testId}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        <ul>
          {error.issues.map((i) => (
            <li key={`${i.field}:${i.message}`}>{/^\p{Ll}/u.test(i.message) && fieldName(i.field, t) ? `${fieldName(i.field, t)}: ${i.message}` : i.message}</li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

function QuestionEditor({ n, q, set, remove, issue }: { n: number; q: QuestionDraft; set(patch: Partial<QuestionDraft>): void; remove?: () => void; issue: (field: string) => string | undefined }) {
  const t = useSurveyStrings();
  const formStyles = useFormStyles();
  const field = `questions.${n - 1}`;
  const problem = issue(`${field}.type`) ?? issue(field);
  return (
    <fieldset className={formStyles.group} aria-label={t.question(n)} data-testid={`survey-question-${n}`}>
      <legend className={formStyles.legend}>{t.question(n)}</legend>
      <ChoiceField label={t.type} value={q.type} onChange={(v) => set({ type: v as QuestionType, required: v !== 'text' })} options={TYPES.map((type) => ({ value: type, label: t.types[type] }))} testId={`survey-q${n}-type`} issue={problem} />
      <TextField label={t.text} value={q.text} onChange={(text) => set({ text })} issue={issue(`${field}.text`)} testId={`survey-q${n}-text`} className={formStyles.grow} />
      {(q.type === 'single' || q.type === 'multi') && (
        <>
          <Field label={t.choices} validationState={issue(`${field}.choices`) ? 'error' : 'none'} validationMessage={issue(`${field}.choices`)} className={formStyles.grow}>
            <Textarea value={q.choices} onChange={(_, d) => set({ choices: d.value })} resize="vertical" data-testid={`survey-q${n}-choices`} />
          </Field>
          <CheckField label={t.other} checked={q.other} onChange={(other) => set({ other })} testId={`survey-q${n}-other`} />
        </>
      )}
      {q.type === 'text' && <CheckField label={t.long} checked={q.long} onChange={(long) => set({ long })} testId={`survey-q${n}-long`} />}
      <CheckField label={t.required} checked={q.required} onChange={(required) => set({ required })} testId={`survey-q${n}-required`} />
      {remove && (
        <Button size="small" onClick={remove} aria-label={t.removeQuestion(n)}>
          {t.removeQuestion(n)}
        </Button>
      )}
    </fieldset>
  );
}

/** Writes a survey (from a template or empty) beside a live preview of its card, and saves it as a draft. */
function SurveyForm({ onSaved }: { onSaved(id: string): void }) {
  const t = useSurveyStrings();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const templates = useApi<{ templates: SurveyTemplate[] }>('/api/survey-templates');
  const [templateId, setTemplateId] = useState('');
  const [draft, setDraft] = useState<Draft>(BLANK);
  // The template the form was filled from: named when saving, so the survey records it (and an evaluation is one).
  const [usedTemplate, setUsedTemplate] = useState<string | undefined>();
  const save = useAction();
  const body = { ...(usedTemplate ? { fromTemplate: usedTemplate } : {}), ...bodyOf(draft) };
  const preview = usePreview(body);
  const { clear } = save;
  const changed = JSON.stringify(body);
  // A refusal to save is about the form as it was; once changed, the live preview speaks for it.
  useEffect(() => clear(), [changed, clear]);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setQuestion = (i: number, patch: Partial<QuestionDraft>) => setDraft((d) => ({ ...d, questions: d.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)) }));
  const saveError = save.outcome?.kind === 'error' && save.outcome.error instanceof ApiError ? save.outcome.error : undefined;
  // The field messages come from the last refusal: of saving if it was refused, else of the live preview.
  const issue = issuesOf(saveError ?? preview.problems);
  // The audience's problems may name one of its lists' entries (audience.roles.0): shown under the audience.
  const audienceIssue = (saveError ?? preview.problems)?.issues.find((i) => i.field === 'audience' || i.field.startsWith('audience.'))?.message;
  const submit = () =>
    save.run(async () => {
      const { data } = await sendJson<{ survey: Survey }>('POST', '/api/surveys', body);
      onSaved(data.survey.id);
      return { message: t.saved(data.survey.title) };
    });
  return (
    <div className={styles.layout}>
      <form
        noValidate
        className={`${formStyles.form} ${styles.form}`}
        aria-label={t.create}
        data-testid="survey-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Text as="h3" weight="semibold" size={400}>
          {t.create}
        </Text>
        <div className={formStyles.row}>
          <ChoiceField label={t.fromTemplate} value={templateId} onChange={setTemplateId} options={[{ value: '', label: t.noTemplate }, ...(templates.data?.templates ?? []).map((x) => ({ value: x.id, label: x.name }))]} testId="survey-template" />
          <Button
            onClick={() => {
              const chosen = templates.data?.templates.find((x) => x.id === templateId);
              setDraft(chosen ? draftOf(chosen, draft.closesAt) : { ...BLANK, closesAt: draft.closesAt });
              setUsedTemplate(chosen?.id);
            }}
            data-testid="survey-template-use"
          >
            {t.useTemplate}
          </Button>
        </div>
        <TextField label={t.title} value={draft.title} onChange={(title) => set({ title })} issue={issue('title')} testId="survey-title" required />
        <TextField label={t.intro} value={draft.intro} onChange={(intro) => set({ intro })} issue={issue('intro')} testId="survey-intro" multiline />
        <CheckField label={t.anonymous} checked={draft.anonymous} onChange={(anonymous) => set({ anonymous })} testId="survey-anonymous" />
        <CheckField label={t.perMunicipality} checked={draft.perMunicipality} onChange={(perMunicipality) => set({ perMunicipality })} testId="survey-per-municipality" />
        {issue('perMunicipality') && <Text className={styles.help}>{issue('perMunicipality')}</Text>}
        <ChoiceField
          label={t.audience}
          value={draft.audienceKind}
          onChange={(v) => set({ audienceKind: v as AudienceKind })}
          options={AUDIENCE_KINDS.map((k) => ({ value: k, label: t.audienceKinds[k] }))}
          issue={audienceIssue}
          testId="survey-audience"
        />
        {draft.audienceKind === 'roles' && <TextField label={t.roles} value={draft.roles} onChange={(roles) => set({ roles })} testId="survey-roles" />}
        {draft.audienceKind === 'municipalities' && <TextField label={t.municipalities} value={draft.municipalities} onChange={(municipalities) => set({ municipalities })} testId="survey-municipalities" />}
        {draft.audienceKind === 'conversations' && <TextField label={t.conversations} value={draft.conversations} onChange={(conversations) => set({ conversations })} testId="survey-conversations" />}
        {draft.audienceKind === 'regions' && (
          <div role="group" aria-label={t.audienceKinds.regions} className={formStyles.row}>
            {REGIONS.map((r) => (
              <Checkbox key={r} label={r} checked={draft.regions.includes(r)} onChange={(_, d) => set({ regions: d.checked ? [...draft.regions, r] : draft.regions.filter((x) => x !== r) })} />
            ))}
          </div>
        )}
        <DateTimeField label={t.closesAt} hint={t.closesAtHint} value={draft.closesAt} onChange={(closesAt) => set({ closesAt })} issue={issue('closesAt')} testId="survey-closes" />
        <Text as="h4" weight="semibold">
          {t.questions}
        </Text>
        {draft.questions.map((q, i) => (
          <QuestionEditor
            key={i}
            n={i + 1}
            q={q}
            set={(patch) => setQuestion(i, patch)}
            issue={issue}
            remove={draft.questions.length > 1 ? () => setDraft((d) => ({ ...d, questions: d.questions.filter((_, j) => j !== i) })) : undefined}
          />
        ))}
        <div className={formStyles.actions}>
          <Button onClick={() => setDraft((d) => ({ ...d, questions: [...d.questions, blankQuestion()] }))} disabled={draft.questions.length >= 15} data-testid="survey-add-question">
            {t.addQuestion}
          </Button>
          <Button appearance="primary" type="submit" disabledFocusable={save.busy} data-testid="survey-save">
            {t.save}
          </Button>
        </div>
        {saveError?.issues.length ? <Problems error={saveError} title={t.previewProblems} testId="survey-save-problems" /> : <OutcomeBar outcome={save.outcome} testId="survey-save" />}
      </form>
      <aside className={styles.side} aria-label={t.preview}>
        <Text as="h3" weight="semibold" size={400}>
          {t.preview}
        </Text>
        {preview.problems && <Problems error={preview.problems} title={t.previewProblems} testId="survey-preview-problems" />}
        {preview.card ? <CardPreview card={preview.card} label={t.preview} /> : <Text className={styles.help}>{t.previewWaiting}</Text>}
      </aside>
    </div>
  );
}

/** The answers of one survey as they come in (refreshed every few seconds), with remind, close, save as template and the exports. */
function SurveyFollow({ id, onChanged }: { id: string; onChanged(): void }) {
  const t = useSurveyStrings();
  const { lang } = useI18n();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const state = useApi<{ survey: Survey; progress: Progress }>(`/api/surveys/${encodeURIComponent(id)}`, 2000);
  const action = useAction();
  return (
    <LoadState state={state}>
      {({ survey, progress }) => {
        // A meeting evaluation of the evaluation API is listed here for its results; it is reminded and closed under Evalueringer.
        const ownSurvey = survey.id.startsWith('survey-');
        const open = survey.state === 'open';
        const act = (path: string, message: (data: any) => string) =>
          action.run(async () => {
            const { data } = await sendJson<any>('POST', `/api/surveys/${encodeURIComponent(id)}/${path}`, {});
            state.reload();
            onChanged();
            return { message: message(data) };
          });
        return (
          <section className={styles.follow} aria-label={survey.title} data-testid="survey-follow" data-state={survey.state}>
            <Text as="h4" weight="semibold" size={400}>
              {survey.title}
            </Text>
            <Text>
              {t.states[survey.state]} · {t.closesShort(formatDanishTime(survey.closesAt, lang))}
            </Text>
            <Text className={styles.progress} role="status" aria-live="polite" data-testid="survey-progress">
              {t.progress(progress)}
            </Text>
            {state.lastUpdated && <Text className={styles.help}>{t.updatedAt(formatClock(state.lastUpdated, lang))}</Text>}
            <div className={formStyles.actions}>
              {ownSurvey && open && Boolean(survey.recipientCount) && (
                <Button onClick={() => void act('remind', (d: { reminded: number }) => t.reminded(d.reminded))} disabledFocusable={action.busy} data-testid="survey-remind">
                  {t.remind}
                </Button>
              )}
              {ownSurvey && (open || survey.state === 'scheduled') && (
                <Button onClick={() => void act('close', () => t.closed)} disabledFocusable={action.busy} data-testid="survey-close">
                  {t.close}
                </Button>
              )}
              <Button onClick={() => void act('template', (d: { template: SurveyTemplate }) => t.templateSaved(d.template.name))} disabledFocusable={action.busy} data-testid="survey-save-template">
                {t.saveTemplate}
              </Button>
            </div>
            {survey.state !== 'draft' && <DownloadButtons path={`/api/surveys/${encodeURIComponent(id)}/results`} what={t.results} fileName={`spoergeskema-${id}`} />}
            <OutcomeBar outcome={action.outcome} testId="survey-action" />
          </section>
        );
      }}
    </LoadState>
  );
}

/**
 * "Spørgeskemaer": write a survey with a preview of its card as Teams shows it, save it as a
 * draft, send it, follow the answers live, remind those missing, close it and export the results.
 * The meeting evaluations are listed beside the surveys with their results.
 */
export function SurveysPanel() {
  const t = useSurveyStrings();
  const { lang } = useI18n();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const surveys = useApi<{ surveys: SurveySummary[] }>('/api/surveys', 5000);
  const [followed, setFollowed] = useState<string | undefined>();
  // Sending changes what the followed survey shows at once (its recipients), not at the next poll.
  const [sends, setSends] = useState(0);
  const send = useAction();
  const sendOne = (s: SurveySummary) =>
    send.run(async () => {
      const { data } = await sendJson<{ recipients: number; targets: number }>('POST', `/api/surveys/${encodeURIComponent(s.id)}/send`, {});
      surveys.reload();
      setFollowed(s.id);
      setSends((n) => n + 1);
      return { message: t.sent(data.recipients, data.targets) };
    });
  return (
    <div className={formStyles.panel}>
      <SurveyForm
        onSaved={(id) => {
          surveys.reload();
          setFollowed(id);
        }}
      />
      <Text as="h3" weight="semibold" size={400} block className={styles.gap}>
        {t.list}
      </Text>
      <OutcomeBar outcome={send.outcome} testId="survey-send" />
      <LoadState state={surveys}>
        {(data) =>
          data.surveys.length === 0 ? (
            <Text className={styles.help}>{t.none}</Text>
          ) : (
            <Table aria-label={t.tableLabel} size="small" data-testid="survey-list">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t.title}</TableHeaderCell>
                  <TableHeaderCell>{t.state}</TableHeaderCell>
                  <TableHeaderCell>{t.answers}</TableHeaderCell>
                  <TableHeaderCell />
                </TableRow>
              </TableHeader>
              <TableBody>
                {[...data.surveys].reverse().map((s) => (
                  <TableRow key={s.id} data-survey={s.id} data-state={s.state}>
                    <TableCell>
                      {s.title} {s.kind === 'evaluation' && <Badge appearance="tint">{t.evaluation}</Badge>}
                    </TableCell>
                    {/* A meeting evaluation started without a closing time has none to show (its closesAt is its start). */}
                    <TableCell>{s.state === 'draft' || s.closesAt === s.createdAt ? t.states[s.state] : `${t.states[s.state]} · ${t.closesShort(formatDanishTime(s.closesAt, lang))}`}</TableCell>
                    <TableCell>{s.state === 'draft' ? '' : t.progress(s.progress)}</TableCell>
                    <TableCell>
                      {s.state === 'draft' ? (
                        <Button size="small" appearance="primary" onClick={() => void sendOne(s)} disabledFocusable={send.busy} aria-label={t.sendLabel(s.title)}>
                          {t.send}
                        </Button>
                      ) : (
                        <Button size="small" onClick={() => setFollowed(s.id)} aria-label={t.followLabel(s.title)}>
                          {t.follow}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </LoadState>
      {followed && <SurveyFollow key={`${followed}:${sends}`} id={followed} onChanged={surveys.reload} />}
    </div>
  );
}
