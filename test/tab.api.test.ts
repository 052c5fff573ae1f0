import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTabApp, saveProfile, type TabApp } from './support/tabServer.ts';
import { respondentHash } from '../bot/domain/anonymity.ts';
import { signatureList } from '../bot/agreements/signatureList.ts';
import { evaluationResult } from '../bot/evaluations/resultsView.ts';
import { MIN_RESPONSES_FOR_RESULTS } from '../bot/evaluations/anonymity.ts';
import { currentMeeting, meetingTasks } from '../bot/api/meetings.ts';
import { indexedOverview, portfolioOverview } from '../bot/api/portfolio.ts';
import { ProgressIndex } from '../bot/storage/progressIndex.ts';
import type { Principal } from '../bot/auth/principal.ts';
import type { PortfolioOverview } from '../bot/api/portfolio.ts';
import type { MeView, MyProgress } from '../bot/api/me.ts';
import type { SignatureList } from '../bot/agreements/signatureList.ts';
import type { TaskStatusList } from '../bot/klikTasks/taskStatusList.ts';
import type { EvaluationResult } from '../bot/evaluations/resultsView.ts';
import type { MeetingViewData } from '../bot/api/meetings.ts';

let running: TabApp;
const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${running.baseUrl}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};
const LEADER: Principal = { userId: 'leader-1', role: 'programleder', municipalityCode: '766', demo: false };
const STAFF: Principal = { userId: 'staff-1', role: 'kombit', demo: false };

beforeAll(async () => {
  running = await startTabApp();
});
afterAll(() => running.close());

describe('the portfolio read API (development mode, demo data at 28-02-2024)', () => {
  it('lists every solution with phase, status, next milestone, open tasks, agreements and driftsbidrag', async () => {
    const data = await get<PortfolioOverview>('/api/portfolio');
    expect(data.today).toBe('2024-02-28');
    expect(data.solutions.length).toBeGreaterThanOrEqual(30);
    const borgerblikket = data.solutions.find((r) => r.solution.id === 'borgerblikket')!;
    expect(borgerblikket.solution.operatingCost).toMatchObject({ amount: 4.7, year: 2022 });
    expect(borgerblikket.agreementsAwaiting).toBeGreaterThan(0);
    const sygesikring = data.solutions.find((r) => r.solution.id === 'sygesikring')!;
    expect(sygesikring.solution.contact?.email).toMatch(/@kombit\.dk$/);
    // Counted over the municipalities each task concerns: all 98, or UDK Boligstøtte's waves (B2-B4: 57, B2: 19).
    expect(data.tasks.every((t) => t.progress.done + t.progress.started + t.progress.notStarted === t.progress.total)).toBe(true);
    expect(data.tasks.filter((t) => t.solutionId !== 'udk-boligstoette-oeir').every((t) => t.progress.total === 98)).toBe(true);
    expect(data.tasks.filter((t) => t.solutionId === 'udk-boligstoette-oeir').map((t) => t.progress.total).sort()).toEqual([19, 19, 57, 57, 57]);
  });

  it('says who is calling: the demo KOMBIT user, with the profile chosen in the bot', async () => {
    const before = await get<MeView>('/api/me');
    expect(before).toMatchObject({ userId: 'demo-kombit', role: 'kombit', isStaff: true, demo: true, municipality: null, followedSolutions: [] });
    await saveProfile(running, 'demo-kombit', { municipalityCode: '766', followedSolutions: ['sygesikring', 'aula'], role: 'kombit' });
    const after = await get<MeView>('/api/me');
    expect(after.municipality).toEqual({ code: '766', name: 'Hedensted' });
    expect(after.followedSolutions).toEqual(['sygesikring', 'aula']);
    const progress = await get<MyProgress>('/api/me/progress');
    expect(progress.municipalityCode).toBe('766');
    const data = await get<PortfolioOverview>('/api/portfolio');
    expect(Object.keys(progress.tasks).sort()).toEqual(data.tasks.map((t) => t.id).sort());
    // Hedensted is the one municipality missing on Byg og Miljø's agreement.
    expect(progress.agreements['agr-bom-databehandleraftale']).toBe('missing');
  });

  it('lists every municipality by name with its status on a task, matching the counts', async () => {
    const data = await get<PortfolioOverview>('/api/portfolio');
    const task = data.tasks.find((t) => t.id === 'task-gdpr-revisionserklaeringer')!;
    const list = await get<TaskStatusList>(`/api/klik-tasks/${task.id}/statuses`);
    expect(list.municipalities).toHaveLength(98);
    expect(list.progress).toEqual(task.progress);
    expect(list.municipalities.filter((m) => m.status === 'notStarted')).toHaveLength(task.progress.notStarted);
    expect(list.municipalities[0]!.name.localeCompare(list.municipalities[1]!.name, 'da')).toBeLessThan(0);
    const missing = await fetch(`${running.baseUrl}/api/klik-tasks/no-such-task/statuses`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toBe('KLIK-opgaven findes ikke.');
  });

  it('names missing municipalities only where the agreement allows it, or to KOMBIT staff', async () => {
    const bom = await get<SignatureList>('/api/agreements/agr-bom-databehandleraftale/signatures');
    expect(bom.missing?.map((m) => m.name)).toEqual(['Hedensted']);
    const repos = running.app.repos;
    const leaderBom = await signatureList(repos, 'agr-bom-databehandleraftale', LEADER);
    expect(leaderBom.missing?.map((m) => m.name)).toEqual(['Hedensted']);
    expect(leaderBom.states).toBeUndefined();
    const leaderFbi = await signatureList(repos, 'agr-fbi-databehandleraftale', LEADER);
    expect(leaderFbi.showMissingList).toBe(false);
    expect(leaderFbi.missing).toBeUndefined();
    expect(leaderFbi.progress.missing).toBe(29);
    const staffFbi = await signatureList(repos, 'agr-fbi-databehandleraftale', STAFF);
    expect(staffFbi.missing).toHaveLength(29);
    expect(staffFbi.states).toHaveLength(98);
  });

  it('summarises evaluations per meeting without respondent hashes, with response rates and sorted comments', async () => {
    const res = await fetch(`${running.baseUrl}/api/evaluation-results`);
    const text = await res.text();
    const { evaluations } = JSON.parse(text) as { evaluations: EvaluationResult[] };
    expect(evaluations.map((e) => e.meeting?.date)).toEqual(['2021-04-27', '2023-06-22', '2023-06-23', '2023-11-23', '2024-02-28']);
    const june = evaluations[1]!;
    expect(june.responseCount).toBe(41);
    expect(june.responseRate).toBeCloseTo(41 / 75);
    expect(june.summary).toHaveLength(4);
    expect(june.summary![0]!.average).toBeGreaterThan(3);
    expect(june.comments.length).toBeGreaterThan(0);
    expect([...june.comments].sort((a, b) => a.localeCompare(b, 'da'))).toEqual(june.comments);
    // Nothing that could identify a respondent leaves the server.
    const hash = respondentHash(running.config.evaluationHashKey, june.id, 'demo-respondent-0');
    expect(text).not.toContain(hash);
    expect(text).not.toMatch(/respondentHash|submittedAt/);
  });

  it('withholds open results from program leaders unless live results are on, and below 3 answers', async () => {
    const repos = running.app.repos;
    const open = (await repos.evaluations.get('eval-pl-2024-02-28'))!.value;
    const meeting = (await repos.meetings.get(open.meetingId))!.value;
    const leaderView = await evaluationResult(repos, open, meeting, LEADER);
    expect(leaderView).toMatchObject({ hidden: 'open', summary: null, comments: [], responseCount: 27 });
    expect((await evaluationResult(repos, { ...open, showLiveResults: true }, meeting, LEADER)).summary).toHaveLength(4);
    expect((await evaluationResult(repos, open, meeting, STAFF)).summary).toHaveLength(4);
    await repos.evaluations.create({ ...open, id: 'eval-few', state: 'closed' });
    await repos.evaluations.saveResponse({ evaluationId: 'eval-few', respondentHash: 'h1', answers: { q1: 5, q2: 5, q3: 5, q4: 5 }, comment: 'Kun mig', submittedAt: '2024-02-28T10:30:00Z' });
    const few = await evaluationResult(repos, { ...open, id: 'eval-few', state: 'closed' }, meeting, STAFF);
    expect(MIN_RESPONSES_FOR_RESULTS).toBe(3);
    expect(few).toMatchObject({ hidden: 'tooFew', summary: null, comments: [], responseCount: 1 });
  });

  it('lists meetings and picks the day’s meeting', async () => {
    const data = await get<{ today: string; currentMeetingId: string; meetings: { id: string }[] }>('/api/meetings');
    expect(data.currentMeetingId).toBe('pl-2024-02-28');
    expect(data.meetings.length).toBeGreaterThanOrEqual(6);
    expect(currentMeeting([], '2024-02-28')).toBeUndefined();
  });

  it('gives the meeting view the agenda, critical tasks first, agreements due and the live evaluation', async () => {
    const view = await get<MeetingViewData>('/api/meeting-view');
    expect(view.isToday).toBe(true);
    expect(view.meeting?.agenda.length).toBeGreaterThan(3);
    // The decks' February 2024 meeting had no upcoming critical-path task: the mandatory ones due soon fill the list.
    expect(view.criticalTasks.map((t) => t.title)).toContain('Gennemfør hypercare');
    expect(view.criticalTasks.every((t) => t.progress.done < 98 && t.daysLeft >= -30)).toBe(true);
    expect(view.agreementsDue.map((a) => a.id)).toContain('agr-koereproevebooking-databehandleraftale');
    expect(view.agreementsDue.every((a) => a.daysLeft !== null && a.daysLeft <= 30)).toBe(true);
    expect(view.evaluation).toMatchObject({ id: 'eval-pl-2024-02-28', state: 'open', responseCount: 27 });
  });

  it('puts unfinished critical-path tasks before mandatory ones, and leaves out recommended and finished tasks', () => {
    const row = (id: string, type: 'criticalPath' | 'mandatory' | 'recommended', deadline: string, daysLeft: number, done = 10) =>
      ({ id, type, deadline, daysLeft, progress: { done, started: 0, notStarted: 98 - done, total: 98 } }) as unknown as Parameters<typeof meetingTasks>[0][number];
    const picked = meetingTasks([
      row('m-soon', 'mandatory', '2024-03-01', 2),
      row('c-late', 'criticalPath', '2024-04-01', 33),
      row('c-overdue', 'criticalPath', '2024-02-20', -8),
      row('c-old', 'criticalPath', '2023-12-01', -89),
      row('c-done', 'criticalPath', '2024-03-02', 3, 98),
      row('r-soon', 'recommended', '2024-03-01', 2),
      row('m-far', 'mandatory', '2024-06-01', 94),
    ]);
    expect(picked.map((t) => t.id)).toEqual(['c-overdue', 'c-late', 'm-soon']);
    expect(meetingTasks([])).toEqual([]);
  });

  it('shows a new answer and a changed status within about two seconds (reads are shared for 1-2 s)', async () => {
    const repos = running.app.repos;
    const first = await get<MeetingViewData>('/api/meeting-view');
    const before = first.evaluation!.responseCount;
    await repos.evaluations.saveResponse({ evaluationId: 'eval-pl-2024-02-28', respondentHash: 'new-1', answers: { q1: 4, q2: 4, q3: 4, q4: 4 }, submittedAt: '2024-02-28T10:31:00Z' });
    await expect.poll(async () => (await get<MeetingViewData>('/api/meeting-view')).evaluation!.responseCount, { timeout: 2500, interval: 50 }).toBe(before + 1);

    const task = (await get<PortfolioOverview>('/api/portfolio')).tasks.find((t) => t.id === 'task-gdpr-revisionserklaeringer')!;
    const notStarted = (await get<TaskStatusList>(`/api/klik-tasks/${task.id}/statuses`)).municipalities.find((m) => m.status === 'notStarted')!;
    await repos.klikTasks.setStatus({ taskId: task.id, municipalityCode: notStarted.code, status: 'done' });
    await expect.poll(async () => (await get<PortfolioOverview>('/api/portfolio')).tasks.find((t) => t.id === task.id)!.progress.done, { timeout: 2500, interval: 50 }).toBe(task.progress.done + 1);
  });

  it('keeps the progress index equal to reading every partition, after writes, by reading only what changed', async () => {
    const repos = running.app.repos;
    const index = new ProgressIndex(running.storage, { fullScanMs: 3_600_000 });
    const strip = (o: PortfolioOverview) => JSON.stringify({ ...o, today: '' });
    expect(strip(await indexedOverview(repos, index, running.clock))).toBe(strip(await portfolioOverview(repos, running.clock)));
    await repos.klikTasks.setStatus({ taskId: 'task-oces3-idp-metadata', municipalityCode: '101', status: 'done' });
    await repos.klikTasks.setStatus({ taskId: 'task-oces3-idp-metadata', municipalityCode: '147', status: 'started' });
    await repos.agreements.setSignature({ agreementId: 'agr-fbi-databehandleraftale', municipalityCode: '766', state: 'declined', selfReported: true });
    const after = await indexedOverview(repos, index, running.clock);
    expect(strip(after)).toBe(strip(await portfolioOverview(repos, running.clock)));
    expect(index.statusOf('task-oces3-idp-metadata', '101')).toBe('done');
    expect(index.signatureOf('agr-fbi-databehandleraftale', '766')).toBe('declined');
    expect(index.signatureOf('agr-fbi-databehandleraftale', 'no-such')).toBe('missing');
  });
});

describe('serving the tab', () => {
  it('serves the built page in Danish with no-cache, and hashed assets for a year, gzipped', async () => {
    const res = await fetch(`${running.baseUrl}/tab/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors');
    expect(res.headers.get('content-security-policy')).toContain('https://teams.microsoft.com');
    const html = await res.text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('Porteføljeoversigt');
    const script = /src="(\/tab\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await fetch(`${running.baseUrl}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    const again = await fetch(`${running.baseUrl}${script}`, { headers: { 'if-none-match': asset.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves the build’s brotli copy to a browser that takes it, the same bytes once decoded', async () => {
    const html = await (await fetch(`${running.baseUrl}/tab/`)).text();
    const script = /src="(\/tab\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = await fetch(`${running.baseUrl}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const br = await fetch(`${running.baseUrl}${script}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(Number(br.headers.get('content-length'))).toBeLessThan(Number(plain.headers.get('content-length')) / 2);
    // fetch decodes brotli: what arrives is the file itself.
    expect(await br.text()).toBe(await plain.text());
  });

  it('names teams-js’s chunk in the page, for a page inside Teams to fetch with the first bundle', async () => {
    const html = await (await fetch(`${running.baseUrl}/tab/`)).text();
    const teamsJs = /teamsJs\.href = '(\/tab\/assets\/[^']+\.js)'/.exec(html)?.[1];
    expect(teamsJs).toBeDefined();
    const chunk = await fetch(`${running.baseUrl}${teamsJs}`);
    expect(chunk.status).toBe(200);
    expect(await chunk.text()).toContain('notifySuccess');
  });

  it('serves the configuration page, index.html by name, and redirects /tab', async () => {
    const config = await fetch(`${running.baseUrl}/tab/config.html`);
    expect(config.status).toBe(200);
    expect(await config.text()).toContain('opsætning af fanen');
    expect((await fetch(`${running.baseUrl}/tab/index.html?view=portfolio`)).status).toBe(200);
    const redirect = await fetch(`${running.baseUrl}/tab`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/tab/');
  });

  it('does not serve files outside the build', async () => {
    for (const path of ['/tab/.vite/manifest.json', '/tab/.build-hash', '/tab/../package.json', '/tab/%2e%2e/package.json', '/tab/..%2fpackage.json', '/tab/assets/nope.js']) {
      const res = await fetch(`${running.baseUrl}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('"dependencies"');
    }
  });
});
