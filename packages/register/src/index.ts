/**
 * `node --import @gchat-log/register app.mjs`, `node -r @gchat-log/register app.js`, or either in
 * `NODE_OPTIONS`: every pino and winston logger the app creates also sends to Google Chat, configured
 * by `GCHAT_LOG_*` variables. Without `GCHAT_LOG_WEBHOOK_URL` (or `GCHAT_LOG_ROUTES`) it does nothing.
 */
import { register } from './register.js';

register();
