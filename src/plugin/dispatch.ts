// The provider RPCs, in the spirit of terraform-plugin-framework: decode the request with the
// schema, apply the framework's own rules (plan defaults, write-only attributes, consistency of
// apply results, identities), call the provider author's handler, encode the response. Every
// failure becomes a diagnostic; nothing here throws back to gRPC. The rules themselves live in
// rules.ts, the handler calls (errors, cancellation) in invoke.ts, the reading of stored state in
// stored-state.ts, identity schemas in identity.ts, the streaming of list results in list.ts.

import {
  type AttributePath,
  type ClientCapabilities,
  type DataSource,
  Diagnostics,
  hasIdentity,
  type ListResource,
  type Provider,
  PROVIDER_BUG,
  type Resource,
  type TfObject,
  unknown,
} from './framework';
import { decodeIdentity, encodeIdentity, identityDefinitionProblems, identityField, importIdentity, knownIdentity, storedIdentity } from './identity';
import { type InvokeOutcome } from './invoke';
import { encodeProvided, listEvent, streamResults } from './list';
import { Logger, logger as defaultLogger } from './log';
import { RpcHost } from './rpc-host';
import type { EventSink, ProviderService, RequestOf, ResponseOf } from './rpc';
import {
  checkApplied,
  checkConfigAgainstSchema,
  checkNoUnknowns,
  checkWriteOnlyAllowed,
  DiagnosticError,
  nullWriteOnly,
  salvageState,
} from './rules';
import { checkStateVersion, decodeStoredState, parseStoredState, storedStateAsIs, storedStateJson } from './stored-state';
import { attributeEntries, cloneValue, containsUnknown, valuesEqual } from './values';
import {
  decodeClientCapabilities,
  encodeAttributePath,
  encodeDiagnostics,
  encodeDynamicValue,
  encodeIdentitySchema,
  encodeSchema,
  tfplugin6,
} from './wire';

const emptyBytes = new Uint8Array(0);

export interface ProviderServerOptions {
  logger?: Logger;
  /**
   * How long a handler may go on after its request was cancelled (StopProvider, shutdown) before
   * the RPC is answered with an "Operation cancelled" error and the handler is left behind.
   */
  cancelGraceMs?: number;
}

/** Default of `cancelGraceMs`: time to finish an API call, short enough for a waiting Ctrl-C. */
export const DEFAULT_CANCEL_GRACE_MS = 5000;

/** Whether two DynamicValues are the same bytes (so the same value). */
function sameBytes(a: tfplugin6.IDynamicValue | null | undefined, b: tfplugin6.IDynamicValue | null | undefined): boolean {
  if (!a?.msgpack?.length || !b?.msgpack?.length || a.msgpack.length !== b.msgpack.length) return false;
  return Buffer.from(a.msgpack.buffer, a.msgpack.byteOffset, a.msgpack.byteLength).equals(b.msgpack);
}

export class ProviderServer<D> extends RpcHost implements ProviderService {
  private configured = false;
  /** Why the last ConfigureProvider failed (its error summaries), when it did. */
  private configureFailure: string | undefined;
  private providerData: D | undefined;
  private readonly resources = new Map<string, Resource<D>>();
  private readonly dataSources = new Map<string, DataSource<D>>();
  private readonly listResources = new Map<string, ListResource<D>>();
  private schemaResponse?: ResponseOf<'GetProviderSchema'>;

  constructor(
    private readonly provider: Provider<D>,
    options: ProviderServerOptions = {},
  ) {
    super(options.logger ?? defaultLogger, options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS);
    for (const r of provider.resources) this.resources.set(r.typeName, r);
    for (const d of provider.dataSources) this.dataSources.set(d.typeName, d);
    for (const l of provider.listResources ?? []) this.listResources.set(l.typeName, l);
  }

  // ----------------------------------------------------------------------------------------------
  // Schemas and metadata
  // ----------------------------------------------------------------------------------------------

  async GetMetadata(): Promise<ResponseOf<'GetMetadata'>> {
    return {
      serverCapabilities: serverCapabilities(),
      diagnostics: encodeDiagnostics(this.definitionProblems().items),
      resources: [...this.resources.keys()].map((typeName) => ({ typeName })),
      dataSources: [...this.dataSources.keys()].map((typeName) => ({ typeName })),
      functions: [],
      ephemeralResources: [],
      listResources: [...this.listResources.keys()].map((typeName) => ({ typeName })),
    };
  }

  async GetProviderSchema(): Promise<ResponseOf<'GetProviderSchema'>> {
    this.schemaResponse ??= {
      provider: encodeSchema(this.provider.schema),
      resourceSchemas: Object.fromEntries([...this.resources].map(([n, r]) => [n, encodeSchema(r.schema)])),
      dataSourceSchemas: Object.fromEntries([...this.dataSources].map(([n, d]) => [n, encodeSchema(d.schema)])),
      functions: {},
      ephemeralResourceSchemas: {},
      listResourceSchemas: Object.fromEntries([...this.listResources].map(([n, l]) => [n, encodeSchema(l.schema)])),
      diagnostics: encodeDiagnostics(this.definitionProblems().items),
      serverCapabilities: serverCapabilities(),
    };
    return this.schemaResponse;
  }

  /**
   * Terraform >= 1.12 calls this right after GetProviderSchema and fails to load the provider on any
   * gRPC error or error diagnostic: it always answers, and definition problems are reported by
   * GetProviderSchema (here such an identity is left out).
   */
  GetResourceIdentitySchemas(): Promise<ResponseOf<'GetResourceIdentitySchemas'>> {
    return this.handle('GetResourceIdentitySchemas', this.provider.typeName, 'identity schemas', async () => {
      const identitySchemas: Record<string, tfplugin6.IResourceIdentitySchema> = {};
      for (const [name, r] of this.resources) {
        if (hasIdentity(r) && identityDefinitionProblems(r.identitySchema).length === 0) identitySchemas[name] = encodeIdentitySchema(r.identitySchema);
      }
      return { identitySchemas };
    });
  }

  // ----------------------------------------------------------------------------------------------
  // Validation
  // ----------------------------------------------------------------------------------------------

  ValidateProviderConfig(req: RequestOf<'ValidateProviderConfig'>): Promise<ResponseOf<'ValidateProviderConfig'>> {
    return this.handle('ValidateProviderConfig', this.provider.typeName, 'validate', async (diags) => {
      const config = this.decodeObject(req.config, this.provider.schema, 'configuration');
      checkConfigAgainstSchema(this.provider.schema.block, config, diags);
      if (!this.provider.validate || diags.hasErrors()) return {};
      const resp = { diagnostics: diags };
      await this.invoke(this.provider.typeName, 'validate', diags, () =>
        this.provider.validate!({ signal: this.abort.signal, config, clientCapabilities: noCapabilities() }, resp),
      );
      return {};
    });
  }

  ValidateResourceConfig(req: RequestOf<'ValidateResourceConfig'>): Promise<ResponseOf<'ValidateResourceConfig'>> {
    return this.handle('ValidateResourceConfig', req.typeName, 'validate', async (diags) => {
      const resource = this.resource(req.typeName);
      const config = this.decodeObject(req.config, resource.schema, 'configuration');
      const clientCapabilities = decodeClientCapabilities(req.clientCapabilities);
      checkConfigAgainstSchema(resource.schema.block, config, diags);
      // Protocol 6.8 clients send capabilities here; when none came we cannot tell, and the plan
      // (which always carries them) makes the same check.
      if (req.clientCapabilities) checkWriteOnlyAllowed(resource.schema.block, config, clientCapabilities, diags);
      // The provider's own rules see only configurations that fit the schema.
      if (resource.validate && !diags.hasErrors()) {
        await this.invoke(req.typeName, 'validate', diags, () =>
          resource.validate!({ signal: this.abort.signal, config, clientCapabilities }, { diagnostics: diags }),
        );
      }
      return {};
    });
  }

  ValidateDataResourceConfig(req: RequestOf<'ValidateDataResourceConfig'>): Promise<ResponseOf<'ValidateDataResourceConfig'>> {
    return this.handle('ValidateDataResourceConfig', req.typeName, 'validate', async (diags) => {
      const dataSource = this.dataSource(req.typeName);
      const config = this.decodeObject(req.config, dataSource.schema, 'configuration');
      checkConfigAgainstSchema(dataSource.schema.block, config, diags);
      if (!dataSource.validate || diags.hasErrors()) return {};
      await this.invoke(req.typeName, 'validate', diags, () =>
        dataSource.validate!({ signal: this.abort.signal, config, clientCapabilities: noCapabilities() }, { diagnostics: diags }),
      );
      return {};
    });
  }

  ValidateEphemeralResourceConfig(req: RequestOf<'ValidateEphemeralResourceConfig'>): Promise<ResponseOf<'ValidateEphemeralResourceConfig'>> {
    return this.handle('ValidateEphemeralResourceConfig', req.typeName, 'validate', async () => {
      throw noEphemeral(req.typeName);
    });
  }

  ValidateListResourceConfig(req: RequestOf<'ValidateListResourceConfig'>): Promise<ResponseOf<'ValidateListResourceConfig'>> {
    return this.handle('ValidateListResourceConfig', req.typeName, 'validate', async (diags) => {
      const listResource = this.listResource(req.typeName);
      const config = this.listConfig(req.config, listResource);
      checkConfigAgainstSchema(listResource.schema.block, config, diags);
      if (!listResource.validate || diags.hasErrors()) return {};
      await this.invoke(req.typeName, 'validate', diags, () =>
        listResource.validate!({ signal: this.abort.signal, config, clientCapabilities: noCapabilities() }, { diagnostics: diags }),
      );
      return {};
    });
  }

  // ----------------------------------------------------------------------------------------------
  // Provider configuration
  // ----------------------------------------------------------------------------------------------

  ConfigureProvider(req: RequestOf<'ConfigureProvider'>): Promise<ResponseOf<'ConfigureProvider'>> {
    return this.handle('ConfigureProvider', this.provider.typeName, 'configure', async (diags) => {
      // Configured only once configure succeeds: resource calls must not run with half-made data.
      this.configured = false;
      this.providerData = undefined;
      this.configureFailure = undefined;
      const resp: { diagnostics: Diagnostics; providerData?: D } = { diagnostics: diags };
      let outcome: InvokeOutcome;
      try {
        const config = this.decodeObject(req.config, this.provider.schema, 'configuration');
        // Terraform validated this configuration already; checked again, so configure never sees
        // one that breaks the schema.
        checkConfigAgainstSchema(this.provider.schema.block, config, diags);
        outcome = diags.hasErrors()
          ? 'ok'
          : await this.invoke(this.provider.typeName, 'configure', diags, () =>
          this.provider.configure(
            {
              signal: this.abort.signal,
              config,
              terraformVersion: req.terraformVersion,
              clientCapabilities: decodeClientCapabilities(req.clientCapabilities),
            },
            resp,
          ),
        );
      } catch (e) {
        this.configureFailure = e instanceof DiagnosticError ? e.summary : 'unexpected error';
        throw e;
      }
      if (outcome !== 'ok' || diags.hasErrors()) {
        // Summaries only: an exception's message might carry anything.
        this.configureFailure = outcome === 'ok' ? failureSummary(diags) : outcome === 'threw' ? 'unexpected error' : 'cancelled';
        return {};
      }
      this.providerData = resp.providerData;
      this.configured = true;
      return {};
    });
  }

  // ----------------------------------------------------------------------------------------------
  // Managed resources
  // ----------------------------------------------------------------------------------------------

  UpgradeResourceState(req: RequestOf<'UpgradeResourceState'>): Promise<ResponseOf<'UpgradeResourceState'>> {
    return this.handle('UpgradeResourceState', req.typeName, 'upgrade state', async (diags) => {
      const resource = this.resource(req.typeName);
      const { schema } = resource;
      const { type } = this.typeInfo(schema);
      const json = storedStateJson(req.rawState, req.typeName);
      if (json === null) return { upgradedState: encodeDynamicValue(null, type) };
      const version = Number(req.version);
      checkStateVersion(version, schema.version, req.typeName);
      let state: TfObject | null;
      if (version < schema.version && resource.upgradeState) {
        const rawState = parseStoredState(json);
        const resp = { diagnostics: diags, state: null as TfObject | null };
        await this.invoke(req.typeName, 'upgrade state', diags, () => resource.upgradeState!({ version, rawState }, resp));
        if (diags.hasErrors()) return {};
        state = resp.state;
      } else {
        const asIs = storedStateAsIs(json, type, schema.block);
        if (asIs) return { upgradedState: { json: asIs } };
        state = decodeStoredState(json, type, req.typeName);
      }
      if (state) nullWriteOnly(schema.block, state);
      return { upgradedState: this.encodeObject(state, schema, 'upgraded state') };
    });
  }

  ReadResource(req: RequestOf<'ReadResource'>): Promise<ResponseOf<'ReadResource'>> {
    return this.handle('ReadResource', req.typeName, 'read', async (diags) => {
      const resource = this.resource(req.typeName);
      const { schema } = resource;
      const state = this.decodeObject(req.currentState, schema, 'current state', true);
      if (state === null) return { newState: this.encodeObject(null, schema, 'state') };
      const identity = decodeIdentity(resource, req.currentIdentity, 'current identity');
      this.requireConfigured(req.typeName);
      const priv = req.private ?? emptyBytes;
      // The handler starts from the current state: changing what drifted is all it has to do.
      const resp = { diagnostics: diags, newState: cloneValue(state) as TfObject | null, private: undefined as Uint8Array | undefined };
      await this.invoke(req.typeName, 'read', diags, () =>
        resource.read({ signal: this.abort.signal, state, private: priv, identity, providerData: this.providerData as D }, resp),
      );
      if (resp.newState) {
        nullWriteOnly(schema.block, resp.newState);
        if (!diags.hasErrors()) checkNoUnknowns(resp.newState, req.typeName, 'read', diags);
      }
      return {
        newState: this.encodeObjectLike(resp.newState, schema, 'state after read', { value: state, dv: req.currentState }),
        private: resp.private ?? priv,
        // Terraform replaces the stored identity with this one (none erases it).
        ...identityField('newIdentity', resource, resp.newState, diags, { op: 'read', expected: identity ?? knownIdentity(resource, state) }),
      };
    });
  }

  PlanResourceChange(req: RequestOf<'PlanResourceChange'>): Promise<ResponseOf<'PlanResourceChange'>> {
    return this.handle('PlanResourceChange', req.typeName, 'plan', async (diags) => {
      const resource = this.resource(req.typeName);
      const { schema } = resource;
      const { block } = schema;
      const { type } = this.typeInfo(schema);
      const priorPrivate = req.priorPrivate ?? emptyBytes;
      const proposed = this.decodeObject(req.proposedNewState, schema, 'proposed new state', true);
      // Destroy: nothing to plan (the provider does not announce plan_destroy).
      if (proposed === null) {
        return { plannedState: encodeDynamicValue(null, type), plannedPrivate: priorPrivate, ...(req.priorIdentity ? { plannedIdentity: req.priorIdentity } : {}) };
      }

      // A plan with nothing to change gets the prior state's own bytes as the proposed new state:
      // decoded once.
      const prior = sameBytes(req.priorState, req.proposedNewState)
        ? (cloneValue(proposed) as TfObject)
        : this.decodeObject(req.priorState, schema, 'prior state', true);
      const priorIdentity = decodeIdentity(resource, req.priorIdentity, 'prior identity');
      const config = this.decodeObject(req.config, schema, 'configuration');
      const clientCapabilities = decodeClientCapabilities(req.clientCapabilities);
      checkConfigAgainstSchema(block, config, diags);
      checkWriteOnlyAllowed(block, config, clientCapabilities, diags);

      const planned = cloneValue(proposed);
      nullWriteOnly(block, planned);
      // Computed values not set in configuration: unknown on create, and on an update that
      // changes anything (the remote side may recompute them); otherwise the prior value stays.
      if (prior === null || !valuesEqual(planned, prior, type)) {
        for (const [name, attr] of attributeEntries(block)) {
          if (attr.computed && config[name] === null) planned[name] = unknown;
        }
      }
      if (diags.hasErrors()) return { plannedState: this.encodeObject(planned, schema, 'planned state'), plannedPrivate: priorPrivate };

      const resp = { diagnostics: diags, plannedState: planned, requiresReplace: [] as AttributePath[], plannedPrivate: undefined as Uint8Array | undefined };
      if (resource.plan) {
        await this.invoke(req.typeName, 'plan', diags, () =>
          resource.plan!(
            {
              signal: this.abort.signal,
              config,
              priorState: prior,
              plannedState: planned,
              priorPrivate,
              clientCapabilities,
              providerData: this.providerData,
            },
            resp,
          ),
        );
      }
      nullWriteOnly(block, resp.plannedState);
      // A create's identity may be unknown until apply, as may a replacement's; an update keeps its own.
      const replaced = prior !== null && resp.requiresReplace.length > 0;
      return {
        plannedState: this.encodeObjectLike(resp.plannedState, schema, 'planned state', { value: proposed, dv: req.proposedNewState }),
        requiresReplace: prior === null ? [] : resp.requiresReplace.map(encodeAttributePath),
        plannedPrivate: resp.plannedPrivate ?? priorPrivate,
        ...identityField(
          'plannedIdentity',
          resource,
          resp.plannedState,
          diags,
          prior === null || replaced
            ? { op: 'plan', whenUnknown: 'unknown' }
            : { op: 'plan', whenUnknown: 'expected', expected: priorIdentity ?? knownIdentity(resource, prior) },
        ),
      };
    });
  }

  ApplyResourceChange(req: RequestOf<'ApplyResourceChange'>): Promise<ResponseOf<'ApplyResourceChange'>> {
    return this.handle('ApplyResourceChange', req.typeName, 'apply', async (diags) => {
      const resource = this.resource(req.typeName);
      const { schema } = resource;
      const prior = this.decodeObject(req.priorState, schema, 'prior state', true);
      const planned = this.decodeObject(req.plannedState, schema, 'planned state', true);
      const plannedPrivate = req.plannedPrivate ?? emptyBytes;
      const plannedIdentity = decodeIdentity(resource, req.plannedIdentity, 'planned identity');
      const signal = this.abort.signal;
      this.requireConfigured(req.typeName);
      const providerData = this.providerData as D;

      if (planned === null) {
        if (prior === null) return { newState: this.encodeObject(null, schema, 'state') };
        await this.invoke(req.typeName, 'delete', diags, () => resource.delete({ signal, priorState: prior, providerData }, { diagnostics: diags }));
        // A failed delete leaves the object in place: keep it in state.
        return { newState: this.encodeObject(diags.hasErrors() ? prior : null, schema, 'state') };
      }

      const config = this.decodeObject(req.config, schema, 'configuration');
      const op = prior === null ? 'create' : 'update';
      const resp = { diagnostics: diags, newState: null as TfObject | null, private: undefined as Uint8Array | undefined };
      await this.invoke(req.typeName, op, diags, () =>
        prior === null
          ? resource.create({ signal, config, plannedState: planned, providerData }, resp)
          : resource.update({ signal, config, plannedState: planned, priorState: prior, plannedPrivate, providerData }, resp),
      );

      let newState = resp.newState;
      if (newState === null) {
        if (!diags.hasErrors()) {
          diags.addError(`Provider returned no state after ${op}`, `The ${req.typeName} ${op} finished without errors but set no new state. ${PROVIDER_BUG}`);
        }
        // Nothing new to record: a failed create leaves nothing, a failed update the prior object.
        newState = prior;
      } else {
        nullWriteOnly(schema.block, newState);
        // An inconsistent result is still returned, with the error: Terraform records it (and
        // taints it after a create), since the remote object exists whatever its values.
        if (!diags.hasErrors()) checkApplied(schema, planned, newState, req.typeName, op, diags);
      }
      const priv = resp.private ?? plannedPrivate;
      // The identity planned (known for an update), else the prior object's.
      const expected = plannedIdentity ?? (prior === null ? null : knownIdentity(resource, prior));
      try {
        return {
          newState: this.encodeObject(newState, schema, `state after ${op}`),
          private: priv,
          ...identityField('newIdentity', resource, newState, diags, { op, expected }),
        };
      } catch (e) {
        if (!(e instanceof DiagnosticError) || newState === null) throw e;
        // The remote object was created or changed, but its state does not fit the schema.
        // Without a new state Terraform would forget an object that exists: record what can be
        // recorded instead, with the error (after a create Terraform marks it tainted).
        diags.addError(
          e.summary,
          `${e.detail} The ${req.typeName} was ${op === 'create' ? 'created' : 'updated'}, so Terraform keeps it in state: with the values of the result that fit the schema, and the planned values (unknown ones as null) for the rest.`,
          e.attribute,
        );
        const salvaged = salvageState(schema.block, planned, newState);
        return {
          newState: encodeDynamicValue(salvaged, this.typeInfo(schema).type),
          private: priv,
          ...identityField('newIdentity', resource, salvaged, diags, { op, expected }),
        };
      }
    });
  }

  ImportResourceState(req: RequestOf<'ImportResourceState'>): Promise<ResponseOf<'ImportResourceState'>> {
    return this.handle('ImportResourceState', req.typeName, 'import', async (diags) => {
      const resource = this.resource(req.typeName);
      if (!resource.importState) {
        throw new DiagnosticError(
          'Resource import not supported',
          `The resource type ${req.typeName} does not support import. Create it with Terraform instead.`,
        );
      }
      const identity = importIdentity(resource, req.identity);
      this.requireConfigured(req.typeName);
      const resp = { diagnostics: diags, state: null as TfObject | null };
      await this.invoke(req.typeName, 'import', diags, () =>
        resource.importState!(
          {
            signal: this.abort.signal,
            id: req.id,
            identity,
            clientCapabilities: decodeClientCapabilities(req.clientCapabilities),
            providerData: this.providerData as D,
          },
          resp,
        ),
      );
      if (diags.hasErrors()) return { importedResources: [] };
      const what = identity ? 'by identity' : `"${req.id}"`;
      if (resp.state === null) {
        diags.addError('Provider returned no state after import', `Importing ${req.typeName} ${what} finished without errors but returned no state. ${PROVIDER_BUG}`);
        return { importedResources: [] };
      }
      nullWriteOnly(resource.schema.block, resp.state);
      checkNoUnknowns(resp.state, req.typeName, 'import', diags);
      if (diags.hasErrors()) return { importedResources: [] };
      // Terraform requires the identity of an import by identity, and reads with it next.
      const imported = identityField('identity', resource, resp.state, diags, { op: 'import', expected: identity, partial: true });
      if (diags.hasErrors()) return { importedResources: [] };
      return {
        importedResources: [{ typeName: req.typeName, state: this.encodeObject(resp.state, resource.schema, 'imported state'), private: emptyBytes, ...imported }],
      };
    });
  }

  MoveResourceState(req: RequestOf<'MoveResourceState'>): Promise<ResponseOf<'MoveResourceState'>> {
    return this.handle('MoveResourceState', req.targetTypeName, 'move state', async () => {
      throw new DiagnosticError(
        'Moving resource state is not supported',
        `This provider cannot move ${req.sourceTypeName} (from ${req.sourceProviderAddress}) to ${req.targetTypeName}. Remove the "moved" block, or remove the old resource from state and import the new one.`,
      );
    });
  }

  UpgradeResourceIdentity(req: RequestOf<'UpgradeResourceIdentity'>): Promise<ResponseOf<'UpgradeResourceIdentity'>> {
    return this.handle('UpgradeResourceIdentity', req.typeName, 'upgrade identity', async (diags) => {
      const resource = this.resource(req.typeName);
      if (!hasIdentity(resource)) {
        throw new DiagnosticError('Resource identity is not supported', `The resource type ${req.typeName} has no resource identity.`);
      }
      const current = resource.identitySchema;
      const json = req.rawIdentity?.json;
      if (!json || json.length === 0) throw new DiagnosticError('No identity to upgrade', `Terraform sent no stored identity of this ${req.typeName} to upgrade.`);
      const version = Number(req.version);
      if (version > current.version) {
        throw new DiagnosticError(
          'Identity written by a newer provider',
          `The identity of this ${req.typeName} has version ${version}, but this provider only knows versions up to ${current.version}. Use the provider version that wrote it, or a newer one.`,
        );
      }
      let identity: TfObject | null;
      if (version < current.version && resource.upgradeIdentity) {
        const rawIdentity = parseStoredState(json);
        const resp = { diagnostics: diags, identity: null as TfObject | null };
        await this.invoke(req.typeName, 'upgrade identity', diags, () => resource.upgradeIdentity!({ version, rawIdentity }, resp));
        if (diags.hasErrors()) return {};
        identity = resp.identity;
      } else {
        identity = storedIdentity(current, json, req.typeName);
      }
      if (identity === null || containsUnknown(identity)) {
        diags.addError('Provider returned no identity', `Upgrading the stored identity of ${req.typeName} gave ${identity === null ? 'none' : 'an unknown one'}. ${PROVIDER_BUG}`);
        return {};
      }
      return { upgradedIdentity: encodeProvided(() => encodeIdentity(current, identity), 'upgraded identity') };
    });
  }

  // ----------------------------------------------------------------------------------------------
  // Data sources
  // ----------------------------------------------------------------------------------------------

  ReadDataSource(req: RequestOf<'ReadDataSource'>): Promise<ResponseOf<'ReadDataSource'>> {
    return this.handle('ReadDataSource', req.typeName, 'read', async (diags) => {
      const dataSource = this.dataSource(req.typeName);
      const { schema } = dataSource;
      const config = this.decodeObject(req.config, schema, 'configuration');
      checkConfigAgainstSchema(schema.block, config, diags);
      if (diags.hasErrors()) return {};
      this.requireConfigured(req.typeName);
      // The handler starts from the configuration and fills in the computed attributes.
      const resp = { diagnostics: diags, state: cloneValue(config) as TfObject | null };
      await this.invoke(req.typeName, 'read', diags, () =>
        dataSource.read({ signal: this.abort.signal, config, providerData: this.providerData as D }, resp),
      );
      if (diags.hasErrors()) return { state: this.encodeObject(resp.state, schema, 'data source state') };
      if (resp.state === null) {
        diags.addError('Provider returned no state for a data source', `Reading ${req.typeName} finished without errors but returned no state. ${PROVIDER_BUG}`);
        return {};
      }
      checkNoUnknowns(resp.state, req.typeName, 'read', diags);
      return { state: this.encodeObject(resp.state, schema, 'data source state') };
    });
  }

  // ----------------------------------------------------------------------------------------------
  // List resources (`terraform query`)
  // ----------------------------------------------------------------------------------------------

  /** Streams the results, then (if any) one last event with the listing's diagnostics alone. */
  async ListResource(req: RequestOf<'ListResource'>, sink: EventSink<ResponseOf<'ListResource'>>): Promise<void> {
    const answer = await this.handle('ListResource', req.typeName, 'list', (diags) => this.list(req, sink, diags));
    if (answer.diagnostics.length > 0) await sink.write({ diagnostic: answer.diagnostics });
  }

  private async list(req: RequestOf<'ListResource'>, sink: EventSink<ResponseOf<'ListResource'>>, diags: Diagnostics): Promise<object> {
    const listResource = this.listResource(req.typeName);
    const resource = this.resources.get(req.typeName);
    if (!resource || !hasIdentity(resource)) {
      throw new DiagnosticError('Invalid provider definition', `The list resource type "${req.typeName}" needs a managed resource type of the same name with an identity. ${PROVIDER_BUG}`);
    }
    const config = this.listConfig(req.config, listResource);
    checkConfigAgainstSchema(listResource.schema.block, config, diags);
    if (diags.hasErrors()) return {};
    const limit = Number(req.limit ?? 0);
    if (!(limit > 0)) return {}; // Terraform reads no result: nothing to fetch
    this.requireConfigured(req.typeName);
    const includeResourceObject = req.includeResourceObject === true;
    const handlerAbort = new AbortController();
    const results = listResource.list(
      { signal: handlerAbort.signal, config, includeResourceObject, limit, providerData: this.providerData as D },
      { diagnostics: diags },
    );
    await streamResults({
      results,
      limit,
      encode: (result) => listEvent(resource, result, includeResourceObject),
      sink,
      stop: this.abort.signal,
      handlerAbort,
      graceMs: this.cancelGraceMs,
      diags,
      typeName: req.typeName,
      log: this.log,
    });
    return {};
  }

  // ----------------------------------------------------------------------------------------------
  // What this provider does not offer: clear answers, never a hang
  // ----------------------------------------------------------------------------------------------

  OpenEphemeralResource(req: RequestOf<'OpenEphemeralResource'>): Promise<ResponseOf<'OpenEphemeralResource'>> {
    return this.handle('OpenEphemeralResource', req.typeName, 'open', async () => {
      throw noEphemeral(req.typeName);
    });
  }

  RenewEphemeralResource(req: RequestOf<'RenewEphemeralResource'>): Promise<ResponseOf<'RenewEphemeralResource'>> {
    return this.handle('RenewEphemeralResource', req.typeName, 'renew', async () => {
      throw noEphemeral(req.typeName);
    });
  }

  CloseEphemeralResource(req: RequestOf<'CloseEphemeralResource'>): Promise<ResponseOf<'CloseEphemeralResource'>> {
    return this.handle('CloseEphemeralResource', req.typeName, 'close', async () => {
      throw noEphemeral(req.typeName);
    });
  }

  async GetFunctions(): Promise<ResponseOf<'GetFunctions'>> {
    return { functions: {}, diagnostics: [] };
  }

  async CallFunction(req: RequestOf<'CallFunction'>): Promise<ResponseOf<'CallFunction'>> {
    return { error: { text: `This provider defines no functions, so it cannot call "${req.name}".` } };
  }

  async StopProvider(): Promise<ResponseOf<'StopProvider'>> {
    this.log.info('Stopping: cancelling requests in flight', { tf_rpc: 'StopProvider' });
    this.stop();
    return { Error: '' };
  }

  // ----------------------------------------------------------------------------------------------
  // Plumbing
  // ----------------------------------------------------------------------------------------------

  private resource(typeName: string): Resource<D> {
    const r = this.resources.get(typeName);
    if (!r) {
      throw new DiagnosticError('Unknown resource type', `The provider "${this.provider.typeName}" has no resource type "${typeName}". Known: ${list(this.resources.keys())}.`);
    }
    return r;
  }

  private dataSource(typeName: string): DataSource<D> {
    const d = this.dataSources.get(typeName);
    if (!d) {
      throw new DiagnosticError('Unknown data source type', `The provider "${this.provider.typeName}" has no data source type "${typeName}". Known: ${list(this.dataSources.keys())}.`);
    }
    return d;
  }

  private listResource(typeName: string): ListResource<D> {
    const l = this.listResources.get(typeName);
    if (!l) {
      throw new DiagnosticError('Unknown list resource type', `The provider "${this.provider.typeName}" has no list resource type "${typeName}". Known: ${list(this.listResources.keys())}.`);
    }
    return l;
  }

  /** A `list` block's `config { }`: Terraform sends every attribute null for a block without one; absent reads the same. */
  private listConfig(dv: tfplugin6.IDynamicValue | null | undefined, listResource: ListResource<D>): TfObject {
    const config = this.decodeObject(dv, listResource.schema, 'list configuration', true);
    if (config !== null) return config;
    return Object.fromEntries(Object.keys(listResource.schema.block.attributes).map((name) => [name, null]));
  }

  private requireConfigured(typeName: string): void {
    if (this.configured) return;
    if (this.configureFailure !== undefined) {
      throw new DiagnosticError(
        'Provider configuration failed',
        `The provider "${this.provider.typeName}" could not be configured (${this.configureFailure}), so it cannot handle ${typeName}. Fix the error reported for the provider configuration first.`,
      );
    }
    throw new DiagnosticError('Provider not configured', `Terraform called ${typeName} before configuring the provider "${this.provider.typeName}".`);
  }

  /** Mistakes in the provider's definition that Terraform would report less clearly. */
  private definitionProblems(): Diagnostics {
    const diags = new Diagnostics();
    const prefix = `${this.provider.typeName}_`;
    const seen = new Set<string>();
    const kinds = [
      ['resource', this.provider.resources],
      ['data source', this.provider.dataSources],
      ['list resource', this.provider.listResources ?? []],
    ] as const;
    for (const [kind, items] of kinds) {
      seen.clear();
      for (const { typeName } of items) {
        if (typeName !== this.provider.typeName && !typeName.startsWith(prefix)) {
          diags.addError('Invalid provider definition', `The ${kind} type "${typeName}" must be named "${prefix}…". ${PROVIDER_BUG}`);
        }
        if (seen.has(typeName)) diags.addError('Invalid provider definition', `The ${kind} type "${typeName}" is defined twice. ${PROVIDER_BUG}`);
        seen.add(typeName);
      }
    }
    for (const r of this.provider.resources) {
      if (!hasIdentity(r)) continue;
      for (const problem of identityDefinitionProblems(r.identitySchema)) {
        diags.addError('Invalid provider definition', `The identity of ${r.typeName} is invalid: ${problem}. ${PROVIDER_BUG}`);
      }
    }
    for (const { typeName } of this.provider.listResources ?? []) {
      const r = this.resources.get(typeName);
      if (!r || !hasIdentity(r)) {
        diags.addError(
          'Invalid provider definition',
          `The list resource type "${typeName}" needs a managed resource type of the same name with an identity (Terraform refuses it otherwise). ${PROVIDER_BUG}`,
        );
      }
    }
    return diags;
  }
}

// ------------------------------------------------------------------------------------------------
// Small helpers
// ------------------------------------------------------------------------------------------------

// getProviderSchemaOptional: every RPC works without a GetProviderSchema first (schemas are fixed
// at build time), so Terraform may reuse the schema it cached from an earlier process of the same
// command rather than ask each of the 3-5 processes it starts again (Terraform ≥ 1.6), as
// terraform-plugin-framework providers let it.
function serverCapabilities(): tfplugin6.IServerCapabilities {
  return { planDestroy: false, getProviderSchemaOptional: true, moveResourceState: false };
}

function noCapabilities(): ClientCapabilities {
  return { deferralAllowed: false, writeOnlyAttributesAllowed: false };
}

/** The error summaries of a failed call, briefly (summaries name problems, not values). */
function failureSummary(diags: Diagnostics): string {
  const summaries = [...new Set(diags.items.filter((d) => d.severity === 'error').map((d) => d.summary))];
  const text = summaries.join('; ');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function noEphemeral(typeName: string): DiagnosticError {
  return new DiagnosticError('Unknown ephemeral resource type', `This provider has no ephemeral resource types, so it cannot handle "${typeName}".`);
}

function list(names: Iterable<string>): string {
  const all = [...names];
  return all.length ? all.join(', ') : '(none)';
}
