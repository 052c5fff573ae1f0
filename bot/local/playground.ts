import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.ts';

/** A running Microsoft 365 Agents Playground pointed at the bot. */
export interface Playground {
  /** Where to open it, with the port it really listens on (it moves to a free port when the asked one is taken). */
  readonly url: string;
  readonly port: number;
  /** Whether the Playground was let open a browser; where not, the person must open {@link url}. */
  readonly opensBrowser: boolean;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The port to ask for; 0 picks a free one. */
  readonly port: number;
  /**
   * Let the Playground open the default browser. By default it does so only where a browser can be
   * opened (see {@link canOpenBrowser}); tests say false.
   */
  readonly openBrowser?: boolean;
  /** How long to wait for it to listen (default 30 s). */
  readonly startTimeoutMs?: number;
}

/** The Playground is not installed, exited before it listened, or took too long. */
export class PlaygroundError extends Error {
  override name = 'PlaygroundError';
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LOOPBACK_ONLY = path.join(HERE, 'loopbackOnly.cjs');
const TOLERANT_OPENER = path.join(HERE, 'tolerantOpener.cjs');
const LISTENING = /Listening on (\d+)/;
const STOP_GRACE_MS = 5_000;

function playgroundCli(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  } catch {
    return undefined;
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(path.join(dir, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * Whether a browser can be opened on this host: always on macOS and Windows (and WSL, where the
 * Playground opens it through Windows); on other Linux hosts only with a display and `xdg-open`
 * on the PATH, which headless hosts (containers, Codespaces, servers) lack.
 */
export function canOpenBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, release = os.release()): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  if (/microsoft/i.test(release)) return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY) && onPath('xdg-open', env);
}

/**
 * Starts the Agents Playground (a local Teams client with a mock connector) as a child process,
 * on loopback, in the Teams channel, and resolves once it listens, with its real URL.
 *
 * With its stdout not a terminal, the Playground prints only "Listening on <port>" and writes
 * everything else to a log file (by default `./devTools/m365agentsplayground.log` in the working
 * directory); the log goes to a temporary directory instead, removed on stop.
 */
export async function launchPlayground(botEndpoint: string, options: PlaygroundOptions, log: Logger): Promise<Playground> {
  const cli = playgroundCli();
  if (!cli) throw new PlaygroundError('Agents Playground is not installed (npm install includes it as a dev dependency)');
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'm365agentsplayground-'));
  const logFile = process.env.M365_AGENTS_PLAYGROUND_LOGFILE ?? path.join(logDir, 'm365agentsplayground.log');
  const openBrowser = options.openBrowser ?? canOpenBrowser();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--require', LOOPBACK_ONLY, '--require', TOLERANT_OPENER, cli, '-e', botEndpoint, '-c', 'msteams', '-p', String(options.port), '--dt'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
        ...(openBrowser ? {} : { TEAMSAPPTESTER_BROWSER: 'none' }),
      },
    },
  );
  // A parent that exits without stop() must not leave the Playground running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const cleanUp = () => {
    process.removeListener('exit', killOnExit);
    rmSync(logDir, { recursive: true, force: true });
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString().trim();
    if (text) log.warn({ source: 'playground' }, text);
  });

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(`did not listen within ${options.startTimeoutMs ?? 30_000} ms`);
      }, options.startTimeoutMs ?? 30_000);
      const fail = (why: string) => {
        clearTimeout(timer);
        const details = [output.trim(), existsSync(logFile) ? tail(logFile) : ''].filter(Boolean).join('\n');
        reject(new PlaygroundError(`Agents Playground ${why}${details ? `:\n${details}` : ''}`));
      };
      child.once('error', (error) => fail(`could not start (${error.message})`));
      child.once('exit', (code, signal) => fail(`exited before it listened (code ${code ?? signal})`));
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = LISTENING.exec(output);
        if (match) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          child.removeAllListeners('error');
          resolve(Number(match[1]));
        }
      });
    });
  } catch (error) {
    cleanUp();
    throw error;
  }

  child.stdout?.removeAllListeners('data');
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString().trim();
    if (text) log.info({ source: 'playground' }, text);
  });
  child.on('error', (error) => log.warn({ err: error }, 'Agents Playground error'));
  child.once('exit', (code, signal) => {
    log.info({ code, signal }, 'Agents Playground stopped');
    cleanUp();
  });
  const url = `http://127.0.0.1:${port}`;
  log.info({ url, asked: options.port, logFile, openBrowser }, openBrowser ? 'Agents Playground listening' : `Agents Playground listening; no browser can be opened here: open ${url}`);
  return {
    url,
    port,
    opensBrowser: openBrowser,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * For the entry file: the Playground is a development aid, so when it is not installed or does
 * not start the app runs without it and says why.
 */
export async function startPlayground(botEndpoint: string, port: number, log: Logger): Promise<Playground | undefined> {
  try {
    return await launchPlayground(botEndpoint, { port }, log);
  } catch (error) {
    log.warn({ err: error }, 'running without the Agents Playground');
    return undefined;
  }
}
