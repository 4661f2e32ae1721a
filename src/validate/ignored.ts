/**
 * Unknown columns and keys are ignored with a notice (data contract); a file
 * with a million of them gets the first few, one notice each, and one notice
 * counting the rest, not a million notices (25 s, 3 GB and a 252 MB report).
 */
import type { Notice } from '../model.js';

/** How many ignored columns (or keys) of a file are listed one by one. */
export const IGNORED_LISTED = 5;

/** Adds the first IGNORED_LISTED of `ignored` to `notices`, then `more(count of the rest, IGNORED_LISTED)` if any are left. */
export function pushIgnored(notices: Notice[], ignored: readonly Notice[], more: (count: number, shown: number) => Notice): void {
  const n = Math.min(ignored.length, IGNORED_LISTED);
  for (let i = 0; i < n; i++) notices.push(ignored[i]!);
  if (ignored.length > IGNORED_LISTED) notices.push(more(ignored.length - IGNORED_LISTED, IGNORED_LISTED));
}
