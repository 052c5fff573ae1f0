import type { Logger } from '../log.ts';
import type { Wave, WaveMoveRequest } from '../domain/wave.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';

/** Rollout waves and the program leaders' requests to move between them; a few dozen rows, read whole. */
export class WaveRepository {
  private readonly waves: EntityTable<Wave>;
  private readonly requests: EntityTable<WaveMoveRequest>;
  constructor(storage: Storage, log: Logger) {
    this.waves = new EntityTable(storage.table(TABLES.waves), log, 'Bølgen');
    this.requests = new EntityTable(storage.table(TABLES.waveMoveRequests), log, 'Anmodningen');
  }

  /** Every wave, by solution and then by go-live. */
  async list(): Promise<Wave[]> {
    return (await this.waves.list(PARTITIONS.wave)).map((r) => r.value).sort((a, b) => a.solutionId.localeCompare(b.solutionId) || a.deadline.localeCompare(b.deadline) || a.name.localeCompare(b.name, 'da'));
  }
  get(id: string): Promise<Versioned<Wave> | undefined> {
    return this.waves.get(PARTITIONS.wave, id);
  }
  create(wave: Wave): Promise<string> {
    return this.waves.insert(PARTITIONS.wave, wave.id, wave);
  }
  upsert(wave: Wave): Promise<string> {
    return this.waves.upsert(PARTITIONS.wave, wave.id, wave);
  }
  replace(wave: Wave, etag: string): Promise<string> {
    return this.waves.replace(PARTITIONS.wave, wave.id, wave, etag);
  }

  /** Every move request, the newest first. */
  async requestList(): Promise<Versioned<WaveMoveRequest>[]> {
    return (await this.requests.list(PARTITIONS.waveMoveRequest)).sort((a, b) => b.value.requestedAt.localeCompare(a.value.requestedAt));
  }
  request(id: string): Promise<Versioned<WaveMoveRequest> | undefined> {
    return this.requests.get(PARTITIONS.waveMoveRequest, id);
  }
  /** A municipality's new request replaces its earlier one for the same solution while that is unanswered (same id). */
  putRequest(request: WaveMoveRequest): Promise<string> {
    return this.requests.upsert(PARTITIONS.waveMoveRequest, request.id, request);
  }
  replaceRequest(request: WaveMoveRequest, etag: string): Promise<string> {
    return this.requests.replace(PARTITIONS.waveMoveRequest, request.id, request, etag);
  }
}
