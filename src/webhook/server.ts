import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../logging.js';
import { createRegistry } from '../metrics.js';
import { readSettings } from '../settings.js';
import { buildApp } from './app.js';

// Entry point for running the webhook server on its own (`npm run hook`, the Docker image).
const settings = readSettings();
const logger = createLogger(settings.LOG_LEVEL).child({ component: 'hook' });
if (!settings.GITHUB_WEBHOOK_SECRET) {
  logger.fatal('GITHUB_WEBHOOK_SECRET is not set: the hook refuses unsigned deliveries, so it will not start without it');
  process.exit(1);
}
const address = settings.TEMPORAL_ADDRESS ?? `127.0.0.1:${settings.TEMPORAL_DEV_PORT}`;
// Lazy: the hook starts (and answers 503) even while Temporal is briefly down.
const connection = Connection.lazy({ address });
const client = new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE });
const app = buildApp({ client, taskQueue: settings.TEMPORAL_TASK_QUEUE, webhookSecret: settings.GITHUB_WEBHOOK_SECRET, logger, registry: createRegistry() });
const stop = async () => {
  await app.close();
  await connection.close();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
await app.listen({ port: settings.PORT, host: '0.0.0.0' });
