// Injected faults: checking them when injected, matching them against requests in order, and
// counting down how many more times each one fires.

import type { Fault, FaultMatch } from './types';

/** True when a request with this method and path (no query) matches; an absent member matches all. */
export function matches(match: FaultMatch | undefined, method: string, path: string): boolean {
  if (match === undefined) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path !== undefined) {
    if (typeof match.path === 'string') return match.path === path;
    // A global or sticky RegExp keeps lastIndex between calls; reset it so every test starts fresh.
    match.path.lastIndex = 0;
    return match.path.test(path);
  }
  return true;
}

/** A status fault's body as JSON text; throws a TypeError when it has none. */
function serializeBody(body: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    throw new TypeError(`status fault: body cannot be serialized as JSON: ${(error as Error).message}`);
  }
  // A function, a symbol or a toJSON() returning undefined serializes to nothing at all.
  if (text === undefined) {
    throw new TypeError(
      `status fault: body cannot be serialized as JSON: JSON.stringify gives undefined for it (a ${typeof body}); ` +
        'leave body out for the default {"message": "<reason phrase>"}',
    );
  }
  return text;
}

/** Throws a RangeError/TypeError naming the problem, so a mistyped fault fails the test that made it. */
export function checkFault(fault: Fault): void {
  const times = fault.times ?? 1;
  if (!(times === Infinity || (Number.isInteger(times) && times >= 1))) {
    throw new RangeError(`fault.times must be a positive integer or Infinity, got ${times}`);
  }
  switch (fault.kind) {
    case 'latency':
      if (!(Number.isFinite(fault.ms) && fault.ms >= 0)) throw new RangeError(`latency fault: ms must be a finite number >= 0, got ${fault.ms}`);
      return;
    case 'status':
      if (!(Number.isInteger(fault.status) && fault.status >= 200 && fault.status <= 599)) {
        throw new RangeError(`status fault: status must be an integer from 200 to 599, got ${fault.status}`);
      }
      if (fault.retryAfter !== undefined && !(Number.isInteger(fault.retryAfter) && fault.retryAfter >= 0)) {
        throw new RangeError(`status fault: retryAfter must be a whole number of seconds >= 0, got ${fault.retryAfter}`);
      }
      // Found now rather than when the fault fires, where it could only break the connection.
      if (fault.body !== undefined) serializeBody(fault.body);
      return;
    case 'drop':
    case 'drop-after-commit':
      return;
    default:
      throw new TypeError(`unknown fault kind ${JSON.stringify((fault as { kind: unknown }).kind)}`);
  }
}

export class FaultQueue {
  private faults: { fault: Fault; remaining: number }[] = [];

  add(fault: Fault): void {
    checkFault(fault);
    const copy: Fault = { ...fault };
    // A JSON snapshot of the body: what fires is what was checked, even if the caller's object
    // changes later (a BigInt added, a toJSON that stops returning a value).
    if (copy.kind === 'status' && copy.body !== undefined) copy.body = JSON.parse(serializeBody(copy.body)) as unknown;
    this.faults.push({ fault: copy, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching this request, counted as fired; undefined when none matches. */
  take(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex((f) => matches(f.fault.match, method, path));
    if (index < 0) return undefined;
    const entry = this.faults[index];
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.faults.splice(index, 1);
    return entry.fault;
  }
}
