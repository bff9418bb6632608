// Stored state as UpgradeResourceState receives it: which formats and schema versions the framework
// reads, and the decoding of a state, for the resource's own upgrade or for the current schema.

import { decodeJson, jsonFitsExactly, parseJson, ValueError } from './codec';
import type { Block, TfObject, TfType } from './framework';
import type { RequestOf } from './rpc';
import { DiagnosticError } from './rules';
import { isObjectValue } from './values';

/**
 * The JSON of a stored state, or null when there is none. A state in the legacy flatmap format of
 * Terraform 0.11 and earlier is an error.
 */
export function storedStateJson(rawState: RequestOf<'UpgradeResourceState'>['rawState'], typeName: string): Uint8Array | null {
  const json = rawState?.json;
  if (json && json.length > 0) return json;
  if (rawState?.flatmap && Object.keys(rawState.flatmap).length > 0) {
    throw new DiagnosticError(
      'Unsupported state format',
      `The state of this ${typeName} is in the legacy "flatmap" format of Terraform 0.11 and earlier, which this provider cannot read. Upgrade the state with Terraform 0.12 to 0.15 first, or remove the resource from state and import it again.`,
    );
  }
  return null;
}

/** A state of a schema version newer than the provider's is an error. */
export function checkStateVersion(version: number, schemaVersion: number, typeName: string): void {
  if (version > schemaVersion) {
    throw new DiagnosticError(
      'State written by a newer provider',
      `The state of this ${typeName} has schema version ${version}, but this provider only knows versions up to ${schemaVersion}. Use the provider version that wrote it, or a newer one.`,
    );
  }
}

/**
 * The stored JSON itself, when it already is a state of the current schema: every attribute there
 * and of its type, nothing else, write-only ones null (what decoding it and encoding the result
 * would give back, value for value). Terraform reads a JSON DynamicValue as it reads msgpack, so
 * UpgradeResourceState answers with these bytes and skips the decoding and encoding that the
 * stored state of every resource would otherwise cost, on each plan. Undefined when anything
 * differs (or the text is not JSON): the state then goes through decodeStoredState.
 */
export function storedStateAsIs(json: Uint8Array, type: TfType, block: Block): Uint8Array | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
  if (raw === null || !jsonFitsExactly(raw, type)) return undefined;
  const state = raw as Record<string, unknown>;
  for (const name of writeOnlyNames(block)) if (state[name] !== null) return undefined;
  return json;
}

const writeOnly = new WeakMap<Block, string[]>();
function writeOnlyNames(block: Block): string[] {
  let names = writeOnly.get(block);
  if (!names) writeOnly.set(block, (names = Object.keys(block.attributes).filter((n) => block.attributes[n].writeOnly)));
  return names;
}

/**
 * A stored state read with the current schema's type: the same shape, give or take attributes,
 * so the ones that are gone are dropped and the new ones null. A value that does not fit is an error.
 */
export function decodeStoredState(json: Uint8Array, type: TfType, typeName: string): TfObject | null {
  try {
    const v = decodeJson(json, type, { lenient: true });
    return isObjectValue(v) ? v : null;
  } catch (e) {
    if (e instanceof ValueError) {
      throw new DiagnosticError('Unable to read stored state', `The stored state of this ${typeName} does not fit the provider's schema: ${e.message}.`, e.path);
    }
    throw e;
  }
}

/** A stored state as a JSON object, for the resource's `upgradeState`. */
export function parseStoredState(json: Uint8Array): Record<string, unknown> {
  try {
    // Exact numbers (JSON.parse would round integers beyond 2^53).
    const v: unknown = parseJson(Buffer.from(json).toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the diagnostic
  }
  throw new DiagnosticError('Unable to read stored state', 'The stored state is not a JSON object.');
}
