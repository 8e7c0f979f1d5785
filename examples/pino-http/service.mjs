// An HTTP service logging with pino and pino-http. Requests go to stdout; warnings and errors also go to
// Chat through @gchat-log/pino (GCHAT_LOG_WEBHOOK_URL from the environment). It sends itself a few
// requests, then stops.
import { once } from 'node:events';
import http from 'node:http';
import pino from 'pino';
import pinoHttp from 'pino-http';

const transport = pino.transport({
  targets: [
    { target: 'pino/file', level: 'info', options: { destination: 1 } },
    { target: '@gchat-log/pino', level: 'warn', options: { level: 'warn', excludeFields: ['res'] } },
  ],
});
const logger = pino({ name: 'orders-http' }, transport);
const httpLogger = pinoHttp({
  logger,
  customLogLevel: (_req, res, err) =>
    err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
});

function loadOrder(id) {
  if (id === '13') throw new TypeError(`Cannot read properties of undefined (reading 'total') for order ${id}`);
  return { id, total: 42 };
}

const server = http.createServer((req, res) => {
  httpLogger(req, res);
  const id = /^\/orders\/(\w+)$/.exec(req.url ?? '')?.[1];
  if (id === undefined || !/^\d+$/.test(id)) {
    res.statusCode = 400;
    res.end('bad order id');
    return;
  }
  try {
    res.end(JSON.stringify(loadOrder(id)));
  } catch (error) {
    res.err = error; // pino-http logs it with the request
    res.statusCode = 500;
    res.end('internal error');
  }
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
await once(transport, 'ready');

const origin = `http://127.0.0.1:${server.address().port}`;
const headers = { authorization: 'Bearer sk_live_this-is-redacted' };
for (const path of ['/orders/1', '/orders/13', '/orders/2', '/orders/13', '/orders/13', '/orders/abc', '/orders/3']) {
  await fetch(`${origin}${path}`, { headers });
}
server.close();
// pino flushes the transport worker (and gchat-log its queue) when the process exits.
