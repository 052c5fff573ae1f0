import { dropToken, ssoToken } from './teams.ts';
import type { FieldIssue } from '../../bot/domain/validation.ts';
import type { RowIssue } from '../../bot/domain/errors.ts';

/** An API error with the server's status, code and Danish message, and the bad fields or import rows it named. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly rows: readonly RowIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let ready: Promise<unknown> = Promise.resolve();

/** API calls wait for this (Teams initialisation) before asking for a token. */
export function setAuthReady(promise: Promise<unknown>): void {
  ready = promise.catch(() => undefined);
}

interface RequestOptions {
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as it is (an import file). */
  readonly raw?: Blob;
  readonly headers?: Record<string, string>;
}

/** An answer with the row's ETag, for the `If-Match` of the next change. */
export interface Answer<T> {
  readonly data: T;
  readonly etag?: string;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}, retried = false): Promise<Answer<T>> {
  await ready;
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = await ssoToken().catch(() => undefined);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  const body = options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  const res = await fetch(path, { method, headers, body, cache: 'no-store' });
  if (res.status === 401 && token && !retried) {
    dropToken();
    return request<T>(method, path, options, true);
  }
  const text = await res.text();
  const json = parsed(text);
  if (!res.ok) throw apiError(res, json);
  return { data: json as T, etag: res.headers.get('etag') ?? undefined };
}

function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The server's Danish error for a refused request. */
function apiError(res: Response, json: unknown): ApiError {
  const error = (json as { error?: { code?: string; message?: string; issues?: FieldIssue[]; rows?: RowIssue[] } } | undefined)?.error;
  return new ApiError(res.status, error?.code ?? `Http${res.status}`, error?.message ?? res.statusText, error?.issues, error?.rows);
}

/**
 * Downloads a file (a CSV or XLSX export) with the person's sign-in and saves it under the name
 * the server gives. A plain link cannot carry the Teams SSO token, so the file is fetched like
 * every API call and handed to the browser as a Blob.
 */
export async function downloadFile(path: string, fallbackName: string, retried = false): Promise<void> {
  await ready;
  const headers: Record<string, string> = {};
  const token = await ssoToken().catch(() => undefined);
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { headers, cache: 'no-store' });
  if (res.status === 401 && token && !retried) {
    dropToken();
    return downloadFile(path, fallbackName, true);
  }
  if (!res.ok) throw apiError(res, parsed(await res.text()));
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the URL is kept a while for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const getJson = async <T>(path: string): Promise<T> => (await request<T>('GET', path)).data;
export const putJson = async <T>(path: string, body: unknown): Promise<T> => (await request<T>('PUT', path, { json: body })).data;

/** GET with the row's ETag. */
export const getVersioned = <T>(path: string): Promise<Answer<T>> => request<T>('GET', path);

/** POST or PATCH a JSON body; a PATCH with `etag` is refused (412) if the row changed since it was read. */
export const sendJson = <T>(method: 'POST' | 'PATCH', path: string, body: unknown, etag?: string): Promise<Answer<T>> =>
  request<T>(method, path, { json: body, ...(etag ? { headers: { 'If-Match': etag } } : {}) });

/** Uploads a file as the raw body, its name in `?filename=` (the server reads CSV or XLSX by it). */
export const uploadFile = async <T>(path: string, file: File): Promise<T> =>
  (await request<T>('POST', `${path}${path.includes('?') ? '&' : '?'}filename=${encodeURIComponent(file.name)}`, { raw: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } })).data;

const prefetched = new Map<string, Promise<unknown>>();
/** Prefetched answers that have arrived, by path: a first render can draw them at once. */
const answered = new Map<string, unknown>();

/** Requests index.html started before the JavaScript loaded (outside Teams only), by path. */
const early = (window as { __kombitEarly?: Record<string, Promise<Response>> }).__kombitEarly ?? {};

/**
 * Starts a GET before React renders (the first view's data); `useApi` takes it over. It takes
 * over the request index.html already started, if any; when that one was refused or failed, it
 * asks again the normal way (with a token, errors as {@link ApiError}).
 */
export function prefetch(path: string): void {
  const started = early[path];
  const promise = started ? started.then((res) => (res.ok ? res.json() : getJson(path)), () => getJson(path)) : getJson(path);
  promise.then((data) => prefetched.get(path) === promise && answered.set(path, data), () => undefined);
  prefetched.set(path, promise);
}

/**
 * Settles when the requests index.html started have been answered (at once inside Teams, where
 * it starts none: there the page must not wait before the token is known). Failures settle too;
 * `useApi` shows them.
 */
export function earlyAnswers(): Promise<unknown> {
  return Promise.allSettled(Object.keys(early).map((path) => prefetched.get(path)));
}

/** The prefetched answer for `path`, once; later loads ask the server again. */
export function takePrefetched<T>(path: string): Promise<T> | undefined {
  const promise = prefetched.get(path) as Promise<T> | undefined;
  prefetched.delete(path);
  answered.delete(path);
  return promise;
}

/** The prefetched answer for `path` if it has already arrived (taken, as {@link takePrefetched}); else undefined. */
export function takeAnswered<T>(path: string): { data: T } | undefined {
  if (!answered.has(path)) return undefined;
  const data = answered.get(path) as T;
  takePrefetched(path);
  return { data };
}
