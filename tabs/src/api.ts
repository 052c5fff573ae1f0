import { dropToken, ssoToken } from './teams.ts';

/** An API error with the server's status, code and Danish message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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

async function request<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
  await ready;
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = await ssoToken().catch(() => undefined);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  if (res.status === 401 && token && !retried) {
    dropToken();
    return request<T>(method, path, body, true);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? `Http${res.status}`, error?.message ?? res.statusText);
  }
  return json as T;
}

export const getJson = <T>(path: string): Promise<T> => request<T>('GET', path);
export const putJson = <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, body);

const prefetched = new Map<string, Promise<unknown>>();

/** Starts a GET before React renders (the first view's data); `useApi` takes it over. */
export function prefetch(path: string): void {
  const promise = getJson(path);
  promise.catch(() => undefined);
  prefetched.set(path, promise);
}

/** The prefetched answer for `path`, once; later loads ask the server again. */
export function takePrefetched<T>(path: string): Promise<T> | undefined {
  const promise = prefetched.get(path) as Promise<T> | undefined;
  prefetched.delete(path);
  return promise;
}
