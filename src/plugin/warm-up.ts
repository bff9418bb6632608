// One pass over the per-call code of a plan, in memory, for the standalone executable's start-up
// snapshot (scripts/release/snapshot.js runs it while the snapshot is being built). V8 keeps the
// compiled code of every function that ran in a snapshot, so the protobuf messages, the codec and
// the framework's handlers of a plan are not compiled again at every start; a function that never
// ran is compiled the first time it is called, in every process.
//
// It must not touch what a snapshot cannot hold: no socket, no timer, nothing of the environment,
// no http / https / http2 / tls (so no ConfigureProvider: the API client makes its HTTP agents
// there). It drives a ProviderServer of its own, thrown away after, with values made from the
// schemas; whatever the calls answer (diagnostics included) is discarded.

import { encodeMsgpack } from './codec';
import { ProviderServer } from './dispatch';
import type { Provider, Schema, TfObject, TfType, TfValue } from './framework';
import { Logger } from './log';
import { providerMethods } from './rpc';
import { blockType } from './values';

type MethodName = keyof typeof providerMethods;

/** A value of `type`, different for each `n` (so that values differ as a plan's do). */
function sample(type: TfType, n: number): TfValue {
  if (type === 'string') return `value-${n}`;
  if (type === 'number') return n;
  if (type === 'bool') return n % 2 === 0;
  if ('list' in type) return [sample(type.list, n)];
  if ('set' in type) return [sample(type.set, n)];
  if ('map' in type) return { key: sample(type.map, n) };
  const out: TfObject = {};
  for (const name of Object.keys(type.object)) out[name] = sample(type.object[name], n);
  return out;
}

/** A configuration and a state of `schema`: configurable attributes set, write-only ones null in state. */
function values(schema: Schema, n: number): { config: TfObject; state: TfObject; type: TfType } {
  const type = blockType(schema.block);
  const config: TfObject = {};
  const state: TfObject = {};
  for (const [name, attr] of Object.entries(schema.block.attributes)) {
    const v = sample(attr.type, n);
    config[name] = attr.required || attr.optional ? v : null;
    state[name] = attr.writeOnly ? null : v;
  }
  return { config, state, type };
}

/** Runs `provider`'s validate, upgrade, read and plan calls once per resource, through their protobuf messages. */
export async function warmUp<D>(provider: Provider<D>): Promise<void> {
  const server = new ProviderServer(provider, { logger: new Logger({ level: 'off', write: () => {} }) });
  const call = async (name: MethodName, request: object): Promise<void> => {
    const m = providerMethods[name] as unknown as { request: { encode(r: object): { finish(): Uint8Array }; decode(b: Uint8Array): unknown }; response: { encode(r: unknown): { finish(): Uint8Array } } };
    const handler = (server[name] as (r: unknown) => Promise<unknown>).bind(server);
    m.response.encode(await handler(m.request.decode(m.request.encode(request).finish()))).finish();
  };
  const capabilities = { deferralAllowed: true, writeOnlyAttributesAllowed: true };
  await call('GetProviderSchema', {});
  const p = values(provider.schema, 1);
  await call('ValidateProviderConfig', { config: { msgpack: encodeMsgpack(p.config, p.type) } });
  for (const resource of provider.resources) {
    for (let n = 1; n <= 2; n++) {
      const { config, state, type } = values(resource.schema, n);
      const stateBytes = encodeMsgpack(state, type);
      const configBytes = encodeMsgpack(config, type);
      await call('ValidateResourceConfig', { typeName: resource.typeName, config: { msgpack: configBytes }, clientCapabilities: capabilities });
      // Stored state as it is, and one to decode (an attribute that is gone).
      await call('UpgradeResourceState', { typeName: resource.typeName, version: resource.schema.version, rawState: { json: Buffer.from(JSON.stringify(state)) } });
      await call('UpgradeResourceState', { typeName: resource.typeName, version: resource.schema.version, rawState: { json: Buffer.from(JSON.stringify({ ...state, gone: 1 })) } });
      // Unconfigured: decodes the state, then answers with a diagnostic.
      await call('ReadResource', { typeName: resource.typeName, currentState: { msgpack: stateBytes }, clientCapabilities: capabilities });
      // Nothing to change (prior and proposed the same bytes), then a change.
      await call('PlanResourceChange', { typeName: resource.typeName, priorState: { msgpack: stateBytes }, proposedNewState: { msgpack: stateBytes }, config: { msgpack: configBytes }, clientCapabilities: capabilities });
      const changed = encodeMsgpack({ ...state, ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null)) }, type);
      await call('PlanResourceChange', { typeName: resource.typeName, priorState: { msgpack: stateBytes }, proposedNewState: { msgpack: changed }, config: { msgpack: configBytes }, clientCapabilities: capabilities });
    }
  }
}
