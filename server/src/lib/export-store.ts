// Where the workers leave export files: EXPORT_DIR, else <DATA_DIR>/exports, resolved like the
// workers do (workers/src/exports/store.ts), so the API serves what a worker wrote.
import path from 'node:path';
import type { Config } from '../config';

export function exportDirectory(config: Config): string {
  return path.resolve(config.EXPORT_DIR ?? path.join(config.DATA_DIR, 'exports'));
}
