import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');

/** Where Chromium, Chrome or Edge usually live; CHROME_PATH wins over all of them. */
function candidates(): string[] {
  const env = process.env;
  const windows = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((dir): dir is string => Boolean(dir));
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/snap/bin/chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ...windows.flatMap((dir) => [
      path.join(dir, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      path.join(dir, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      path.join(dir, 'Chromium', 'Application', 'chrome.exe'),
    ]),
  ];
}

/** The browser to drive: CHROME_PATH if set (it must exist), else the first common install path that does. */
export function findBrowser(): string {
  const configured = process.env.CHROME_PATH?.trim();
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROME_PATH=${configured} does not exist. Point it at a Chromium, Chrome or Edge executable.`);
    return configured;
  }
  const tried = candidates();
  const found = tried.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new Error(
    [
      'No Chromium, Chrome or Edge found for the browser tests. Install one, or set CHROME_PATH to its executable.',
      'On Debian/Ubuntu: apt-get install -y chromium',
      `Looked in: ${tried.join(', ')}`,
    ].join('\n'),
  );
}

export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches a headless Chromium with playwright-core; throws (never skips) when there is no browser. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findBrowser();
  try {
    return await chromium.launch({ executablePath, args: BROWSER_ARGS });
  } catch (error) {
    throw new Error(`Could not launch ${executablePath}: ${(error as Error).message}`, { cause: error });
  }
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
