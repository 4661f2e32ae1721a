/** Display-width helpers for CJK text in fixed-width terminals. */
import stringWidth from 'string-width';

export function displayWidth(s: string): number {
  return stringWidth(s);
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - stringWidth(s)));
}
