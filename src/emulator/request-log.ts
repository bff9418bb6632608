// The record of received requests that tests inspect: bounded by a number of requests and by an
// estimate of the memory they hold (the oldest are forgotten first), plus exact counters by method
// that never forget, so `requestCount` stays right however long the emulator runs.

import { matches } from './faults';
import type { FaultMatch, ReceivedRequest } from './types';

/** Default of `maxRecordedRequests`. */
export const DEFAULT_MAX_RECORDED_REQUESTS = 10_000;
/** Default of `maxRecordedBytes` (64 MiB). */
export const DEFAULT_MAX_RECORDED_BYTES = 64 * 1024 * 1024;

/** Checks a recording limit: a non-negative integer, or Infinity. */
export function checkRecordingLimit(name: string, n: number): void {
  if (!(n === Infinity || (Number.isSafeInteger(n) && n >= 0))) {
    throw new RangeError(`${name} must be a non-negative integer or Infinity, got ${n}`);
  }
}

/**
 * About how many bytes a record holds: its strings and body, plus a fixed overhead for the
 * objects. `bodyBytes` is the size of the raw body when the record keeps it, else 0.
 */
export function estimateRecordBytes(record: ReceivedRequest, bodyBytes: number): number {
  let bytes = 256 + record.method.length + record.path.length + bodyBytes;
  for (const [name, value] of Object.entries(record.headers)) bytes += name.length + value.length + 32;
  for (const [name, value] of Object.entries(record.query)) bytes += name.length + value.length + 32;
  return bytes;
}

export class RequestLog {
  /** Records oldest first, from `head` on; the slots before `head` are already forgotten. */
  private entries: ({ record: ReceivedRequest; bytes: number } | undefined)[] = [];
  private head = 0;
  private bytes = 0;
  /** Every request since the start or the last clear, recorded or not. */
  private total = 0;
  /** Per upper-case method; Node only parses known methods, so this map stays small. */
  private readonly byMethod = new Map<string, number>();
  /** Requests counted but no longer (or never) in `entries`. */
  private forgotten = 0;

  constructor(
    private readonly maxRequests: number,
    private readonly maxBytes: number,
  ) {
    checkRecordingLimit('maxRecordedRequests', maxRequests);
    checkRecordingLimit('maxRecordedBytes', maxBytes);
  }

  add(record: ReceivedRequest, bytes: number): void {
    this.total += 1;
    const method = record.method.toUpperCase();
    this.byMethod.set(method, (this.byMethod.get(method) ?? 0) + 1);
    if (this.maxRequests === 0 || bytes > this.maxBytes) {
      this.forgotten += 1;
      return;
    }
    while (this.size >= this.maxRequests || this.bytes + bytes > this.maxBytes) this.dropOldest();
    this.entries.push({ record, bytes });
    this.bytes += bytes;
  }

  /** The recorded requests, oldest first (a new array). */
  list(): ReceivedRequest[] {
    return this.entries.slice(this.head).map((e) => e!.record);
  }

  /**
   * Without a filter or with a method only: exact, from the counters. With a path: counted over
   * the recorded requests, so it throws once some were forgotten rather than answer too low.
   */
  count(filter?: FaultMatch): number {
    if (filter?.path === undefined) {
      return filter?.method === undefined ? this.total : (this.byMethod.get(filter.method.toUpperCase()) ?? 0);
    }
    if (this.forgotten > 0) {
      throw new Error(
        `requestCount: a path filter counts recorded requests only, and ${this.forgotten} of ${this.total} requests are no longer recorded ` +
          `(limits: maxRecordedRequests ${this.maxRequests}, maxRecordedBytes ${this.maxBytes}); raise them, call reset() between tests, or filter by method only`,
      );
    }
    return this.list().filter((r) => matches(filter, r.method, r.path)).length;
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
    this.total = 0;
    this.byMethod.clear();
    this.forgotten = 0;
  }

  private get size(): number {
    return this.entries.length - this.head;
  }

  private dropOldest(): void {
    const oldest = this.entries[this.head]!;
    this.entries[this.head] = undefined;
    this.head += 1;
    this.bytes -= oldest.bytes;
    this.forgotten += 1;
    // Compact now and then, so dropping stays O(1) amortised and forgotten slots are freed.
    if (this.head >= 1024 && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
