// Where export files live: EXPORT_DIR, else <DATA_DIR>/exports (DATA_DIR defaults to .data, as in
// the server's config). Keys are `<organizationId>/<exportId>.<ext>`, relative to that directory.
import path from 'node:path';

export function exportDirectory(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.EXPORT_DIR || path.join(env.DATA_DIR || '.data', 'exports'));
}

export const EXPORT_EXTENSIONS = { pdf: 'pdf', csv: 'csv', xlsx: 'xlsx', json: 'json' } as const;
export const EXPORT_CONTENT_TYPES = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
} as const;
