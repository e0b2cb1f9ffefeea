// `npm run seed`: seeds the demo organizations into DATABASE_URL (idempotent).
import { hashPassword } from 'better-auth/crypto';
import { createDb } from '../client';
import { runMigrations } from '../migrate';
import { seedDemo } from './demo';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (npm start seeds the embedded database by itself)');
  process.exit(2);
}
const db = createDb(url);
try {
  await runMigrations(db);
  const result = await seedDemo(db, { now: new Date(), hashPassword, log: console.log });
  console.log(`created: ${result.created.join(', ') || 'none'}; already there: ${result.skipped.join(', ') || 'none'}`);
} finally {
  await db.close();
}
