import type { Logger } from '../log.ts';
import type { Agreement, Signature } from '../domain/agreement.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';
import { TtlCache } from '../domain/ttlCache.ts';

/** Agreements (one partition) and their signatures (one partition per agreement, one row per kommunekode). */
export class AgreementRepository {
  private readonly agreements: EntityTable<Agreement>;
  private readonly signatureRows: EntityTable<Signature>;
  private readonly recentSignatures = new TtlCache<Signature[]>({ ttlMs: 1000 });
  constructor(storage: Storage, log: Logger) {
    this.agreements = new EntityTable(storage.table(TABLES.agreements), log, 'Aftalen');
    this.signatureRows = new EntityTable(storage.table(TABLES.signatures), log, 'Kommunens underskrift');
  }

  async list(): Promise<Agreement[]> {
    return (await this.agreements.list(PARTITIONS.agreement)).map((r) => r.value).sort((a, b) => (a.deadline ?? '').localeCompare(b.deadline ?? ''));
  }
  get(id: string): Promise<Versioned<Agreement> | undefined> {
    return this.agreements.get(PARTITIONS.agreement, id);
  }
  create(agreement: Agreement): Promise<string> {
    return this.agreements.insert(PARTITIONS.agreement, agreement.id, agreement);
  }
  replace(agreement: Agreement, etag: string): Promise<string> {
    return this.agreements.replace(PARTITIONS.agreement, agreement.id, agreement, etag);
  }
  upsert(agreement: Agreement): Promise<string> {
    return this.agreements.upsert(PARTITIONS.agreement, agreement.id, agreement);
  }
  /** Records that the agreement's card has been handed to the delivery engine, without touching the other fields. */
  async clearCardPending(id: string): Promise<void> {
    await this.agreements.merge(PARTITIONS.agreement, id, { cardPending: false });
  }

  async signatures(agreementId: string): Promise<Signature[]> {
    return (await this.signatureRows.list(agreementId)).map((r) => r.value);
  }
  /**
   * The agreement's signatures as {@link signatures}, but shared with this instance's other readers
   * for up to a second (this instance's own writes invalidate it): for lists shown in chat, which a burst of people asks for at once.
   */
  sharedSignatures(agreementId: string): Promise<Signature[]> {
    return this.recentSignatures.get(agreementId, () => this.signatures(agreementId));
  }
  signature(agreementId: string, municipalityCode: string): Promise<Versioned<Signature> | undefined> {
    return this.signatureRows.get(agreementId, municipalityCode);
  }
  /** Records a municipality's first answer; refused with 409 when it already has a row, so a concurrent write is never overwritten. */
  addSignature(signature: Signature): Promise<string> {
    return (this.signatureRows.insert(signature.agreementId, signature.municipalityCode, signature)).finally(() => this.recentSignatures.invalidate(signature.agreementId));
  }
  setSignature(signature: Signature, etag?: string): Promise<string> {
    return (etag
      ? this.signatureRows.replace(signature.agreementId, signature.municipalityCode, signature, etag)
      : this.signatureRows.upsert(signature.agreementId, signature.municipalityCode, signature)).finally(() => this.recentSignatures.invalidate(signature.agreementId));
  }
  setSignatures(agreementId: string, signatures: readonly Signature[]): Promise<number> {
    return (this.signatureRows.upsertMany(agreementId, signatures.map((s) => ({ rk: s.municipalityCode, value: s })))).finally(() => this.recentSignatures.invalidate(agreementId));
  }
}
