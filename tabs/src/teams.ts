/**
 * The tab's link to Teams: initialise teams-js when the page is hosted by Teams (in a frame or a
 * mobile web view), read theme, locale and frame, follow theme changes, and fetch the SSO token.
 * Outside Teams (a plain browser tab) it gives up at once, and the page runs as the development
 * demo user. teams-js is loaded only when needed, so the browser case stays light.
 */
export type ThemeName = 'default' | 'dark' | 'contrast';

export interface HostInfo {
  /** True when teams-js initialised: SSO tokens are available. */
  readonly inTeams: boolean;
  readonly theme?: ThemeName;
  readonly locale?: string;
  /** content, sidePanel, meetingStage, settings, ... */
  readonly frameContext?: string;
  readonly userPrincipalName?: string;
  /** The deep link's `subEntityId` (e.g. `meeting` from the agenda card's "Åbn Mødevisning"). */
  readonly subPageId?: string;
}

type TeamsJs = typeof import('@microsoft/teams-js');
let teams: TeamsJs | undefined;

/** A Teams host shows the page in a frame or a mobile web view; a plain browser tab is neither. */
export function looksHostedByTeams(): boolean {
  try {
    if (window.parent !== window) return true;
  } catch {
    return true;
  }
  return Boolean(window.opener) || 'nativeInterface' in window || /\bTeams\//.test(navigator.userAgent);
}

const asTheme = (t: string | undefined): ThemeName | undefined => (t === 'dark' || t === 'contrast' || t === 'default' ? t : undefined);

/** Initialises teams-js with a timeout; resolves `{ inTeams: false }` outside Teams or when it does not answer. */
export async function initTeams(timeoutMs = 3000): Promise<HostInfo> {
  if (!looksHostedByTeams()) return { inTeams: false };
  try {
    const mod = await import('@microsoft/teams-js');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('teams-js initialise timed out')), timeoutMs);
    });
    try {
      await Promise.race([mod.app.initialize(), timeout]);
    } finally {
      clearTimeout(timer);
    }
    teams = mod;
    const context = await mod.app.getContext();
    return {
      inTeams: true,
      theme: asTheme(context.app.theme),
      locale: context.app.locale,
      frameContext: context.page.frameContext,
      userPrincipalName: context.user?.userPrincipalName,
      subPageId: context.page.subPageId,
    };
  } catch {
    return { inTeams: false };
  }
}

let notified = false;

/**
 * Tells Teams the tab is ready (it hides its loading indicator), once: called when the first view
 * is drawn, so that Teams never shows an empty page in between.
 */
export function notifyDrawn(): void {
  if (!teams || notified) return;
  notified = true;
  teams.app.notifySuccess();
}

/** Calls `handler` when the user switches Teams' theme while the tab is open. */
export function onThemeChange(handler: (theme: ThemeName) => void): void {
  teams?.app.registerOnThemeChangeHandler((t) => {
    const theme = asTheme(t);
    if (theme) handler(theme);
  });
}

/** What became of "Del på skærmen". */
export type StageShare = 'shared' | 'notAllowed' | 'failed';

/**
 * Shares `url` (the app's own page) to the meeting stage for everyone in the meeting, from the
 * side panel (teams-js `meeting.shareAppContentToStage`). Asks first whether this person's app may
 * share (the manifest's `meetingStage` context and the `MeetingStage.Write.Chat` or
 * `ChannelMeetingStage.Write.Group` permission); never throws.
 */
export async function shareToStage(url: string): Promise<StageShare> {
  const meeting = teams?.meeting;
  if (!meeting) return 'failed';
  try {
    const allowed = await new Promise<boolean>((resolve) =>
      meeting.getAppContentStageSharingCapabilities((error, capabilities) => resolve(!error && capabilities?.doesAppHaveSharePermission === true)),
    );
    if (!allowed) return 'notAllowed';
    return await new Promise<StageShare>((resolve) => meeting.shareAppContentToStage((error, result) => resolve(!error && result ? 'shared' : 'failed'), url));
  } catch {
    return 'failed';
  }
}

let cachedToken: { token: string; exp: number } | undefined;
let pendingToken: Promise<string> | undefined;

function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return (payload.exp ?? 0) * 1000;
  } catch {
    return 0;
  }
}

/** The user's Teams SSO token for the API, cached until shortly before it expires; undefined outside Teams. */
export async function ssoToken(): Promise<string | undefined> {
  if (!teams) return undefined;
  if (cachedToken && cachedToken.exp - Date.now() > 5 * 60_000) return cachedToken.token;
  // The first requests start together: one token request serves them all.
  pendingToken ??= teams.authentication.getAuthToken().finally(() => {
    pendingToken = undefined;
  });
  const token = await pendingToken;
  cachedToken = { token, exp: expiryOf(token) };
  return token;
}

/** Forgets the cached token (after a 401). */
export function dropToken(): void {
  cachedToken = undefined;
}

/** The configuration page's part: save the chosen view as the tab's content URL. */
export async function initConfigPage(getView: () => { view: string; name: string }): Promise<boolean> {
  const host = await initTeams();
  if (!host.inTeams || !teams) return false;
  const { pages } = teams;
  pages.config.registerOnSaveHandler((saveEvent) => {
    const { view, name } = getView();
    const contentUrl = `${window.location.origin}/tab/index.html?view=${encodeURIComponent(view)}`;
    pages.config
      .setConfig({ contentUrl, websiteUrl: contentUrl, entityId: `kombit-${view}`, suggestedDisplayName: name })
      .then(() => saveEvent.notifySuccess())
      .catch((error: unknown) => saveEvent.notifyFailure(String(error)));
  });
  pages.config.setValidityState(true);
  return true;
}
