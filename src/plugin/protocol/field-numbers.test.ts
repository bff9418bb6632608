// The field numbers and wire types of protocol 6.9 (resource identity) and 6.10 (list resources) as
// the published protocol has them, read back from the bytes the generated module writes: a .proto
// mistake here would pass every test that goes through this same module, but not Terraform.

import { tfplugin6 } from '../protobuf';

const VARINT = 0;
const BYTES = 2; // length-delimited: strings, bytes, messages, map entries

/** The top-level fields of an encoded message, in order: [number, wire type]; and their payloads. */
function fields(bytes: Uint8Array): Array<{ n: number; wt: number; body?: Uint8Array }> {
  const out: Array<{ n: number; wt: number; body?: Uint8Array }> = [];
  let i = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  while (i < bytes.length) {
    const key = varint();
    const n = Math.floor(key / 8);
    const wt = key % 8;
    if (wt === VARINT) {
      varint();
      out.push({ n, wt });
    } else if (wt === BYTES) {
      const len = varint();
      out.push({ n, wt, body: bytes.subarray(i, i + len) });
      i += len;
    } else {
      throw new Error(`unexpected wire type ${wt}`);
    }
  }
  return out;
}
const numbers = (bytes: Uint8Array) => fields(bytes).map(({ n, wt }) => [n, wt]);
const dv = { msgpack: new Uint8Array([0xc0]) };
const ident = { identityData: dv };
const diag = { summary: 's' };

describe('protocol 6.9: resource identity', () => {
  it('ResourceIdentitySchema, its attributes, ResourceIdentityData', () => {
    const schema = tfplugin6.ResourceIdentitySchema.encode({
      version: 1,
      identityAttributes: [{ name: 'id', type: Buffer.from('"number"'), requiredForImport: true, optionalForImport: true, description: 'd' }],
    }).finish();
    expect(numbers(schema)).toEqual([[1, VARINT], [2, BYTES]]);
    expect(numbers(fields(schema)[1].body!)).toEqual([[1, BYTES], [2, BYTES], [3, VARINT], [4, VARINT], [5, BYTES]]);
    expect(numbers(tfplugin6.ResourceIdentityData.encode(ident).finish())).toEqual([[1, BYTES]]);
  });

  it('GetResourceIdentitySchemas and UpgradeResourceIdentity', () => {
    expect(numbers(tfplugin6.GetResourceIdentitySchemas.Response.encode({ identitySchemas: { t: { version: 1 } }, diagnostics: [diag] }).finish())).toEqual([[1, BYTES], [2, BYTES]]);
    const upgrade = tfplugin6.UpgradeResourceIdentity.Request.encode({ typeName: 't', version: 2, rawIdentity: { json: Buffer.from('{}') } }).finish();
    expect(numbers(upgrade)).toEqual([[1, BYTES], [2, VARINT], [3, BYTES]]);
    // raw_identity is a RawState: its JSON is field 1 inside.
    expect(numbers(fields(upgrade)[2].body!)).toEqual([[1, BYTES]]);
    expect(numbers(tfplugin6.UpgradeResourceIdentity.Response.encode({ upgradedIdentity: ident, diagnostics: [diag] }).finish())).toEqual([[1, BYTES], [2, BYTES]]);
  });

  it('the identity fields of existing messages', () => {
    const last = (bytes: Uint8Array) => fields(bytes).at(-1)!.n;
    expect(last(tfplugin6.ReadResource.Request.encode({ typeName: 't', currentIdentity: ident }).finish())).toBe(6);
    expect(last(tfplugin6.ReadResource.Response.encode({ newIdentity: ident }).finish())).toBe(5);
    expect(last(tfplugin6.PlanResourceChange.Request.encode({ typeName: 't', priorIdentity: ident }).finish())).toBe(8);
    expect(last(tfplugin6.PlanResourceChange.Response.encode({ plannedIdentity: ident }).finish())).toBe(7);
    expect(last(tfplugin6.ApplyResourceChange.Request.encode({ typeName: 't', plannedIdentity: ident }).finish())).toBe(7);
    expect(last(tfplugin6.ApplyResourceChange.Response.encode({ newIdentity: ident }).finish())).toBe(5);
    expect(last(tfplugin6.ImportResourceState.Request.encode({ typeName: 't', identity: ident }).finish())).toBe(4);
    expect(last(tfplugin6.ImportResourceState.ImportedResource.encode({ typeName: 't', identity: ident }).finish())).toBe(4);
    expect(numbers(tfplugin6.MoveResourceState.Request.encode({ sourceIdentity: { json: Buffer.from('{}') }, sourceIdentitySchemaVersion: 3 }).finish())).toEqual([[7, BYTES], [8, VARINT]]);
    expect(last(tfplugin6.MoveResourceState.Response.encode({ targetIdentity: ident }).finish())).toBe(4);
  });
});

describe('protocol 6.10: list resources', () => {
  it('list_resource_schemas in GetProviderSchema, list_resources in GetMetadata', () => {
    expect(numbers(tfplugin6.GetProviderSchema.Response.encode({ listResourceSchemas: { t: { version: 0 } } }).finish())).toEqual([[9, BYTES]]);
    const metadata = tfplugin6.GetMetadata.Response.encode({ listResources: [{ typeName: 't' }] }).finish();
    expect(numbers(metadata)).toEqual([[7, BYTES]]);
    expect(numbers(fields(metadata)[0].body!)).toEqual([[1, BYTES]]);
  });

  it('ListResource.Request and ListResource.Event', () => {
    expect(numbers(tfplugin6.ListResource.Request.encode({ typeName: 't', config: dv, includeResourceObject: true, limit: 100 }).finish())).toEqual([
      [1, BYTES], [2, BYTES], [3, VARINT], [4, VARINT],
    ]);
    expect(numbers(tfplugin6.ListResource.Event.encode({ identity: ident, displayName: 'n', resourceObject: dv, diagnostic: [diag] }).finish())).toEqual([
      [1, BYTES], [2, BYTES], [3, BYTES], [4, BYTES],
    ]);
    // resource_object is proto3 `optional`: absent unless set.
    expect(numbers(tfplugin6.ListResource.Event.encode({ identity: ident, displayName: 'n' }).finish())).toEqual([[1, BYTES], [2, BYTES]]);
  });

  it('ValidateListResourceConfig', () => {
    expect(numbers(tfplugin6.ValidateListResourceConfig.Request.encode({ typeName: 't', config: dv, includeResourceObject: dv, limit: dv }).finish())).toEqual([
      [1, BYTES], [2, BYTES], [3, BYTES], [4, BYTES],
    ]);
    expect(numbers(tfplugin6.ValidateListResourceConfig.Response.encode({ diagnostics: [diag] }).finish())).toEqual([[1, BYTES]]);
  });
});
