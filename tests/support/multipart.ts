// A multipart/form-data body, as a browser sends a file input: what the upload routes read.
import { randomBytes } from 'node:crypto';

export interface MultipartPart {
  name: string;
  /** A file part when set; a plain field otherwise. */
  fileName?: string;
  contentType?: string;
  content: string | Buffer;
}

export function multipartBody(parts: MultipartPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----proofwork${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      part.fileName === undefined
        ? `form-data; name="${part.name}"`
        : `form-data; name="${part.name}"; filename="${part.fileName}"`;
    const type = part.fileName === undefined ? '' : `Content-Type: ${part.contentType ?? 'text/csv'}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(typeof part.content === 'string' ? Buffer.from(part.content) : part.content);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** One file in the field "file". */
export const fileUpload = (fileName: string, content: string | Buffer, contentType?: string) =>
  multipartBody([{ name: 'file', fileName, content, ...(contentType ? { contentType } : {}) }]);
