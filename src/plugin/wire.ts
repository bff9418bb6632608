// Conversions between the framework's types and tfplugin6 protocol messages: schemas, diagnostics,
// attribute paths, client capabilities and DynamicValues. No RPC logic lives here.

import { tfplugin6 } from './protobuf';
import { ctyTypeJson, decodeJson, decodeMsgpack, encodeMsgpack } from './codec';
import type { AttributePath, ClientCapabilities, Diagnostic, IdentitySchema, Schema, TfType, TfValue } from './framework';

export { tfplugin6 };

// ------------------------------------------------------------------------------------------------
// Schemas
// ------------------------------------------------------------------------------------------------

export function encodeSchema(schema: Schema): tfplugin6.ISchema {
  const { block } = schema;
  return {
    version: schema.version,
    block: {
      version: schema.version,
      description: block.description,
      descriptionKind: tfplugin6.StringKind.PLAIN,
      deprecated: block.deprecated ?? false,
      // Sorted so that the schema (and everything generated from it) is stable.
      attributes: Object.keys(block.attributes)
        .sort()
        .map((name): tfplugin6.Schema.IAttribute => {
          const a = block.attributes[name];
          return {
            name,
            type: Buffer.from(JSON.stringify(ctyTypeJson(a.type))),
            description: a.description,
            descriptionKind: tfplugin6.StringKind.PLAIN,
            required: a.required ?? false,
            optional: a.optional ?? false,
            computed: a.computed ?? false,
            sensitive: a.sensitive ?? false,
            deprecated: a.deprecated ?? false,
            writeOnly: a.writeOnly ?? false,
          };
        }),
      blockTypes: [],
    },
  };
}

/** An identity schema as GetResourceIdentitySchemas answers it; attributes sorted, like a schema's. */
export function encodeIdentitySchema(identity: IdentitySchema): tfplugin6.IResourceIdentitySchema {
  return {
    version: identity.version,
    identityAttributes: Object.keys(identity.attributes)
      .sort()
      .map((name): tfplugin6.ResourceIdentitySchema.IIdentityAttribute => {
        const a = identity.attributes[name];
        return {
          name,
          type: Buffer.from(JSON.stringify(ctyTypeJson(a.type))),
          requiredForImport: a.requiredForImport ?? false,
          optionalForImport: a.optionalForImport ?? false,
          description: a.description,
        };
      }),
  };
}

// ------------------------------------------------------------------------------------------------
// Diagnostics and attribute paths
// ------------------------------------------------------------------------------------------------

export function encodeAttributePath(path: AttributePath): tfplugin6.IAttributePath {
  return {
    steps: path.map((step): tfplugin6.AttributePath.IStep => {
      if (typeof step === 'string') return { attributeName: step };
      if (typeof step === 'number') return { elementKeyInt: step };
      return { elementKeyString: step.key };
    }),
  };
}

export function encodeDiagnostic(d: Diagnostic): tfplugin6.IDiagnostic {
  return {
    severity: d.severity === 'error' ? tfplugin6.Diagnostic.Severity.ERROR : tfplugin6.Diagnostic.Severity.WARNING,
    summary: d.summary,
    detail: d.detail ?? '',
    ...(d.attribute && d.attribute.length ? { attribute: encodeAttributePath(d.attribute) } : {}),
  };
}

export function encodeDiagnostics(items: readonly Diagnostic[]): tfplugin6.IDiagnostic[] {
  return items.map(encodeDiagnostic);
}

// ------------------------------------------------------------------------------------------------
// Client capabilities
// ------------------------------------------------------------------------------------------------

/** What Terraform announced; an absent message (older Terraform) announces nothing. */
export function decodeClientCapabilities(c: tfplugin6.IClientCapabilities | null | undefined): ClientCapabilities {
  return {
    deferralAllowed: c?.deferralAllowed ?? false,
    writeOnlyAttributesAllowed: c?.writeOnlyAttributesAllowed ?? false,
  };
}

// ------------------------------------------------------------------------------------------------
// DynamicValue
// ------------------------------------------------------------------------------------------------

/**
 * Decodes a DynamicValue with the given type. Terraform sends msgpack; JSON is accepted too. An
 * absent or empty value is null.
 */
export function decodeDynamicValue(dv: tfplugin6.IDynamicValue | null | undefined, type: TfType): TfValue {
  if (dv?.msgpack && dv.msgpack.length > 0) return decodeMsgpack(dv.msgpack, type);
  if (dv?.json && dv.json.length > 0) return decodeJson(dv.json, type);
  return null;
}

/** Encodes a value as msgpack, which is what Terraform expects in every response. */
export function encodeDynamicValue(value: TfValue, type: TfType): tfplugin6.IDynamicValue {
  return { msgpack: encodeMsgpack(value, type) };
}
