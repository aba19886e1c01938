import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { readFileSync } from 'node:fs';
import { renderChart } from '../../core/charts/render.ts';
import { chartSize, type ChartSpec } from '../../core/charts/spec.ts';
import type { ReportDocument, ReportTable } from '../../core/report.ts';

/**
 * The annual report as PDF (pdfmake, Roboto: Cyrillic and Latin), DOCX (the `docx` package) and
 * XLSX (exceljs, one sheet per table), from one ReportDocument. This module runs in the worker
 * pool (core/heavy.ts: `reportFiles` below), so none of the three libraries loads on the request
 * thread; each returns bytes.
 */
const require = createRequire(import.meta.url);
const ROBOTO = require('pdfmake/fonts/Roboto.js') as { Roboto: Record<'normal' | 'bold' | 'italics' | 'bolditalics', string> };
const FONT_DIR = dirname(ROBOTO.Roboto.normal);
pdfmake.setFonts(ROBOTO);
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(FONT_DIR));

const toBytes = (buf: Buffer | Uint8Array) => new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);

/** A chart's width on an A4 page with the margins below (points), and its height kept in proportion. */
const CHART_WIDTH = 480;
const chartBox = (spec: ChartSpec) => {
  const { width, height } = chartSize(spec);
  return { width: CHART_WIDTH, height: Math.round((CHART_WIDTH * height) / width) };
};

/** The charts of a report, drawn once per document (the PDF and the DOCX get the same SVG). */
function drawCharts(doc: ReportDocument): Map<ChartSpec, string> {
  const out = new Map<ChartSpec, string>();
  for (const b of doc.blocks) for (const c of b.charts ?? []) out.set(c, renderChart(c, doc.locale));
  return out;
}

/**
 * A chart as PNG, the picture a DOCX reader without SVG support shows (Word before 2016): drawn by
 * resvg (WebAssembly, no native binary) with the Roboto pdfmake ships, so Serbian letters keep
 * their shapes. Initialised once per worker.
 */
let resvgReady: Promise<typeof import('@resvg/resvg-wasm')> | undefined;
function resvg() {
  resvgReady ??= (async () => {
    const mod = await import('@resvg/resvg-wasm');
    await mod.initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    return mod;
  })();
  return resvgReady;
}
const FONT_FILES = [ROBOTO.Roboto.normal, ROBOTO.Roboto.bold];
let fontBuffers: Uint8Array[] | undefined;
async function pngOf(svg: string, width: number): Promise<Uint8Array> {
  const { Resvg } = await resvg();
  fontBuffers ??= FONT_FILES.map((f) => new Uint8Array(readFileSync(f)));
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: width * 2 },
    background: '#ffffff',
    font: { fontBuffers, loadSystemFonts: false, defaultFontFamily: 'Roboto', sansSerifFamily: 'Roboto' },
  });
  return r.render().asPng();
}

export async function reportPdf(
  doc: ReportDocument,
  opts: { compress?: boolean; charts?: Map<ChartSpec, string> } = {},
): Promise<Uint8Array> {
  const charts = opts.charts ?? drawCharts(doc);
  const chart = (c: ChartSpec): Content[] => [
    { text: c.title, style: 'caption' },
    { svg: charts.get(c)!, ...chartBox(c), margin: [0, 2, 0, 8] },
  ];
  const table = (tb: ReportTable): Content[] => [
    { text: tb.caption, style: 'caption' },
    {
      table: {
        headerRows: 1,
        widths: tb.columns.map((_, i) => (i === 0 ? '*' : 'auto')),
        body: [
          tb.columns.map((c): TableCell => ({ text: c, bold: true })),
          ...tb.rows.map((r) => r.map((cell, i): TableCell => ({ text: cell, alignment: tb.numeric?.[i] ? 'right' : 'left' }))),
        ],
      },
      layout: 'lightHorizontalLines',
      margin: [0, 2, 0, 2],
    },
    ...(tb.note ? [{ text: tb.note, style: 'note' } as Content] : []),
  ];
  const def: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 50],
    info: { title: doc.title },
    content: [
      { text: doc.title, style: 'title' },
      { text: doc.subtitle, style: 'subtitle' },
      ...doc.blocks.flatMap((b): Content[] => [
        { text: b.heading, style: 'heading' },
        ...b.paragraphs.map((p): Content => ({ text: p, margin: [0, 0, 0, 6] })),
        ...(b.charts ?? []).flatMap(chart),
        ...b.tables.flatMap(table),
      ]),
    ],
    footer: (page: number, pages: number) => ({
      text: `${doc.made} ${page}/${pages}`,
      alignment: 'center',
      fontSize: 8,
      margin: [0, 20, 0, 0],
    }),
    styles: {
      title: { fontSize: 20, bold: true, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 12, margin: [0, 0, 0, 16] },
      heading: { fontSize: 14, bold: true, margin: [0, 14, 0, 6] },
      caption: { bold: true, margin: [0, 8, 0, 2] },
      note: { fontSize: 8, italics: true, margin: [0, 2, 0, 8] },
    },
    defaultStyle: { font: 'Roboto', fontSize: 10 },
  };
  const buf = await pdfmake.createPdf({ ...def, compress: opts.compress ?? true }).getBuffer();
  return toBytes(buf);
}

export async function reportDocx(doc: ReportDocument, opts: { charts?: Map<ChartSpec, string> } = {}): Promise<Uint8Array> {
  const charts = opts.charts ?? drawCharts(doc);
  const {
    ImageRun,
    Document,
    Packer,
    Paragraph,
    HeadingLevel,
    Table,
    TableRow,
    TableCell: Cell,
    TextRun,
    WidthType,
    AlignmentType,
  } = await import('docx');
  const table = (tb: ReportTable) => [
    new Paragraph({ children: [new TextRun({ text: tb.caption, bold: true })] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({
          tableHeader: true,
          children: tb.columns.map((c) => new Cell({ children: [new Paragraph({ children: [new TextRun({ text: c, bold: true })] })] })),
        }),
        ...tb.rows.map(
          (r) =>
            new TableRow({
              children: r.map(
                (cell, i) =>
                  new Cell({
                    children: [new Paragraph({ text: cell, alignment: tb.numeric?.[i] ? AlignmentType.RIGHT : AlignmentType.LEFT })],
                  }),
              ),
            }),
        ),
      ],
    }),
    ...(tb.note ? [new Paragraph({ children: [new TextRun({ text: tb.note, italics: true, size: 16 })] })] : []),
  ];
  const pictures = new Map<ChartSpec, InstanceType<typeof Paragraph>[]>();
  for (const [c, svg] of charts) {
    const box = chartBox(c);
    pictures.set(c, [
      new Paragraph({ children: [new TextRun({ text: c.title, bold: true })] }),
      new Paragraph({
        children: [
          new ImageRun({
            type: 'svg',
            data: Buffer.from(svg, 'utf8'),
            fallback: { type: 'png', data: await pngOf(svg, box.width) },
            transformation: box,
            altText: { name: c.title, description: c.title, title: c.title },
          }),
        ],
      }),
    ]);
  }
  const document = new Document({
    title: doc.title,
    creator: 'KZM',
    sections: [
      {
        children: [
          new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE }),
          new Paragraph({ text: doc.subtitle }),
          ...doc.blocks.flatMap((b) => [
            new Paragraph({ text: b.heading, heading: HeadingLevel.HEADING_1 }),
            ...b.paragraphs.map((p) => new Paragraph({ text: p })),
            ...(b.charts ?? []).flatMap((c) => pictures.get(c) ?? []),
            ...b.tables.flatMap(table),
          ]),
          new Paragraph({ children: [new TextRun({ text: doc.made, size: 16 })] }),
        ],
      },
    ],
  });
  return toBytes(await Packer.toBuffer(document));
}

/** Every table of the report, one sheet each; exact figures as numbers, suppressed ones ("<5", "×") as text. */
export async function reportXlsx(doc: ReportDocument): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KZM';
  wb.title = doc.title;
  const used = new Set<string>();
  const sheetName = (caption: string) => {
    const base =
      caption
        .replace(/[\\/?*[\]:]/g, ' ')
        .slice(0, 28)
        .trim() || 'Sheet';
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 26)} ${i}`;
    used.add(name.toLowerCase());
    return name;
  };
  for (const b of doc.blocks)
    for (const tb of b.tables) {
      const ws = wb.addWorksheet(sheetName(tb.caption));
      ws.addRow([tb.caption]).font = { bold: true };
      ws.addRow([...tb.columns]).font = { bold: true };
      for (const r of tb.rows) ws.addRow(r.map((cell, i) => (tb.numeric?.[i] && /^\d+$/.test(cell) ? Number(cell) : cell)));
      if (tb.note) ws.addRow([tb.note]);
      ws.columns.forEach((c, i) => (c.width = i === 0 ? 40 : 16));
    }
  const buf = await wb.xlsx.writeBuffer();
  return toBytes(Buffer.from(buf as ArrayBuffer));
}

/** The heavy task: the three files of one report. */
export async function reportFiles(doc: ReportDocument): Promise<{ pdf: Uint8Array; docx: Uint8Array; xlsx: Uint8Array }> {
  const charts = drawCharts(doc);
  const pdf = await reportPdf(doc, { charts });
  const docx = await reportDocx(doc, { charts });
  const xlsx = await reportXlsx(doc);
  return { pdf, docx, xlsx };
}
