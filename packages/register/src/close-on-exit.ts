import type { Sender } from '@gchat-log/core';

/**
 * When the app's event loop runs out of work, sends what is queued (within the sender's
 * `closeTimeoutMs`) before the process ends. `process.exit()` and fatal signals end the process
 * without this, as they do for every logger that writes asynchronously.
 */
export function closeOnExit(sender: Sender): void {
  let closing = false;
  process.on('beforeExit', () => {
    if (closing) return;
    closing = true;
    void sender.close();
  });
}
