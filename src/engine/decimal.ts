/**
 * The engine's name for exact decimals: they live in src/text/decimal.ts, one
 * module for the engine's verdicts and the reports' figures alike, so a
 * figure is judged and printed from the same decimal.
 */
export { compare, dec, ratio, shareAtLeast, sum, toNumber, type Comparison, type Decimal } from '../text/decimal.js';
