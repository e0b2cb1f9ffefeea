// Prints the API's OpenAPI document without a database or a listening port, so the web app's
// types can be generated from the code (`npm run api:types`). postgres.js connects lazily: building
// the app never touches the unreachable database URL below.

import { systemClock } from '@proofwork/core';
import { createDb } from '@proofwork/db';
import { buildApp } from './app';
import { loadConfig } from './config';

const db = createDb('postgres://127.0.0.1:1/none', { max: 1 });
const app = await buildApp(
  {
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    db,
    clock: systemClock,
    queue: { mode: 'in-process', ping: async () => true },
    webRoot: null,
  },
  { logger: false },
);
await app.ready();
process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
await db.close();
