/**
 * Serialising tables as the offices' tools write them: CSV (RFC 4180 quoting)
 * with English or Chinese headers, in UTF-8, UTF-8 with BOM or GB18030, with
 * LF or CRLF line ends; and YAML lists of records.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import YAML from 'yaml';
import { COLUMNS } from './columns.mjs';

/** Quote a cell when it holds a comma, a quote or a line break (as Excel does; edge spaces stay bare). */
export function csvCell(value) {
  if (value === null || value === undefined) return '';
  const s = String(value);
  if (/[",\r\n]/.test(s)) return '"' + s.replace(/"/g, '""') + '"';
  return s;
}

export function csvLine(cells, eol = '\n') {
  return cells.map(csvCell).join(',') + eol;
}

/**
 * The header cells of a table.
 * style: 'en' (English keys), 'zh' (Chinese headers), or 'zh-padded' (Chinese
 * headers with the stray half- and full-width spaces a hand-edited sheet has).
 */
export function headerCells(table, style) {
  const cols = COLUMNS[table];
  if (style === 'en') return cols.map(([k]) => k);
  if (style === 'zh') return cols.map(([, h]) => h);
  if (style === 'zh-padded') {
    const pads = [' ', '\u3000', '  ', '', ' \u3000'];
    return cols.map(([, h], i) => (i % 3 === 0 ? pads[i % pads.length] + h : i % 3 === 1 ? h + pads[(i + 1) % pads.length] : ' ' + h + ' '));
  }
  throw new Error(`unknown header style ${style}`);
}

function encode(text, encoding) {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf8bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030');
  throw new Error(`unknown encoding ${encoding}`);
}

/** Write rows (objects keyed by English key) as a CSV file. */
export function writeCsv(file, table, rows, { header = 'zh', encoding = 'utf8', eol = '\n' } = {}) {
  const keys = COLUMNS[table].map(([k]) => k);
  let text = csvLine(headerCells(table, header), eol);
  for (const row of rows) text += csvLine(keys.map((k) => row[k]), eol);
  fs.writeFileSync(file, encode(text, encoding));
  return rows.length;
}

/** Write rows as a YAML list of records; empty cells are left out of the record. */
export function writeYamlTable(file, table, rows) {
  const keys = COLUMNS[table].map(([k]) => k);
  const list = rows.map((row) => {
    const rec = {};
    for (const k of keys) if (row[k] !== undefined && row[k] !== null && row[k] !== '') rec[k] = row[k];
    return rec;
  });
  fs.writeFileSync(file, YAML.stringify(list, { lineWidth: 0 }));
  return rows.length;
}

export function writeYaml(file, value, comment) {
  const body = YAML.stringify(value, { lineWidth: 0 });
  fs.writeFileSync(file, (comment ? comment.replace(/^/gm, '# ') + '\n' : '') + body);
}

/**
 * A buffered, back-pressure aware CSV writer for big files: lines are joined
 * into chunks of about 1 MB and written to a stream, so memory stays flat.
 */
export class CsvStream {
  constructor(file, table, { header = 'en', eol = '\n' } = {}) {
    this.keys = COLUMNS[table].map(([k]) => k);
    this.eol = eol;
    this.out = fs.createWriteStream(file);
    this.buf = csvLine(headerCells(table, header), eol);
    this.rows = 0;
  }

  /** Add one row; await the result only when it is a promise (the stream is full). */
  write(row) {
    const keys = this.keys;
    let line = '';
    for (let i = 0; i < keys.length; i++) {
      if (i) line += ',';
      line += csvCell(row[keys[i]]);
    }
    this.buf += line + this.eol;
    this.rows++;
    if (this.buf.length > 1 << 20) return this.flush();
    return undefined;
  }

  flush() {
    const chunk = this.buf;
    this.buf = '';
    if (!this.out.write(chunk)) return new Promise((resolve) => this.out.once('drain', resolve));
    return undefined;
  }

  async close() {
    await this.flush();
    await new Promise((resolve, reject) => this.out.end((err) => (err ? reject(err) : resolve())));
    return this.rows;
  }
}
