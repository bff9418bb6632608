// The custom OAuth profile endpoints (`/api/custom_oauth_profiles`): the record and payload
// types, their paths and id checks, the answers' shapes, and which payload fields are secrets.

import { MalformedAnswerError, UnexpectedResponseError, UnreadableWriteAnswerError, type WorkatoErrorInit } from './errors';
import { checkPage, listAll, MAX_PER_PAGE, type Page, walkPages } from './paging';
import { FieldReader, unwrapList, unwrapResult } from './response';
import { SafeCreate } from './safe-create';
import { SharedListing, type ListingStats } from './shared-listing';
import type { RequestOptions, ResponseMeta, Transport } from './transport';

/**
 * A custom OAuth profile as Workato returns it (secrets are never returned). Counts and timestamps
 * an answer leaves out or sends as null are null: they are not worth failing over.
 */
export interface Profile {
  id: number;
  /** Null only in a write's answer that could not be fully read (see WrittenProfile). */
  user_id: number | null;
  name: string;
  provider: string;
  data: { client_id: string };
  shared_accounts_count: number | null;
  oem_customers_count: number | null;
  created_at: string | null;
  updated_at: string | null;
}

/**
 * The profile a create or update made. A 2xx answer means the write took effect even when the
 * answer cannot be fully read: then `unreadAnswer` says what was wrong with it, and the profile
 * holds its id (from the answer, the request, or a listing) with what was sent and null for the
 * rest, which the next read fills in.
 */
export interface WrittenProfile extends Profile {
  unreadAnswer?: string;
}

/** The body of a create or an update (PUT replaces the whole profile). */
export interface ProfilePayload {
  name: string;
  provider: string;
  data: { client_id: string; client_secret: string; token?: string };
}

export const PROFILES_PATH = '/api/custom_oauth_profiles';

/** The payload fields the redactor keeps out of errors and logs. */
export function payloadSecrets(payload: ProfilePayload): Array<string | undefined> {
  return [payload?.data?.client_secret, payload?.data?.token];
}

/** `/api/custom_oauth_profiles`, as `client.customOAuthProfiles`. */
export class CustomOAuthProfiles {
  readonly #transport: Transport;
  readonly #safeCreate: SafeCreate<Profile, ProfilePayload>;
  readonly #shared: SharedListing<Profile>;

  constructor(transport: Transport) {
    this.#transport = transport;
    this.#safeCreate = new SafeCreate(transport, {
      path: PROFILES_PATH,
      key: (p) => JSON.stringify([p?.name, p?.provider, p?.data?.client_id]),
      matches: (r, p) => r.name === p.name && r.provider === p.provider && r.data.client_id === p.data.client_id,
      createdAt: (r) => r.created_at,
      listAll: (signal) => this.#listAll(signal, true),
      unreadable: (r, problem) => ({ ...r, unreadAnswer: problem }),
    });
    this.#shared = new SharedListing<Profile>({
      perPage: MAX_PER_PAGE,
      now: () => transport.clock.now(),
      path: PROFILES_PATH,
      url: (page) => transport.url(PROFILES_PATH, { page, per_page: MAX_PER_PAGE }),
      fetchPage: async (page, signal) => (await this.#page(page, MAX_PER_PAGE, signal)).items,
      get: (id, signal) => this.get(id, { signal }),
      listAll: async (signal) => (await this.#listAll(signal, false)).items,
    });
  }

  /**
   * One profile, served from a listing shared by every read of this client when that costs
   * fewer requests than GET /:id each (see shared-listing.ts); NotFoundError when GET /:id
   * confirms there is none. Any write through this client makes the listing stale.
   */
  async read(id: number, opts: RequestOptions = {}): Promise<Profile> {
    checkId(id);
    return this.#shared.read(id, opts.signal);
  }

  /** Every profile, from the shared listing: later reads are served from the same pages. */
  readAll(opts: RequestOptions = {}): Promise<Profile[]> {
    return this.#shared.all(opts.signal);
  }

  /** Reads, pages and GETs of the shared listing so far. */
  get readStats(): Readonly<ListingStats> {
    return this.#shared.stats;
  }

  /** One page of profiles (page ≥ 1, 1 ≤ perPage ≤ 100). */
  async listPage(page: number, perPage: number = MAX_PER_PAGE, opts: RequestOptions = {}): Promise<Profile[]> {
    checkPage(page, perPage);
    return (await this.#page(page, perPage, opts.signal)).items;
  }

  /**
   * Every profile: walks the pages (asking for 100 each) until an empty page or one shorter than
   * 100, so a server that serves fewer per page is walked to the end too.
   */
  async list(opts: RequestOptions = {}): Promise<Profile[]> {
    return (await this.#listAll(opts.signal, false)).items;
  }

  /**
   * Every profile, page by page as the caller asks for them: one request of 100 per page, with the
   * walk and bounds of `list` and the transport's pacing and retries. A caller that stops early
   * (`break`, `return`) sends no further request, and its signal aborts the page in flight. Each
   * page holds the profiles not seen on an earlier one; the last is shorter than 100 (maybe empty).
   */
  async *pages(opts: RequestOptions = {}): AsyncGenerator<Profile[], void, undefined> {
    const walk = walkPages((page, perPage) => this.#page(page, perPage, opts.signal), {
      path: PROFILES_PATH,
      url: (page) => this.#transport.url(PROFILES_PATH, { page, per_page: MAX_PER_PAGE }),
      now: () => this.#transport.clock.now(),
    });
    for await (const { items } of walk) yield items;
  }

  /**
   * One profile; NotFoundError when there is none with this id, UnexpectedResponseError
   * ('wrong-id') when the answer is about another profile.
   */
  async get(id: number, opts: RequestOptions = {}): Promise<Profile> {
    checkId(id);
    return this.#transport.execute<Profile>({
      method: 'GET',
      path: `${PROFILES_PATH}/${id}`,
      signal: opts.signal,
      redact: this.#transport.redactToken,
      parse: (json, _meta, init) => sameId(toProfile(unwrapResult(json, init), init), id, init),
    });
  }

  /**
   * Creates a profile: one POST, sent again only once a listing shows that a failed attempt did
   * not create it (see safe-create.ts). A profile with the same name, provider and client_id
   * created after the attempt was sent counts as the one it made.
   */
  async create(payload: ProfilePayload, opts: RequestOptions = {}): Promise<WrittenProfile> {
    this.#shared.invalidate();
    return this.#written(this.#safeCreate.create(payload, {
      method: 'POST',
      path: PROFILES_PATH,
      body: payload,
      signal: opts.signal,
      redact: this.#transport.redactorFor(payloadSecrets(payload)),
      notFound: 'misrouted',
      parse: (json, _meta, init) => toWrittenProfile(json, init, payload),
      uncertainty:
        `The profile may have been created anyway: look for a profile named ${JSON.stringify(payload.name)} ` +
        `(provider ${JSON.stringify(payload.provider)}, client_id ${JSON.stringify(payload.data.client_id)}) before creating it again.`,
      notCommittedNote: 'Workato shows no profile created by it.',
    }));
  }

  /**
   * Replaces a profile's name, provider and data (secrets included: PUT takes the whole payload).
   * A 2xx answer that cannot be fully read still means the update took effect (see
   * WrittenProfile); one about another profile is an UnexpectedResponseError ('wrong-id').
   */
  async update(id: number, payload: ProfilePayload, opts: RequestOptions = {}): Promise<WrittenProfile> {
    checkId(id);
    this.#shared.invalidate();
    return this.#written(
      this.#transport.execute<WrittenProfile>({
        method: 'PUT',
        path: `${PROFILES_PATH}/${id}`,
        body: payload,
        signal: opts.signal,
        redact: this.#transport.redactorFor(payloadSecrets(payload)),
        parse: (json, _meta, init) => toWrittenProfile(json, init, payload, id),
      }),
    );
  }

  /**
   * Deletes a profile; NotFoundError when there is none. A 404 on a retry, after an attempt that
   * may have been committed (timeout, reset, 5xx), means that attempt did the job: success.
   */
  async delete(id: number, opts: RequestOptions = {}): Promise<void> {
    checkId(id);
    this.#shared.invalidate();
    await this.#written(
      this.#transport.execute<void>({
        method: 'DELETE',
        path: `${PROFILES_PATH}/${id}`,
        signal: opts.signal,
        redact: this.#transport.redactToken,
        parse: () => undefined,
        doneWhenGone: () => undefined,
      }),
    );
  }

  /** A write makes the shared listing stale before it is sent and again once it has ended. */
  async #written<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.#shared.invalidate();
    }
  }

  #page(page: number, perPage: number, signal?: AbortSignal): Promise<Page<Profile>> {
    return this.#transport.execute({
      method: 'GET',
      path: PROFILES_PATH,
      query: { page, per_page: perPage },
      signal,
      redact: this.#transport.redactToken,
      notFound: 'misrouted',
      parse: (json, meta: ResponseMeta, init) => ({ items: unwrapList(json, init).map((p) => toProfile(p, init)), meta }),
    });
  }

  #listAll(signal: AbortSignal | undefined, recheckTail: boolean): Promise<{ items: Profile[]; meta: ResponseMeta }> {
    return listAll((page, perPage) => this.#page(page, perPage, signal), {
      recheckTail,
      path: PROFILES_PATH,
      url: (page) => this.#transport.url(PROFILES_PATH, { page, per_page: MAX_PER_PAGE }),
      now: () => this.#transport.clock.now(),
    });
  }
}

export function checkId(id: number): void {
  if (!(Number.isSafeInteger(id) && id >= 1)) throw new RangeError(`profile id must be a positive integer, got ${id}`);
}

/**
 * A profile from its JSON: every documented field must be there with its type (a missing one is
 * an UnexpectedResponseError, never a default). Copies only those fields, so a secret the server
 * might echo never travels further.
 */
export function toProfile(value: unknown, init: WorkatoErrorInit): Profile {
  const p = new FieldReader(value, 'profile', init);
  return {
    id: p.integer('id'),
    user_id: p.integer('user_id'),
    name: p.string('name'),
    provider: p.string('provider'),
    data: { client_id: p.object('data').string('client_id') },
    shared_accounts_count: p.optionalInteger('shared_accounts_count'),
    oem_customers_count: p.optionalInteger('oem_customers_count'),
    created_at: p.optionalString('created_at'),
    updated_at: p.optionalString('updated_at'),
  };
}

/** The profile itself when it is the one asked for; an UnexpectedResponseError ('wrong-id') when not. */
function sameId<T extends { id: number }>(profile: T, id: number, init: WorkatoErrorInit): T {
  if (profile.id !== id) throw wrongId(init, id, profile.id);
  return profile;
}

function wrongId(init: WorkatoErrorInit, asked: number, answered: unknown): UnexpectedResponseError {
  return new UnexpectedResponseError(
    init,
    'wrong-id',
    `asked about profile ${asked}, the answer is about profile ${typeof answered === 'number' ? answered : JSON.stringify(answered)}`,
  );
}

/**
 * The profile of a 2xx answer to a create (`id` undefined) or an update of `id`: the whole profile
 * when the answer can be read; else what can be known (see WrittenProfile): the id in the answer,
 * or the one updated; a create's answer without one is an UnreadableWriteAnswerError, for
 * SafeCreate to find the profile by listing. An id other than the one updated is 'wrong-id'.
 */
export function toWrittenProfile(json: unknown, init: WorkatoErrorInit, payload: ProfilePayload, id?: number): WrittenProfile {
  let problem: string;
  try {
    const profile = toProfile(unwrapResult(json, init), init);
    return id === undefined ? profile : sameId(profile, id, init);
  } catch (e) {
    if (!(e instanceof MalformedAnswerError)) throw e;
    problem = e.problem;
  }
  const result = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as { result?: unknown }).result : undefined;
  const fields = result !== null && typeof result === 'object' && !Array.isArray(result) ? (result as Record<string, unknown>) : {};
  const answeredId = Number.isSafeInteger(fields.id) && (fields.id as number) >= 1 ? (fields.id as number) : undefined;
  if (id !== undefined && fields.id !== undefined && fields.id !== id) throw wrongId(init, id, fields.id);
  const known = answeredId ?? id;
  if (known === undefined) throw new UnreadableWriteAnswerError(init, problem);
  const integer = (v: unknown) => (Number.isSafeInteger(v) ? (v as number) : null);
  const string = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: known,
    user_id: integer(fields.user_id),
    // What was sent is what Workato holds now: the answer said the write took effect.
    name: payload.name,
    provider: payload.provider,
    data: { client_id: payload.data.client_id },
    shared_accounts_count: integer(fields.shared_accounts_count),
    oem_customers_count: integer(fields.oem_customers_count),
    created_at: string(fields.created_at),
    updated_at: string(fields.updated_at),
    unreadAnswer: problem,
  };
}
