/** The check kinds a rule pack may use, by name. Few kinds, many rules. */
import type { CheckKind } from '../kind.js';
import { average } from './average.js';
import { change } from './change.js';
import { count } from './count.js';
import { each } from './each.js';
import { monthly } from './monthly.js';
import { newRecords } from './new.js';
import { share } from './share.js';
import { sum } from './sum.js';

export const CHECK_KINDS: Readonly<Record<string, CheckKind<any>>> = {
  share,
  count,
  sum,
  each,
  average,
  monthly,
  change,
  new: newRecords,
};
