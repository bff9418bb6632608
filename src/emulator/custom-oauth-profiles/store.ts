// The emulator's profiles: ids, timestamps, create/replace/patch/delete, the public view without
// secrets, and persistence to the state file on every write (before memory changes: when saving
// fails, nothing changed).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyChange, StateFile, type Change, type EmulatorState } from './state-file';
import type { ModifyPatch, PublicProfile, StoredProfile } from './types';
import type { ProfileFields } from './validation';

export interface ProfileStoreOptions {
  userId: number;
  firstId: number;
  now: () => Date;
  stateFile?: string;
}

/** Workato's timestamp format: milliseconds and a numeric offset ("…T18:50:32.986+00:00"). */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, '+00:00');
}

/** What every endpoint returns: built from an allow-list, so a secret can never slip through. */
export function toPublicProfile(p: StoredProfile): PublicProfile {
  return {
    id: p.id,
    user_id: p.user_id,
    name: p.name,
    provider: p.provider,
    data: { client_id: p.data.client_id },
    shared_accounts_count: p.shared_accounts_count,
    oem_customers_count: p.oem_customers_count,
    created_at: p.created_at,
    updated_at: p.updated_at,
  };
}

export function copyProfile(p: StoredProfile): StoredProfile {
  return { ...p, data: { ...p.data } };
}

export class ProfileStore {
  /** Ids only grow, so insertion order is id order. */
  private readonly profiles = new Map<number, StoredProfile>();
  private nextId: number;
  private readonly stateFile: StateFile | undefined;

  constructor(private readonly options: ProfileStoreOptions) {
    this.nextId = options.firstId;
    if (options.stateFile !== undefined) {
      fs.mkdirSync(path.dirname(path.resolve(options.stateFile)), { recursive: true });
      this.stateFile = new StateFile(options.stateFile);
      const state = this.stateFile.load();
      if (state !== undefined) {
        for (const p of state.profiles) this.profiles.set(p.id, p);
        const maxId = state.profiles.reduce((max, p) => Math.max(max, p.id), 0);
        this.nextId = Math.max(state.nextId, maxId + 1, options.firstId);
      }
    }
  }

  /** Every profile in id order (the stored objects: callers copy before handing them out). */
  list(): StoredProfile[] {
    return [...this.profiles.values()];
  }

  get(id: number): StoredProfile | undefined {
    return this.profiles.get(id);
  }

  create(fields: ProfileFields, counts: { shared_accounts_count?: number; oem_customers_count?: number } = {}): StoredProfile {
    const stamp = formatTimestamp(this.options.now());
    const profile: StoredProfile = {
      id: this.nextId,
      user_id: this.options.userId,
      name: fields.name,
      provider: fields.provider,
      data: { client_id: fields.client_id, client_secret: fields.client_secret },
      shared_accounts_count: counts.shared_accounts_count ?? 0,
      oem_customers_count: counts.oem_customers_count ?? 0,
      created_at: stamp,
      updated_at: stamp,
    };
    if (fields.token !== undefined) profile.data.token = fields.token;
    this.commit({ op: 'put', next_id: profile.id + 1, profile });
    return profile;
  }

  /**
   * PUT: the payload replaces every writable field, so a token left out is removed. Like Rails,
   * `updated_at` moves only when something stored changed (secrets included).
   */
  replace(id: number, fields: ProfileFields): StoredProfile | undefined {
    const current = this.profiles.get(id);
    if (current === undefined) return undefined;
    const unchanged =
      current.name === fields.name &&
      current.provider === fields.provider &&
      current.data.client_id === fields.client_id &&
      current.data.client_secret === fields.client_secret &&
      current.data.token === fields.token;
    if (unchanged) return current;
    const next: StoredProfile = {
      ...current,
      name: fields.name,
      provider: fields.provider,
      data: { client_id: fields.client_id, client_secret: fields.client_secret },
      updated_at: formatTimestamp(this.options.now()),
    };
    if (fields.token !== undefined) next.data.token = fields.token;
    this.commit({ op: 'put', next_id: this.nextId, profile: next });
    return next;
  }

  /** An out-of-band edit: always bumps `updated_at`. The caller validates the result first. */
  patch(id: number, patch: ModifyPatch): StoredProfile | undefined {
    const current = this.profiles.get(id);
    if (current === undefined) return undefined;
    const next = patched(current, patch);
    next.updated_at = formatTimestamp(this.options.now());
    this.commit({ op: 'put', next_id: this.nextId, profile: next });
    return next;
  }

  delete(id: number): boolean {
    if (!this.profiles.has(id)) return false;
    this.commit({ op: 'delete', next_id: this.nextId, id });
    return true;
  }

  clear(): void {
    this.commit({ op: 'clear', next_id: this.options.firstId });
  }

  /** Compacts the state file's journal, if there is one, into its snapshot (best effort). */
  close(): void {
    this.stateFile?.close(this.state());
  }

  /**
   * Saves a change, then applies it; when saving fails it throws and nothing changed. Stored
   * objects are replaced, never mutated. A write costs what the change costs: one journal line
   * (or the whole file while the state is small), and O(1) in memory.
   */
  private commit(change: Change): void {
    this.stateFile?.record(change, this.profiles);
    applyChange(this.profiles, change);
    this.nextId = change.next_id;
    if (this.stateFile?.wantsCompaction()) this.stateFile.compact(this.state());
  }

  private state(): EmulatorState {
    return { nextId: this.nextId, profiles: this.list() };
  }
}

/** The profile a patch would produce; `token: null` removes the token. */
export function patched(current: StoredProfile, patch: ModifyPatch): StoredProfile {
  const next = copyProfile(current);
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.provider !== undefined) next.provider = patch.provider;
  if (patch.client_id !== undefined) next.data.client_id = patch.client_id;
  if (patch.client_secret !== undefined) next.data.client_secret = patch.client_secret;
  if (patch.token === null) delete next.data.token;
  else if (patch.token !== undefined) next.data.token = patch.token;
  if (patch.shared_accounts_count !== undefined) next.shared_accounts_count = patch.shared_accounts_count;
  if (patch.oem_customers_count !== undefined) next.oem_customers_count = patch.oem_customers_count;
  return next;
}
