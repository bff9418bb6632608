// The custom OAuth profile resource of the emulator: its endpoints for the route table (list,
// create, show, update, delete under /api/custom_oauth_profiles) and its out-of-band hooks (seed,
// modify), on the store beside this file.

import { message, ok, validationFailed, type Reply } from '../http';
import { pageOf } from '../paging';
import type { Endpoint, EndpointRequest } from '../routes';
import { copyProfile, patched, ProfileStore, toPublicProfile, type ProfileStoreOptions } from './store';
import type { ModifyPatch, SeedInput, StoredProfile } from './types';
import { describeErrors, validatePayload, type ProfileFields } from './validation';

const COLLECTION_PATH = '/api/custom_oauth_profiles';
const MEMBER_PATH = /^\/api\/custom_oauth_profiles\/([^/]+)$/;

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  }
}

export class CustomOAuthProfiles {
  private readonly store: ProfileStore;
  /** Methods in the order `Allow` lists them. */
  readonly endpoints: readonly Endpoint[] = [
    { path: COLLECTION_PATH, methods: { GET: (req) => this.list(req), POST: (req) => this.create(req) } },
    {
      path: MEMBER_PATH,
      methods: { GET: (req) => this.show(req), PUT: (req) => this.update(req), DELETE: (req) => this.destroy(req) },
    },
  ];

  constructor(options: ProfileStoreOptions) {
    this.store = new ProfileStore(options);
  }

  // --- endpoints ---------------------------------------------------------------------------

  private list(req: EndpointRequest): Reply {
    return pageOf(this.store.list().map(toPublicProfile), req.query);
  }

  private create(req: EndpointRequest): Reply {
    const payload = this.payload(req);
    if (!payload.ok) return payload.reply;
    return ok(toPublicProfile(this.store.create(payload.fields)));
  }

  private show(req: EndpointRequest): Reply {
    const profile = this.find(req);
    return profile === undefined ? this.notFound(req.params[0]) : ok(toPublicProfile(profile));
  }

  /** A PUT to an unknown id is a 404 before the payload is validated. */
  private update(req: EndpointRequest): Reply {
    const profile = this.find(req);
    if (profile === undefined) return this.notFound(req.params[0]);
    const payload = this.payload(req);
    if (!payload.ok) return payload.reply;
    const updated = this.store.replace(profile.id, payload.fields);
    return updated === undefined ? this.notFound(String(profile.id)) : ok(toPublicProfile(updated));
  }

  private destroy(req: EndpointRequest): Reply {
    const profile = this.find(req);
    if (profile === undefined) return this.notFound(req.params[0]);
    this.store.delete(profile.id);
    return ok({ success: true });
  }

  /** The profile the path names. Ids are integers: anything else names no profile, as an unknown id. */
  private find(req: EndpointRequest): StoredProfile | undefined {
    const rawId = req.params[0];
    const id = /^\d+$/.test(rawId) ? Number(rawId) : NaN;
    return Number.isSafeInteger(id) ? this.store.get(id) : undefined;
  }

  private notFound(rawId: string): Reply {
    return message(404, `Not found: no custom OAuth profile with id ${rawId}`);
  }

  private payload(req: EndpointRequest): { ok: true; fields: ProfileFields } | { ok: false; reply: Reply } {
    if (req.malformed) return { ok: false, reply: message(400, 'Malformed JSON in request body') };
    // An empty body reads as an empty object, so the answer lists every missing field.
    const result = validatePayload(req.raw.length === 0 ? {} : req.json);
    return result.ok ? result : { ok: false, reply: validationFailed(result.errors) };
  }

  // --- inspection and out-of-band changes, as if someone used the Workato UI ----------------

  /** Every profile in id order, as copies with their secrets. */
  profiles(): StoredProfile[] {
    return this.store.list().map(copyProfile);
  }

  profile(id: number): StoredProfile | undefined {
    const p = this.store.get(id);
    return p === undefined ? undefined : copyProfile(p);
  }

  remove(id: number): boolean {
    return this.store.delete(id);
  }

  /** On the emulator's close: compacts the state file's journal into its snapshot (best effort). */
  close(): void {
    this.store.close();
  }

  /** Forgets every profile; ids restart at `firstId`. */
  clear(): void {
    this.store.clear();
  }

  seed(input: SeedInput): StoredProfile {
    checkCount('shared_accounts_count', input.shared_accounts_count);
    checkCount('oem_customers_count', input.oem_customers_count);
    const result = validatePayload({
      name: input.name,
      provider: input.provider,
      data: { client_id: input.client_id, client_secret: input.client_secret, token: input.token },
    });
    if (!result.ok) throw new TypeError(`seed: invalid profile: ${describeErrors(result.errors)}`);
    return copyProfile(this.store.create(result.fields, input));
  }

  modify(id: number, patch: ModifyPatch): StoredProfile {
    const current = this.store.get(id);
    if (current === undefined) throw new Error(`modify: no custom OAuth profile with id ${id}`);
    checkCount('shared_accounts_count', patch.shared_accounts_count);
    checkCount('oem_customers_count', patch.oem_customers_count);
    const next = patched(current, patch);
    // The Workato UI enforces the API's rules, so an out-of-band edit cannot break them either.
    const result = validatePayload({ name: next.name, provider: next.provider, data: next.data });
    if (!result.ok) throw new TypeError(`modify: invalid profile: ${describeErrors(result.errors)}`);
    const updated = this.store.patch(id, patch);
    if (updated === undefined) throw new Error(`modify: no custom OAuth profile with id ${id}`);
    return copyProfile(updated);
  }
}
