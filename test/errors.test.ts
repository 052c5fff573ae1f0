import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlreadyExists, Conflict, Forbidden, ImportRefused, NotFound, Stale, Unauthenticated, Unavailable, ValidationError } from '../bot/domain/errors.ts';
import { errorResponse } from '../bot/http/errors.ts';
import { chatReplyFor } from '../bot/conversation/errorReplies.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('domain errors, mapped once at each edge', () => {
  it('gives each kind its HTTP status and a Danish body with a stable code', () => {
    const cases: [Error, number, string][] = [
      [new ValidationError([{ field: 'title', message: 'må ikke være tom' }]), 400, 'ValidationFailed'],
      [new ImportRefused('Filen er ikke importeret.', [{ row: 3, column: 'Type', message: 'ukendt' }]), 400, 'ImportRefused'],
      [new Unauthenticated(), 401, 'Unauthorized'],
      [new Forbidden(), 403, 'Forbidden'],
      [new NotFound('Aftalen'), 404, 'NotFound'],
      [new Conflict('Closed', 'Aftalen er lukket.'), 409, 'Closed'],
      [new AlreadyExists('Løsningen'), 409, 'AlreadyExists'],
      [new Stale('Opgaven'), 412, 'ConcurrentChange'],
      [new Unavailable('AuthUnavailable', 'Login kan ikke kontrolleres lige nu.'), 503, 'AuthUnavailable'],
    ];
    for (const [error, status, code] of cases) expect(errorResponse(error), code).toMatchObject({ status, body: { error: { code } } });
    expect(errorResponse(new NotFound('Aftalen'))?.body.error.message).toBe('Aftalen findes ikke.');
    expect(errorResponse(new ImportRefused('x', [{ row: 3, column: 'Type', message: 'ukendt' }]))?.body.error.rows).toEqual([{ row: 3, column: 'Type', message: 'ukendt' }]);
    expect(errorResponse(new Error('ECONNRESET at 10.0.0.4'))).toBeUndefined();
  });

  it('says each kind in Danish in a chat, and nothing of a fault', () => {
    expect(chatReplyFor(new Forbidden('Kun KOMBIT-medarbejdere kan gøre dette.'))).toBe('Kun KOMBIT-medarbejdere kan gøre dette. Intet er ændret.');
    expect(chatReplyFor(new Stale('Opgaven'))).toBe('Nogen ændrede det samme lige før dig. Intet er ændret – prøv igen.');
    expect(chatReplyFor(new ValidationError([{ field: 'closesAt', message: 'skal ligge ud i fremtiden' }]))).toBe('Det kunne ikke gemmes: closesAt skal ligge ud i fremtiden. Intet er ændret.');
    expect(chatReplyFor(new Error('getaddrinfo ENOTFOUND login.botframework.com'))).toBeUndefined();
  });

  it('keeps HTTP out of the domain and storage', () => {
    const offenders = [...sources('bot/domain'), ...sources('bot/storage')].filter((file) => /from '(\.\.\/)+(http|api)\//.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('keeps the Azure SDK\'s types in storage: no other folder imports @azure/*', () => {
    const folders = readdirSync(path.join(ROOT, 'bot'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'storage');
    const offenders = folders.flatMap((d) => sources(`bot/${d.name}`)).filter((file) => /from '@azure\//.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
