import type { ConnectorStandIn, RecordedCall } from './connectorStandIn.ts';

const SENDS = new Set(['sendToConversation', 'replyToActivity', 'createConversation']);

/**
 * Counts, per conversation, the accepted sends whose activity mentions a text, as the stand-in
 * records them. Each call is looked at once when it arrives, so waiting for 500 deliveries stays
 * cheap; re-scanning every recorded card on every call made the waiting itself the bottleneck.
 */
export class DeliveryTally {
  /** Accepted sends per conversation id. */
  readonly perConversation = new Map<string, number>();
  /** The stand-in's clock at each accepted send, in arrival order. */
  readonly times: number[] = [];
  private readonly seen = new Set<number>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly connector: ConnectorStandIn,
    private readonly text: string,
  ) {
    this.unsubscribe = connector.onCall((call) => this.add(call));
    for (const call of connector.sent) this.add(call);
  }

  private add(call: RecordedCall): void {
    if (this.seen.has(call.seq) || !SENDS.has(call.operation) || call.status !== 201 || !call.activity) return;
    if (!JSON.stringify(call.activity).includes(this.text)) return;
    this.seen.add(call.seq);
    this.perConversation.set(call.conversationId!, (this.perConversation.get(call.conversationId!) ?? 0) + 1);
    this.times.push(call.at);
  }

  /** Conversations that got it at least once. */
  get delivered(): number {
    return this.perConversation.size;
  }

  /** Accepted sends in all, repeats included. */
  get sends(): number {
    return this.times.length;
  }

  /** Conversations that got it more than once. */
  get duplicates(): number {
    return [...this.perConversation.values()].filter((n) => n > 1).length;
  }

  /** Resolves once `condition` holds (checked at each call the stand-in records); rejects after `timeoutMs`. */
  async until(condition: (tally: DeliveryTally) => boolean, timeoutMs: number): Promise<void> {
    if (condition(this)) return;
    await this.connector.waitFor(() => condition(this), timeoutMs);
  }

  /** Stops counting. */
  close(): void {
    this.unsubscribe();
  }
}
