/**
 * A minimal .xlsx writer, the counterpart of xlsx.ts: `hebao-check init
 * --xlsx` writes its workbook with it, and the tests build workbooks with it.
 * An .xlsx is a zip (fflate) of a few XML parts: content types, the
 * package and workbook relationships, the workbook, styles, one part per
 * sheet and, when asked, shared strings. Excel, WPS and LibreOffice open it.
 *
 * Styles written: 0 General, 1 a date (yyyy-mm-dd), 2 Text (@), 3 bold
 * (the header row).
 */
import { zipSync, strToU8 } from 'fflate';
import { EXCEL_MAX_CELL_CHARS } from './xlsx.js';

/** A cell: text, a number, TRUE/FALSE, a date (`{ date: '2020-03-05' }`), or empty. */
export type XlsxCell = string | number | boolean | { date: string } | null | undefined;

export interface XlsxSheetInput {
  /** At most 31 characters, none of `\ / ? * [ ] :` (Excel's rule). */
  name: string;
  /** Row 1 first; a null row is left blank. */
  rows: readonly (readonly XlsxCell[] | null)[];
  /** 0-based columns formatted as Text, so Excel keeps typed digits (an ID) as written. */
  textColumns?: readonly number[];
  /** 0-based columns formatted as dates. */
  dateColumns?: readonly number[];
  /** Column widths in characters (Excel's unit). */
  widths?: readonly number[];
  /** Row 1 in bold and frozen above the rest. */
  header?: boolean;
}

export interface XlsxWriteOptions {
  /** Strings as shared strings (what Excel writes) instead of inline ones. */
  sharedStrings?: boolean;
  /** The 1904 date system (old Mac workbooks). */
  date1904?: boolean;
}

const STYLE_DATE = 1;
const STYLE_TEXT = 2;
const STYLE_BOLD = 3;

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/_(?=x[0-9a-fA-F]{4}_)/g, '_x005F_')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`);
}

/** 0 → A, 27 → AB. */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** `2020-03-05` → Excel's serial number in the given date system. */
export function dateSerial(date: string, date1904 = false): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const days = (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
  return date1904 ? days - 1462 : days;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The workbook's bytes. Sheet names and cells are the caller's; text longer than a cell may hold is refused. */
export function writeXlsx(sheets: readonly XlsxSheetInput[], opts: XlsxWriteOptions = {}): Uint8Array {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const files: Record<string, Uint8Array> = {};
  sheets.forEach((sheet, si) => {
    const text = new Set(sheet.textColumns ?? []);
    const dates = new Set(sheet.dateColumns ?? []);
    const width = Math.max(0, ...sheet.rows.map((r) => r?.length ?? 0), ...(sheet.widths ? [sheet.widths.length] : []));
    const out: string[] = [XML_HEAD, `<worksheet xmlns="${NS}" xmlns:r="${REL_NS}">`];
    if (sheet.header) out.push('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>');
    out.push('<sheetFormatPr defaultRowHeight="15"/>');
    if (width > 0 && (sheet.widths || text.size || dates.size)) {
      out.push('<cols>');
      for (let c = 0; c < width; c++) {
        const w = sheet.widths?.[c];
        const style = text.has(c) ? STYLE_TEXT : dates.has(c) ? STYLE_DATE : 0;
        if (w === undefined && style === 0) continue;
        out.push(`<col min="${c + 1}" max="${c + 1}"${w !== undefined ? ` width="${w}" customWidth="1"` : ' width="10"'}${style ? ` style="${style}"` : ''}/>`);
      }
      out.push('</cols>');
    }
    out.push('<sheetData>');
    sheet.rows.forEach((row, ri) => {
      if (row === null) return;
      const r = ri + 1;
      out.push(`<row r="${r}">`);
      row.forEach((cell, ci) => {
        if (cell === null || cell === undefined) return;
        const ref = `${columnName(ci)}${r}`;
        const bold = sheet.header && ri === 0;
        const base = bold ? STYLE_BOLD : text.has(ci) ? STYLE_TEXT : 0;
        const s = base ? ` s="${base}"` : '';
        if (typeof cell === 'string') {
          if (cell.length > EXCEL_MAX_CELL_CHARS) throw new Error(`cell ${ref} of ${sheet.name} is longer than ${EXCEL_MAX_CELL_CHARS} characters`);
          const space = /^\s|\s$|\n/.test(cell) ? ' xml:space="preserve"' : '';
          if (opts.sharedStrings) {
            let i = sharedIndex.get(cell);
            if (i === undefined) {
              i = shared.length;
              shared.push(cell);
              sharedIndex.set(cell, i);
            }
            out.push(`<c r="${ref}"${s} t="s"><v>${i}</v></c>`);
          } else out.push(`<c r="${ref}"${s} t="inlineStr"><is><t${space}>${esc(cell)}</t></is></c>`);
        } else if (typeof cell === 'number') {
          out.push(`<c r="${ref}"${s}><v>${String(cell)}</v></c>`);
        } else if (typeof cell === 'boolean') {
          out.push(`<c r="${ref}"${s} t="b"><v>${cell ? 1 : 0}</v></c>`);
        } else {
          out.push(`<c r="${ref}" s="${STYLE_DATE}"><v>${dateSerial(cell.date, opts.date1904)}</v></c>`);
        }
      });
      out.push('</row>');
    });
    out.push('</sheetData>');
    out.push('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
    out.push('</worksheet>');
    files[`xl/worksheets/sheet${si + 1}.xml`] = strToU8(out.join(''));
  });

  const sheetList = sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  files['xl/workbook.xml'] = strToU8(
    `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><workbookPr${opts.date1904 ? ' date1904="1"' : ''}/><bookViews><workbookView/></bookViews><sheets>${sheetList}</sheets></workbook>`,
  );
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL_NS}/${type}" Target="${target}"/>`;
  const wbRels = sheets.map((_, i) => rel(`rId${i + 1}`, 'worksheet', `worksheets/sheet${i + 1}.xml`));
  wbRels.push(rel(`rId${sheets.length + 1}`, 'styles', 'styles.xml'));
  if (opts.sharedStrings) wbRels.push(rel(`rId${sheets.length + 2}`, 'sharedStrings', 'sharedStrings.xml'));
  files['xl/_rels/workbook.xml.rels'] = strToU8(`${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${wbRels.join('')}</Relationships>`);
  files['_rels/.rels'] = strToU8(
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`,
  );
  files['xl/styles.xml'] = strToU8(
    `${XML_HEAD}<styleSheet xmlns="${NS}">` +
      '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>' +
      '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
      '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
      '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
      '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>',
  );
  if (opts.sharedStrings) {
    const si = shared.map((s) => `<si><t${/^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : ''}>${esc(s)}</t></si>`).join('');
    files['xl/sharedStrings.xml'] = strToU8(`${XML_HEAD}<sst xmlns="${NS}" count="${shared.length}" uniqueCount="${shared.length}">${si}</sst>`);
  }
  const overrides = [
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
    ...sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`),
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
    ...(opts.sharedStrings ? ['<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'] : []),
  ];
  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    overrides.join('') +
    '</Types>';
  // [Content_Types].xml first, as Excel writes it; a fixed date so the same input gives the same bytes.
  const ordered: Record<string, Uint8Array> = { '[Content_Types].xml': strToU8(contentTypes), '_rels/.rels': files['_rels/.rels']! };
  for (const [k, v] of Object.entries(files)) if (!(k in ordered)) ordered[k] = v;
  return zipSync(ordered, { level: 6, mtime: new Date(2020, 0, 1) });
}
