/** The body of a `spaces.messages.create` call that gchat-log sends. */
export interface ChatMessage {
  readonly text: string;
  readonly thread?: { readonly threadKey: string };
}

/** Chat rejects `text` longer than this many characters. */
export const MAX_TEXT_LENGTH = 4096;
