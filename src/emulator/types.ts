// The emulator's public types: its options, the handle startEmulator returns, recorded requests
// and injectable faults. The custom OAuth profile's own types live in custom-oauth-profiles/.

import type { ModifyPatch, SeedInput, StoredProfile } from './custom-oauth-profiles/types';

export type { ModifyPatch, PublicProfile, SeedInput, StoredProfile } from './custom-oauth-profiles/types';

/** Options of {@link startEmulator}. Every member is optional. */
export interface EmulatorOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port to listen on; 0 picks a free one (read it from `url`). @default 0 */
  port?: number;
  /**
   * The only bearer token accepted. Without it any non-empty bearer token is accepted, and each
   * distinct token gets its own rate-limit window.
   */
  token?: string;
  /**
   * Requests per minute allowed per token (a sliding window over the last 60 s); 0 or Infinity
   * means unlimited. Workato allows 60 across all custom OAuth profile endpoints. @default 60
   */
  requestsPerMinute?: number;
  /**
   * A JSON file to load profiles from at start (when it exists) and to save every write to before
   * it is answered. While the state is small (64 KiB) the file is rewritten whole, atomically; a
   * larger state gets one JSON line per write appended to `<stateFile>.journal` instead, folded
   * back into the file (atomically) once the journal outgrows it and on `close()`. See README.md.
   * Both hold client secrets and tokens in plain text: this is a local development emulator,
   * never point it at real credentials you care about. Written with mode 0600.
   */
  stateFile?: string;
  /** The clock used for timestamps and the rate-limit window; tests inject one. @default () => new Date() */
  now?: () => Date;
  /** `user_id` given to profiles created through the API or `seed`. @default 123 */
  userId?: number;
  /** The first id handed out (ids then increase by one and are never reused). @default 1 */
  firstId?: number;
  /**
   * How many of the most recent requests `requests` keeps; older ones are forgotten first. 0
   * keeps none (the CLI, which never reads them); Infinity keeps all. `requestCount` without a
   * path filter counts every request regardless. @default 10000
   */
  maxRecordedRequests?: number;
  /**
   * A cap on the memory the recorded requests hold, estimated in bytes from their headers, query
   * and kept bodies; the oldest are forgotten first to stay under it. @default 67108864 (64 MiB)
   */
  maxRecordedBytes?: number;
  /**
   * Called once per request after it was answered (or dropped); the CLI logs from it. The record
   * includes the body and headers (secrets, the Authorization header): never log it whole.
   */
  onRequest?: (request: ReceivedRequest) => void;
}

/** One request the emulator received, as recorded for tests. */
export interface ReceivedRequest {
  method: string;
  /** The path without the query string, e.g. "/api/custom_oauth_profiles/3". */
  path: string;
  /** Query parameters; for a repeated name the last value wins (as in Rails). */
  query: Record<string, string>;
  /** Request headers with lower-case names, including Authorization. */
  headers: Record<string, string>;
  /**
   * The parsed JSON body, or undefined when it was empty, malformed or over the size limit, and
   * also when the request was not for an endpoint of the API (404, 405) or did not carry an
   * accepted bearer token: the emulator keeps no bodies that anyone could send it.
   */
  body: unknown;
  /** The status answered; 0 when the connection was dropped by a fault. */
  status: number;
  /** When the request arrived, by the emulator's clock. */
  at: Date;
  /** The `x-correlation-id` sent back (none for a dropped connection, which sends nothing). */
  correlationId: string;
  /** The kind of the fault that fired on this request, if any. */
  fault?: Fault['kind'];
}

/** Which requests a fault (or `requestCount`) applies to; an absent member matches anything. */
export type FaultMatch = {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** The path without query string: a string matches exactly, a RegExp is tested against it. */
  path?: string | RegExp;
};

export type FaultCommon = {
  match?: FaultMatch;
  /** How many requests this fault fires on before it is used up. @default 1 */
  times?: number;
};

/**
 * A fault to inject. Faults are checked in the order they were injected; the first one that
 * matches a request fires on it (one fault per request) and is used up after `times` firings.
 */
export type Fault =
  /** Wait `ms`, then handle the request normally. */
  | ({ kind: 'latency'; ms: number } & FaultCommon)
  /** Answer `status` (with `Retry-After` and `body` when given) without handling the request. */
  | ({ kind: 'status'; status: number; retryAfter?: number; body?: unknown } & FaultCommon)
  /** Destroy the connection without handling the request: nothing is committed. */
  | ({ kind: 'drop' } & FaultCommon)
  /** Handle the request (a write is committed), then destroy the connection without answering. */
  | ({ kind: 'drop-after-commit' } & FaultCommon);

/** The handle of a running emulator. */
export interface Emulator {
  /** Base URL, e.g. "http://127.0.0.1:41234": no trailing slash, no "/api". */
  readonly url: string;
  /** Stops listening and destroys open connections; safe to call twice. */
  close(): Promise<void>;

  /**
   * The requests received so far, in the order they were answered (a snapshot): the most recent
   * `maxRecordedRequests` (default 10,000) within `maxRecordedBytes`.
   */
  readonly requests: ReceivedRequest[];
  /**
   * How many requests match the filter (method case-insensitive; path as in FaultMatch). Without
   * a filter or with a method only, it counts every request since the start or `reset()`, recorded
   * or not. With a path it counts the recorded ones, and throws once any were forgotten (rather
   * than answer too low).
   */
  requestCount(filter?: FaultMatch): number;
  /** Every profile, ordered by id, as deep copies with their secrets. */
  profiles(): StoredProfile[];
  /** One profile with its secrets, or undefined. */
  profile(id: number): StoredProfile | undefined;

  /** Creates a profile out of band (validated like the API does; throws when invalid). */
  seed(input: SeedInput): StoredProfile;
  /** Edits a profile out of band and bumps `updated_at`; throws when it is missing or the result is invalid. */
  modify(id: number, patch: ModifyPatch): StoredProfile;
  /** Deletes a profile out of band; false when there was none. */
  remove(id: number): boolean;
  /**
   * Clears profiles (ids restart at `firstId`), recorded requests, faults and rate-limit windows,
   * and restores `requestsPerMinute` to the value the emulator was started with.
   */
  reset(): void;
  /** Changes the per-token limit from now on (0 or Infinity: unlimited). */
  setRequestsPerMinute(n: number): void;

  /** Adds a fault after those already injected. */
  injectFault(fault: Fault): void;
  /** Removes every fault that has not fired yet. */
  clearFaults(): void;
}
