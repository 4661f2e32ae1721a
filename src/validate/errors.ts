/** DataError construction: one shape for every defect, values cut to a readable length. */
import type { DataCode, DataError } from '../model.js';

const MAX_VALUE = 200;

/** The value as written, cut beyond 200 characters (a 10 MB cell must not reach a report whole). */
export function shown(s: string): string {
  return s.length > MAX_VALUE ? s.slice(0, MAX_VALUE) + '…' : s;
}

export function dataError(
  file: string,
  line: number | null,
  column: string | null,
  value: string | null,
  code: DataCode,
  args: DataError['args'],
): DataError {
  // A header or YAML key is as written too (a 1 MB header cell): cut here, whichever check names it.
  return { file, line, column: column === null ? null : shown(column), value, code, args };
}
