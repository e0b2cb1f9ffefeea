// Where uploaded imports live: IMPORT_DIR, else <DATA_DIR>/imports (DATA_DIR defaults to .data, as in
// the server's config). Keys are `<organizationId>/<importId>.upload`, relative to that directory.
// The API writes them and the workers read them, so both must see the same directory.
import path from 'node:path';

export function importDirectory(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.IMPORT_DIR || path.join(env.DATA_DIR || '.data', 'imports'));
}
