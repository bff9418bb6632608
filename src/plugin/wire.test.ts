// Framework values to protocol messages: diagnostics with every kind of path step, schemas, and
// client capabilities, checked through a real protobuf encode/decode round trip.

import { decodeClientCapabilities, encodeDiagnostic, encodeSchema, tfplugin6 } from './wire';

describe('diagnostics', () => {
  it('encode severity, summary, detail and attribute path steps', () => {
    const d = encodeDiagnostic({ severity: 'warning', summary: 'S', detail: 'D', attribute: ['rules', 2, 'labels', { key: 'env' }] });
    const back = tfplugin6.Diagnostic.decode(tfplugin6.Diagnostic.encode(d).finish());
    expect(back.severity).toBe(tfplugin6.Diagnostic.Severity.WARNING);
    expect(back.summary).toBe('S');
    expect(back.detail).toBe('D');
    const steps = back.attribute!.steps as tfplugin6.AttributePath.Step[];
    expect(steps.map((s) => s.selector)).toEqual(['attributeName', 'elementKeyInt', 'attributeName', 'elementKeyString']);
    expect(steps.map((s) => s[s.selector!])).toEqual(['rules', 2, 'labels', 'env']);
  });

  it('leave out the path when there is none', () => {
    const d = encodeDiagnostic({ severity: 'error', summary: 'S' });
    const back = tfplugin6.Diagnostic.decode(tfplugin6.Diagnostic.encode(d).finish());
    expect(back.severity).toBe(tfplugin6.Diagnostic.Severity.ERROR);
    expect(back.attribute).toBeNull();
  });

  it('are written with the protocol field numbers (severity 1, summary 2, detail 3, attribute 4)', () => {
    const bytes = tfplugin6.Diagnostic.encode(encodeDiagnostic({ severity: 'error', summary: 'a', detail: 'b', attribute: ['x'] })).finish();
    // 08 01 | 12 01 'a' | 1a 01 'b' | 22 05 (0a 03 (0a 01 'x'))
    expect(Buffer.from(bytes).toString('hex')).toBe('0801' + '120161' + '1a0162' + '2205' + '0a03' + '0a0178');
  });
});

describe('schemas', () => {
  it('carry version, descriptions (plain), and every attribute flag, write_only as field 11', () => {
    const s = encodeSchema({
      version: 3,
      block: {
        description: 'B',
        deprecated: true,
        attributes: { pw: { type: 'string', description: 'P', optional: true, sensitive: true, writeOnly: true, deprecated: true } },
      },
    });
    const back = tfplugin6.Schema.decode(tfplugin6.Schema.encode(s).finish());
    expect(Number(back.version)).toBe(3);
    expect(back.block).toMatchObject({ description: 'B', deprecated: true, descriptionKind: tfplugin6.StringKind.PLAIN });
    expect(back.block!.attributes![0]).toMatchObject({ name: 'pw', description: 'P', optional: true, sensitive: true, writeOnly: true, deprecated: true, required: false, computed: false });
    expect(Buffer.from(back.block!.attributes![0].type!).toString()).toBe('"string"');
    const attrBytes = Buffer.from(tfplugin6.Schema.Attribute.encode({ writeOnly: true }).finish()).toString('hex');
    expect(attrBytes).toBe('5801'); // field 11, varint
  });
});

describe('client capabilities', () => {
  it('default to nothing announced', () => {
    expect(decodeClientCapabilities(null)).toEqual({ deferralAllowed: false, writeOnlyAttributesAllowed: false });
    expect(decodeClientCapabilities({ writeOnlyAttributesAllowed: true })).toEqual({ deferralAllowed: false, writeOnlyAttributesAllowed: true });
  });
});
