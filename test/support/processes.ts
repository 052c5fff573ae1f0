import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A child process and the lines it has printed so far. */
export interface Child {
  readonly process: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first printed line that matches. */
  waitForLine(match: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts a TypeScript entry file under tsx with extra environment variables. */
export function startTs(entry: string, env: Record<string, string>): Child {
  return startCommand(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], env, entry);
}

/** Starts a command in the project folder (e.g. `npm start`) with extra environment variables. */
export function startCommand(command: string, args: readonly string[], env: Record<string, string>, entry = [command, ...args].join(' ')): Child {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => {
      lines.push(line);
      for (const l of listeners) l(line);
    });
  }
  return {
    process: child,
    lines,
    waitForLine(match, timeoutMs = 60_000) {
      const seen = lines.map((l) => l.match(match)).find(Boolean);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`${entry}: no line matching ${match} within ${timeoutMs} ms; last lines:\n${lines.slice(-15).join('\n')}`));
        }, timeoutMs);
        const listener = (line: string) => {
          const m = line.match(match);
          if (m) {
            clearTimeout(timer);
            listeners.delete(listener);
            resolve(m);
          }
        };
        listeners.add(listener);
        child.once('exit', (code) => {
          clearTimeout(timer);
          listeners.delete(listener);
          reject(new Error(`${entry} exited with ${code} before printing ${match}; last lines:\n${lines.slice(-15).join('\n')}`));
        });
      });
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

/** Starts the app (bot/index.ts) on a free port over the given storage; resolves with its base URL once it is ready. */
export async function startAppProcess(connectionString: string, env: Record<string, string> = {}): Promise<{ child: Child; baseUrl: string }> {
  const child = startTs('bot/index.ts', { PORT: '0', PLAYGROUND: 'false', DEMO_DATA: 'false', LOG_LEVEL: 'info', STORAGE_CONNECTION_STRING: connectionString, ...env });
  const [, baseUrl] = await child.waitForLine(/Sundhedstjek:\s+(http:\/\/[^/]+)\/healthz/);
  return { child, baseUrl: baseUrl! };
}

/** Azurite in its own process (as Azure Storage would be), for tests that kill the app: its connection string once it listens. */
export async function startStorageProcess(): Promise<{ child: Child; connectionString: string }> {
  const child = startTs('test/support/storageProcess.ts', {});
  const line = (await child.waitForLine(/^\{"connectionString"/)).input!;
  return { child, connectionString: (JSON.parse(line) as { connectionString: string }).connectionString };
}
