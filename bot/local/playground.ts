import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from '../log.ts';

/** A running Microsoft 365 Agents Playground pointed at the bot. */
export interface Playground {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the Agents Playground (a local Teams client with a mock connector) as a child process,
 * on loopback, in the Teams channel. It is a dev dependency: when it is not installed the app
 * runs without it and says so.
 */
export function startPlayground(botEndpoint: string, port: number, log: Logger): Playground | undefined {
  let cli: string;
  try {
    const require = createRequire(import.meta.url);
    cli = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  } catch {
    log.warn('Agents Playground is not installed (npm install includes it as a dev dependency)');
    return undefined;
  }
  const child: ChildProcess = spawn(process.execPath, [cli, '-e', botEndpoint, '-c', 'msteams', '-p', String(port), '--dt'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'development' },
  });
  const forward = (stream: NodeJS.ReadableStream | null, level: 'info' | 'warn') =>
    stream?.on('data', (chunk: Buffer) => {
      const text = chunk.toString().trim();
      if (text) log[level]({ source: 'playground' }, text);
    });
  forward(child.stdout, 'info');
  forward(child.stderr, 'warn');
  child.on('exit', (code) => log.info({ code }, 'Agents Playground stopped'));
  return {
    url: `http://localhost:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
