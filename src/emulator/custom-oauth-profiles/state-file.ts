// Loading and atomically saving the emulator's state file. The file holds client secrets and
// tokens in plain text (this is a local development emulator), so it is written with mode 0600.

import * as fs from 'node:fs';
import { writeFileAtomically } from '../atomic-file';
import type { StoredProfile } from './types';

export interface EmulatorState {
  nextId: number;
  profiles: StoredProfile[];
}

const FORMAT_VERSION = 1;

/**
 * Reads the state file; undefined when it does not exist. Throws when it is not valid, including
 * when it is empty: saveState never writes an empty file, so one is damage (a crash, a full disk,
 * a truncation), and starting empty would overwrite whatever profiles were lost on the next write.
 */
export function loadState(file: string): EmulatorState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (text.trim() === '') {
    throw new Error(
      `State file ${file} is empty (${text.length === 0 ? 'zero bytes' : 'only whitespace'}), which the emulator never writes: ` +
        'it may have been cut short by a crash. Refusing to start empty and overwrite it; to start fresh, delete the file.',
    );
  }

  const fail = (why: string): never => {
    // Refusing to start beats starting empty and overwriting someone's profiles on the next write.
    throw new Error(`State file ${file} is not a workato-emulator state file: ${why}. To start fresh, delete the file.`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('it is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null) return fail('it is not a JSON object');
  const state = raw as Record<string, unknown>;
  if (state.version !== FORMAT_VERSION) return fail(`unsupported version ${JSON.stringify(state.version)}`);
  if (!Array.isArray(state.profiles)) return fail('"profiles" is not an array');
  const profiles = state.profiles.map((p, i) => checkProfile(p) ?? fail(`profiles[${i}] is not a valid profile`));
  if (!Number.isSafeInteger(state.next_id)) return fail('"next_id" is not an integer');
  profiles.sort((a, b) => a.id - b.id);
  return { nextId: state.next_id as number, profiles };
}

/** Saves the whole state (see writeFileAtomically: a crash leaves the old state or the new one). */
export function saveState(file: string, state: EmulatorState): void {
  const json = JSON.stringify(
    {
      comment: 'workato-emulator state. Holds client secrets and tokens in plain text: local development only.',
      version: FORMAT_VERSION,
      next_id: state.nextId,
      profiles: state.profiles,
    },
    null,
    2,
  );
  writeFileAtomically(file, json + '\n');
}

function checkProfile(value: unknown): StoredProfile | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Record<string, unknown>;
  const data = p.data as Record<string, unknown> | null | undefined;
  const ok =
    Number.isSafeInteger(p.id) &&
    Number.isSafeInteger(p.user_id) &&
    typeof p.name === 'string' &&
    typeof p.provider === 'string' &&
    typeof data === 'object' &&
    data !== null &&
    typeof data.client_id === 'string' &&
    typeof data.client_secret === 'string' &&
    (data.token === undefined || typeof data.token === 'string') &&
    Number.isSafeInteger(p.shared_accounts_count) &&
    Number.isSafeInteger(p.oem_customers_count) &&
    typeof p.created_at === 'string' &&
    typeof p.updated_at === 'string';
  if (!ok) return undefined;
  // Rebuilt member by member so nothing unexpected in the file leaks into answers.
  const profile: StoredProfile = {
    id: p.id as number,
    user_id: p.user_id as number,
    name: p.name as string,
    provider: p.provider as string,
    data: { client_id: data.client_id as string, client_secret: data.client_secret as string },
    shared_accounts_count: p.shared_accounts_count as number,
    oem_customers_count: p.oem_customers_count as number,
    created_at: p.created_at as string,
    updated_at: p.updated_at as string,
  };
  if (typeof data.token === 'string') profile.data.token = data.token;
  return profile;
}
