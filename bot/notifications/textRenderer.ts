import type { Renderer } from './delivery.ts';

/** A plain text notification (e.g. "Ændret: ny frist ..." in a card's thread); the text is in the payload. */
export const textRenderer: Renderer = async ({ notification }) => {
  const text = notification.payload.text;
  return typeof text === 'string' && text ? { kind: 'text', text } : undefined;
};
