import { Worker } from 'node:worker_threads';

/**
 * Starts a TypeScript file on a worker thread. Node 20 does not carry tsx's `--import` hooks into
 * workers, so the worker starts with a line of JavaScript that loads the file through tsx's API.
 */
export function startTsWorker(file: URL, workerData?: unknown): Worker {
  const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(file.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, workerData });
}
