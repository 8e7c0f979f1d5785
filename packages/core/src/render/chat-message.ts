/** A `cardsV2` entry: gchat-log's one card (see render-card.ts for the widgets it uses). */
export interface ChatCard {
  readonly cardId: string;
  readonly card: Record<string, unknown>;
}

/** The body of a `spaces.messages.create` call that gchat-log sends: `text`, or cards with a fallback. */
export interface ChatMessage {
  readonly text?: string;
  readonly cardsV2?: readonly ChatCard[];
  /** Plain text for notifications and clients that cannot show the cards. */
  readonly fallbackText?: string;
  readonly thread?: { readonly threadKey: string };
}

/** How messages look: Chat's text markup, or a `cardsV2` card with a fallback text. */
export const MESSAGE_FORMATS = ['text', 'cards'] as const;
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];

/** Chat rejects `text` longer than this many characters. */
export const MAX_TEXT_LENGTH = 4096;

/** Chat rejects messages larger than 32,000 bytes; gchat-log keeps a margin for the thread and JSON. */
export const MAX_MESSAGE_BYTES = 30_000;
