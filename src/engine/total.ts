/**
 * An exact running total of figures, for the hot loops of the check kinds (a
 * share over a million households adds a weight per household, twice).
 *
 * Whole figures (counts, people, any weight without a fraction) are added as
 * JS numbers while the total stays a safe integer, where doubles are exact;
 * anything else (a fraction, a total past 2^53) goes into an exact decimal.
 * The value is the same decimal as adding every figure with big.js, without
 * a big.js object per record.
 */
import { dec, type Decimal } from '../text/decimal.js';

export class Total {
  /** The whole figures added so far, exact (a safe integer). */
  private whole = 0;
  /** The rest, exactly; null while there is none. */
  private rest: Decimal | null = null;

  /** Adds a figure: a cell's JS number or an exact decimal. */
  add(x: number | Decimal): void {
    if (typeof x === 'number' && Number.isSafeInteger(x)) {
      const next = this.whole + x;
      // Two safe integers whose sum is a safe integer: the double sum is exact.
      if (Number.isSafeInteger(next)) {
        this.whole = next;
        return;
      }
    }
    const d = typeof x === 'number' ? dec(x) : x;
    this.rest = this.rest ? this.rest.plus(d) : d;
  }

  /** This total and another, as a new total. */
  plus(other: Total): Total {
    const t = new Total();
    t.add(this.whole);
    t.add(other.whole);
    if (this.rest) t.add(this.rest);
    if (other.rest) t.add(other.rest);
    return t;
  }

  /** The total as a JS number when every figure added was whole (it is then exact), else null. */
  exactNumber(): number | null {
    return this.rest === null ? this.whole : null;
  }

  /** The total exactly: a JS number when every figure added was whole, else a decimal. */
  figure(): number | Decimal {
    return this.rest === null ? this.whole : this.value;
  }

  isZero(): boolean {
    return this.rest === null ? this.whole === 0 : this.value.eq(0);
  }

  /** The total as an exact decimal. */
  get value(): Decimal {
    return this.rest ? this.rest.plus(this.whole) : dec(this.whole);
  }
}
