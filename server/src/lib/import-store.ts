// Where uploads wait for their import: IMPORT_DIR, else <DATA_DIR>/imports, resolved like the
// workers do (workers/src/imports/store.ts), so a worker reads what the API wrote.
import path from 'node:path';
import type { Config } from '../config';

export function importDirectory(config: Config): string {
  return path.resolve(config.IMPORT_DIR ?? path.join(config.DATA_DIR, 'imports'));
}
