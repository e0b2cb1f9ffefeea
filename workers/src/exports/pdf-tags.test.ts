import { PassThrough } from 'node:stream';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { PdfTags } from './pdf-tags';

function tagged() {
  const doc = new PDFDocument({ tagged: true, pdfVersion: '1.7', lang: 'en' });
  doc.pipe(new PassThrough().resume());
  return { doc, tags: new PdfTags(doc) };
}

describe('PdfTags', () => {
  it('knows when an element is drawing, and only then', () => {
    const { doc, tags } = tagged();
    const seen: boolean[] = [];
    tags.startSection();
    tags.block('P', () => {
      seen.push(tags.inside);
      doc.text('inside');
    });
    seen.push(tags.inside);
    expect(seen).toEqual([true, false]);
    tags.end();
    doc.end();
  });

  it('refuses an artifact inside an element (it would end the element’s marked content)', () => {
    const { doc, tags } = tagged();
    tags.startSection();
    expect(() => tags.block('P', () => tags.artifact(() => doc.text('rule')))).toThrow(/artifact/);
    // A programming error, caught in tests: the helper's own count recovers from it.
    expect(tags.inside).toBe(false);
    tags.end();
    doc.end();
  });
});
