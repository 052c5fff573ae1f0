import type { Browser, Frame, Page } from 'playwright-core';

/**
 * A stand-in for the Teams client around the tab, for the teams-js calls the tab makes in a
 * meeting: it frames the tab and answers teams-js' postMessage protocol (`initialize` with the frame
 * context and a runtime that supports meetings, `getContext`, `authentication.getAuthToken`
 * refused, so the development server's demo user stays, and the meeting stage calls). Teams-js
 * accepts messages only from Teams' own https origins, so the host page is served as
 * https://teams.microsoft.com and the tab as https://programledere.kombit.test, both through
 * Playwright's routing (the tab's requests go on to the test server); anything else is blocked.
 */
export interface TeamsHost {
  readonly page: Page;
  /** The tab inside the host. */
  readonly tab: Frame;
  /** The URLs the tab asked Teams to share to the meeting stage. */
  sharedToStage(): Promise<string[]>;
  /** Closes the host's browser context; requests still being served by the stand-in are dropped quietly. */
  close(): Promise<void>;
}

export const HOST_ORIGIN = 'https://teams.microsoft.com';
export const TAB_ORIGIN = 'https://programledere.kombit.test';

export interface TeamsHostOptions {
  /** teams-js' `frameContext`: `sidePanel`, `meetingStage`, `content`, … */
  readonly frameContext: string;
  /** What `meeting.getAppContentStageSharingCapabilities` answers (Teams' check of the manifest and RSC). */
  readonly mayShare?: boolean;
  /** `meeting.shareAppContentToStage` answers this SdkError instead of success. */
  readonly shareError?: { errorCode: number; message: string };
}

/** The host's side of teams-js' messages, run in the host page. */
function hostScript(options: TeamsHostOptions): string {
  const context = {
    frameContext: options.frameContext,
    hostClientType: 'web',
    hostName: 'Teams',
    theme: 'default',
    locale: 'da-dk',
    entityId: 'kombit-meeting',
    subEntityId: '',
    tid: '4f3c1b2a-0000-4000-8000-00000000abcd',
    userObjectId: '00000000-0000-4000-8000-000000000051',
    userPrincipalName: 'programleder@kommune.dk',
    meetingId: 'MCMxOTptZWV0aW5nX05qUTBaVEZoT1dFdFpqRTVOaTAwWWpRNEBhYmMwLjIwMjYxMTIzMDkwMDAw',
    chatId: '19:meeting_NjQ0ZTFhOWEtZjE5Ni00YjQ4LWE0ZjAtMmE3YzYxN2Q5ZjA1@thread.v2',
    appSessionId: '0b3f9a52-0000-4000-8000-000000000001',
  };
  const runtime = { apiVersion: 4, isLegacyTeams: false, supports: { appInitialization: {}, authentication: {}, meeting: {}, pages: { appButton: {}, config: {}, tabs: {} }, teamsCore: {} } };
  return `
    window.__shared = [];
    const options = ${JSON.stringify(options)};
    const answers = {
      initialize: () => [options.frameContext, 'web', ${JSON.stringify(JSON.stringify(runtime))}, '2.58.0'],
      getContext: () => [${JSON.stringify(context)}],
      'authentication.getAuthToken': () => [false, 'resourceDisabled'],
      'meeting.getAppContentStageSharingCapabilities': () => [null, { doesAppHaveSharePermission: options.mayShare !== false }],
      'meeting.shareAppContentToStage': (args) => {
        if (options.shareError) return [options.shareError, null];
        window.__shared.push(args[0]);
        return [null, true];
      },
    };
    window.addEventListener('message', (event) => {
      const m = event.data;
      if (!m || typeof m.func !== 'string' || typeof m.id !== 'number') return;
      const answer = answers[m.func];
      if (!answer) return;
      event.source.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args: answer(m.args || []) }, event.origin);
    });
  `;
}

/** Opens the tab at `tabPath` (e.g. `/tab/index.html?view=meeting`) inside the Teams stand-in. */
export async function openInTeamsHost(browser: Browser, serverBaseUrl: string, tabPath: string, options: TeamsHostOptions): Promise<TeamsHost> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === HOST_ORIGIN && url.pathname === '/host') {
      const html = `<!doctype html><html><head><meta charset="utf-8"><title>Teams</title><script>${hostScript(options)}</script></head>
        <body style="margin:0"><iframe id="app" title="KOMBIT Programledere" src="${TAB_ORIGIN}${tabPath}" style="border:0;width:100vw;height:100vh"></iframe></body></html>`;
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    }
    if (url.origin === TAB_ORIGIN) {
      const response = await route.fetch({ url: `${serverBaseUrl}${url.pathname}${url.search}` });
      return route.fulfill({ response });
    }
    // Hermetic: teams-js' list of valid origins on Microsoft's CDN and anything else external.
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  await page.goto(`${HOST_ORIGIN}/host`);
  const frame = await (await page.waitForSelector('#app')).contentFrame();
  if (!frame) throw new Error('the tab did not load in the Teams stand-in');
  return {
    page,
    tab: frame,
    sharedToStage: () => page.evaluate(() => (window as unknown as { __shared: string[] }).__shared),
    // A poll of the tab still in flight would otherwise fail its route after the context is gone.
    close: async () => {
      await context.unrouteAll({ behavior: 'ignoreErrors' });
      await context.close();
    },
  };
}
