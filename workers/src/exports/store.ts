// The file extension and content type of each export format.

export const EXPORT_EXTENSIONS = { pdf: 'pdf', csv: 'csv', xlsx: 'xlsx', json: 'json' } as const;
export const EXPORT_CONTENT_TYPES = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
} as const;
