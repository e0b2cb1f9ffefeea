// `npm run worker`: a BullMQ worker process. Needs DATABASE_URL and REDIS_URL; run as many as you like.
import { writeFileSync } from 'node:fs';
import { createDb, runMigrations } from '@proofwork/db';
import { createQueueClient } from './contracts';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl || !redisUrl) {
  console.error('The worker needs DATABASE_URL and REDIS_URL (without Redis, `npm start` runs jobs in-process).');
  process.exit(2);
}

const db = createDb(databaseUrl, { max: 5 });
await runMigrations(db);
const queue = createQueueClient(redisUrl);

// A heartbeat file for container healthchecks.
const heartbeat = setInterval(() => writeFileSync('/tmp/proofwork-worker.alive', new Date().toISOString()), 5000);
heartbeat.unref();
console.log(`worker connected (queue ${(await queue.ping()) ? 'up' : 'down'})`);

async function shutdown() {
  clearInterval(heartbeat);
  await queue.close();
  await db.close();
  process.exit(0);
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
