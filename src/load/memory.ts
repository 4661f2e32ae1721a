/**
 * Memory as a limit the user can act on. Tables are kept as typed columns,
 * mostly outside V8's heap (src/store), but what does not repeat (a note of
 * its own on every household, the values of a dictionary column) is in it,
 * and a very large export can outgrow it; V8 then aborts with its own stack
 * trace. Reading stops instead, a little before the limit, and the CLI says
 * how much memory the run needed and how to give it more (bin/hebao-check.js
 * already raises the limit for big folders, up to three quarters of the
 * machine's memory).
 */
import { getHeapStatistics } from 'node:v8';

export class MemoryExhausted extends Error {
  constructor(
    readonly usedMb: number,
    readonly limitMb: number,
    readonly file: string,
  ) {
    super(`memory: ${usedMb} of ${limitMb} MB used reading ${file}`);
  }
}

/**
 * Past this share of the heap limit, reading stops. The heap V8 has taken
 * (not only what is live) is compared: near the limit it spends its time in
 * full collections and a large array's growth can fail between two looks.
 */
const HEADROOM = 0.75;

/**
 * Throws MemoryExhausted when the heap is close to its limit, or when what is
 * taken and `reserve` (bytes a structure may ask for at once as it grows, see
 * TableStore.heapReserve) would be. Cheap: called every few thousand rows.
 */
export function checkMemory(file: string, reserve = 0): void {
  const s = getHeapStatistics();
  const taken = Math.max(s.used_heap_size, s.total_heap_size);
  if (taken + reserve > s.heap_size_limit * HEADROOM) {
    throw new MemoryExhausted(Math.round(taken / 1048576), Math.round(s.heap_size_limit / 1048576), file);
  }
}
