import type { QueueClient } from '@azure/storage-queue';

/** A message taken from a {@link WorkQueue}: hidden from other workers until settled or its visibility runs out. */
export interface QueuedMessage {
  readonly messageId: string;
  readonly popReceipt: string;
  readonly messageText: string;
}

/** A Storage Queue as the delivery engine uses it, without Azure SDK types outside `bot/storage/`. */
export interface WorkQueue {
  send(text: string, options?: { visibilityTimeoutSeconds?: number }): Promise<void>;
  receive(count: number, visibilityTimeoutSeconds: number): Promise<QueuedMessage[]>;
  /** Done with: the message is gone. */
  delete(message: QueuedMessage): Promise<void>;
  /** Handed back: visible to every worker again at once. */
  release(message: QueuedMessage): Promise<void>;
}

/** The {@link WorkQueue} over one Azure Storage queue. */
export function workQueueOf(client: QueueClient): WorkQueue {
  return {
    async send(text, options = {}) {
      await client.sendMessage(text, { visibilityTimeout: options.visibilityTimeoutSeconds });
    },
    async receive(count, visibilityTimeoutSeconds) {
      const received = await client.receiveMessages({ numberOfMessages: count, visibilityTimeout: visibilityTimeoutSeconds });
      return received.receivedMessageItems;
    },
    async delete(message) {
      await client.deleteMessage(message.messageId, message.popReceipt);
    },
    async release(message) {
      await client.updateMessage(message.messageId, message.popReceipt, undefined, 0);
    },
  };
}
