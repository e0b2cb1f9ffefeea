// The evidence pack's tagged-PDF structure (what a screen reader follows), kept apart from the
// drawing: one Document element holding a section per part of the pack, with headings, paragraphs,
// tables (header cells scoped to their column) and figures that carry their figures as alternative
// text. Decoration (rules, shading, the repeated table header, the footer) is marked as artifacts,
// so a reader skips it. Text drawn outside any element becomes a paragraph of its own.
type Doc = PDFKit.PDFDocument;
type Element = PDFKit.PDFStructureElement;

export type BlockType = 'H1' | 'H2' | 'H3' | 'P' | 'Caption';

export class PdfTags {
  private readonly root: Element;
  private section: Element | null = null;
  /** How many element closures are drawing now: text inside one belongs to it. */
  private depth = 0;

  constructor(private readonly doc: Doc) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  /** True while an element's content is being drawn. */
  get inside() {
    return this.depth > 0;
  }

  /** Starts a new section (Sect) of the document: the blocks that follow belong to it. */
  startSection() {
    this.section?.end();
    this.section = this.doc.struct('Sect');
    this.root.add(this.section);
  }

  /**
   * What `draw` puts on the page, as one heading, paragraph or caption; `actual` is the text a
   * reader gets when the page shows it otherwise (a heading set in capitals).
   */
  block(type: BlockType, draw: () => void, actual?: string) {
    this.parent().add(this.doc.struct(type, actual ? { actual } : {}, this.closure(draw)));
  }

  /** A list (L): each item's content, bullet included, is drawn by its function. */
  list() {
    let list: Element | null = null;
    return {
      item: (draw: () => void) => {
        if (!list) {
          list = this.doc.struct('L');
          this.parent().add(list);
        }
        const item = this.doc.struct('LI');
        list.add(item);
        item.add(this.doc.struct('LBody', {}, this.closure(draw)));
        item.end();
      },
      end: () => list?.end(),
    };
  }

  /** A chart: its content stays visible, and `alt` says what it shows in words. */
  figure(alt: string, draw: () => void) {
    this.parent().add(this.doc.struct('Figure', { alt }, this.closure(draw)));
  }

  /** A table: rows are added in reading order; header cells are scoped to their column. */
  table() {
    const table = this.doc.struct('Table');
    this.parent().add(table);
    return {
      /** One row; each cell's content is drawn by its function, in order. */
      row: (cells: (() => void)[], header: boolean) => {
        const row = this.doc.struct('TR');
        table.add(row);
        for (const draw of cells) {
          const options = header ? ({ scope: 'Column' } as PDFKit.Mixins.StructureElementOptions) : {};
          row.add(this.doc.struct(header ? 'TH' : 'TD', options, this.closure(draw)));
        }
        row.end();
      },
      end: () => table.end(),
    };
  }

  /**
   * Decoration or page furniture a reader skips. Never call it while an element is drawing: an
   * artifact would close that element's content.
   */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout') {
    if (this.inside) throw new Error('An artifact cannot be drawn inside a tagged element');
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }

  /** Ends the structure; call once everything tagged is drawn (before doc.end()). */
  end() {
    this.section?.end();
    this.root.end();
  }

  private parent(): Element {
    return this.section ?? this.root;
  }

  private closure(draw: () => void) {
    return () => {
      this.depth++;
      try {
        draw();
      } finally {
        this.depth--;
      }
    };
  }
}
