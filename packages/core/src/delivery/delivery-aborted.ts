/** Why an attempt was aborted, as the abort signal's reason (and so as what the lane rejects with). */
export class DeliveryAborted extends Error {
  override readonly name = 'DeliveryAborted';
  /** `deadline`: the sender's close deadline passed; `refusal`: Chat refused the webhook, and what waits for it is dropped. */
  readonly why: 'deadline' | 'refusal';

  constructor(why: 'deadline' | 'refusal') {
    super(why === 'deadline' ? 'the close deadline passed' : 'Google Chat refused the webhook');
    this.why = why;
  }
}

/** Whether `error` is the abort of a message because Chat refused its webhook. */
export function isRefusal(error: unknown): boolean {
  return error instanceof DeliveryAborted && error.why === 'refusal';
}
