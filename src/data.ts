/**
 * The data layer's one entry point: read the folder, validate every file,
 * return the valid records with every data error and notice. Never throws
 * for bad input.
 */
import type { ForcedEncoding } from './load/encoding.js';
import { readFolder } from './load/folder.js';
import type { Dataset, DataError, Notice, TableData } from './model.js';
import type { TableName } from './contract/tables.js';
import { BUILT_IN, type Contract } from './contract/contract.js';
import { slotOfFile } from './contract/sheets.js';
import { internal, validateFolder } from './validate/index.js';
import { MemoryExhausted } from './load/memory.js';

/** Where loading is: the file being validated, its rows so far, and bytes of the folder's tables done out of all. */
export interface LoadProgress {
  file: string;
  rows: number;
  /** Bytes of the table files validated so far (within the current file: estimated from the position reached). */
  bytes: number;
  totalBytes: number;
}

export interface LoadOptions {
  encoding?: ForcedEncoding;
  /**
   * Called while tables are validated: at most every ~100 ms of work (looked
   * at every 4,096 rows), and once when each table file is done. Costs nothing
   * when absent. It must not throw: an exception is reported as an internal error
   * of the file being read.
   */
  onProgress?: (p: LoadProgress) => void;
  /** The contract to read the folder by: the built-in one, or a rule pack's with the data it declares. */
  contract?: Contract;
  /** A CSV file bigger than this is read in chunks of this size (default 64 MB; tests force it small: src/load/stream.ts). */
  chunkBytes?: number;
}

export async function loadData(dir: string, opts: LoadOptions = {}): Promise<{ dataset: Dataset; errors: DataError[]; notices: Notice[] }> {
  const errors: DataError[] = [];
  const notices: Notice[] = [];
  let dataset: Dataset;
  const contract = opts.contract ?? BUILT_IN;
  try {
    const read = await readFolder(dir, { encoding: opts.encoding, contract, ...(opts.chunkBytes ? { chunkBytes: opts.chunkBytes } : {}) });
    errors.push(...read.errors);
    notices.push(...read.notices);
    dataset = validateFolder(read.raw, errors, notices, opts.onProgress, contract);
  } catch (e) {
    // Not a problem of the data: the CLI says how much memory the run needs.
    if (e instanceof MemoryExhausted) throw e;
    errors.push(internal(dir, e));
    dataset = emptyDataset(dir, contract);
  }
  return { dataset, errors: inFileOrder(dir, errors, contract), notices };
}

/** Errors by file (folder first, then manifest, town and the tables in contract order), by line within a file. */
function inFileOrder(dir: string, errors: DataError[], contract: Contract): DataError[] {
  const order = new Map(['manifest', 'town', ...contract.tableNames].map((s, i) => [s, i]));
  const rank = (file: string) => (file === dir ? -1 : (order.get(slotOfFile(file, contract) ?? file.split('.')[0]!.toLowerCase()) ?? order.size));
  return errors
    .map((e, i) => ({ e, i, r: rank(e.file) }))
    .sort((a, b) => a.r - b.r || (a.e.line ?? 0) - (b.e.line ?? 0) || a.i - b.i)
    .map((x) => x.e);
}

function emptyDataset(dir: string, contract: Contract): Dataset {
  const tables = {} as Record<TableName, TableData>;
  for (const t of contract.tableNames) tables[t] = { table: t, file: null, columns: new Set(), records: [], lines: [], rowCount: 0, rejected: 0 };
  return { dir, manifest: null, town: null, townColumns: new Set(), tables, inputs: [], contract };
}
