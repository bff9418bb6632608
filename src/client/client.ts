// WorkatoClient: one transport (pacing, retries, safe creates, typed errors) for one API token,
// and an endpoint module per Workato resource on it (`customOAuthProfiles`).

import { CustomOAuthProfiles, type Profile, type ProfilePayload, type WrittenProfile } from './custom-oauth-profiles';
import { Transport, type RequestOptions, type TransportOptions } from './transport';

export type { Profile, ProfilePayload, WrittenProfile } from './custom-oauth-profiles';
export {
  DEFAULT_CANCEL_CHECK_TIMEOUT_MS,
  DEFAULT_CREATE_SETTLE_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_REQUESTS_PER_MINUTE,
  DEFAULT_USER_AGENT,
  type ClientLogger,
  type RequestOptions,
} from './transport';
export { MAX_PER_PAGE } from './paging';
export { checkApiToken } from './config';

export type WorkatoClientOptions = TransportOptions;

export class WorkatoClient {
  readonly baseUrl: string;
  readonly requestsPerMinute: number;
  readonly maxRetries: number;
  readonly requestTimeoutMs: number;
  /** `/api/custom_oauth_profiles`. */
  readonly customOAuthProfiles: CustomOAuthProfiles;

  readonly #transport: Transport;

  constructor(options: WorkatoClientOptions) {
    const transport = new Transport(options);
    this.#transport = transport;
    this.baseUrl = transport.baseUrl;
    this.requestsPerMinute = transport.requestsPerMinute;
    this.maxRetries = transport.maxRetries;
    this.requestTimeoutMs = transport.requestTimeoutMs;
    this.customOAuthProfiles = new CustomOAuthProfiles(transport);
  }

  /** Secrets to redact from every later error and log line (see Transport.rememberSecrets). */
  rememberSecrets(secrets: ReadonlyArray<string | null | undefined>): void {
    this.#transport.rememberSecrets(secrets);
  }

  // Shorthands for `customOAuthProfiles.*`, the one resource so far.

  /** One page of profiles (page ≥ 1, 1 ≤ perPage ≤ 100). */
  listProfilesPage(page: number, perPage?: number, opts?: RequestOptions): Promise<Profile[]> {
    return this.customOAuthProfiles.listPage(page, perPage, opts);
  }

  /** Every profile, page by page. */
  listProfiles(opts?: RequestOptions): Promise<Profile[]> {
    return this.customOAuthProfiles.list(opts);
  }

  /** Every profile, one page of 100 at a time as the caller asks for them (see `customOAuthProfiles.pages`). */
  profilePages(opts?: RequestOptions): AsyncGenerator<Profile[], void, undefined> {
    return this.customOAuthProfiles.pages(opts);
  }

  /** One profile, from the listing shared by every read of this client when it pays off. */
  readProfile(id: number, opts?: RequestOptions): Promise<Profile> {
    return this.customOAuthProfiles.read(id, opts);
  }

  /** Every profile, from the shared listing. */
  readAllProfiles(opts?: RequestOptions): Promise<Profile[]> {
    return this.customOAuthProfiles.readAll(opts);
  }

  /** One profile by GET /:id; NotFoundError when there is none with this id. */
  getProfile(id: number, opts?: RequestOptions): Promise<Profile> {
    return this.customOAuthProfiles.get(id, opts);
  }

  /** Creates a profile, safely (see safe-create.ts). */
  createProfile(payload: ProfilePayload, opts?: RequestOptions): Promise<WrittenProfile> {
    return this.customOAuthProfiles.create(payload, opts);
  }

  /** Replaces a profile's name, provider and data. */
  updateProfile(id: number, payload: ProfilePayload, opts?: RequestOptions): Promise<WrittenProfile> {
    return this.customOAuthProfiles.update(id, payload, opts);
  }

  /** Deletes a profile; NotFoundError when there is none. */
  deleteProfile(id: number, opts?: RequestOptions): Promise<void> {
    return this.customOAuthProfiles.delete(id, opts);
  }
}
