// The Node.js floor of `npm run bench`: the least a Terraform provider on Node.js and grpc-js can
// be. It speaks plugin protocol 6 over gRPC exactly as go-plugin requires (magic cookie, handshake
// line, AutoMTLS: a fresh ECDSA certificate, only Terraform's client certificate trusted), serves
// the real provider's schema (the `terraform providers schema -json` of the provider, handed in by
// makeEchoEntry below) and answers every call a plan or apply makes by echoing what it was sent:
//   Validate*Config, ConfigureProvider, StopProvider   no diagnostics;
//   UpgradeResourceState   the stored JSON as the DynamicValue's json (Terraform decodes it);
//   ReadResource           the current state and private data, unchanged;
//   PlanResourceChange     the proposed new state as the plan, the prior private data;
//   ApplyResourceChange    the planned state and private data;
//   ReadDataSource         the configuration.
// No API, no logging, no value decoding: request and response bytes are read and written with a
// few lines of protobuf wire format (the messages' DynamicValue bytes pass through untouched). So
// it does less than any real provider, never more: what a Node plugin costs Terraform at least.
// It is bundled with the provider's own esbuild settings (scripts/bundle.js), so that both pay the
// same for loading grpc-js; it is a plain Node.js script, without the provider's V8 code cache
// (scripts/code-cache.js), as most Node.js plugins are. Not a provider for anything but the bench.
'use strict';

const grpc = require('@grpc/grpc-js');
const { generateServerCertificate } = require('../../lib/plugin/cert.js');

const MAGIC_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

// ---------------------------------------------------------------------------------------------
// Protobuf wire format: varints and length-delimited fields are all these messages need.

function varint(n) {
  const out = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

/** A length-delimited field (bytes, string or message); nothing when the value is absent. */
function bytesField(no, value) {
  if (value === undefined) return Buffer.alloc(0);
  const b = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([varint((no << 3) | 2), varint(b.length), b]);
}

/** A varint field (int64, bool, enum); nothing when it is the default (0 / false). */
function varintField(no, value) {
  const n = Number(value);
  return n ? Buffer.concat([varint(no << 3), varint(n)]) : Buffer.alloc(0);
}

/** The length-delimited fields of a message by number (the last one of each), as sub-buffers. */
function readFields(buf) {
  const fields = [];
  let i = 0;
  const readVarint = () => {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = buf[i++];
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 128;
    }
  };
  while (i < buf.length) {
    const tag = readVarint();
    const type = tag & 7;
    if (type === 0) readVarint();
    else if (type === 1) i += 8;
    else if (type === 5) i += 4;
    else if (type === 2) {
      const len = readVarint();
      fields[tag >>> 3] = buf.subarray(i, i + len);
      i += len;
    } else throw new Error(`unsupported protobuf wire type ${type}`);
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------
// The schema, from `terraform providers schema -json`'s form into tfplugin6.Schema.

function encodeAttribute(name, a) {
  if (a.nested_type) throw new Error(`attribute ${name}: nested attributes are not supported by the echo provider`);
  return Buffer.concat([
    bytesField(1, name),
    bytesField(2, JSON.stringify(a.type)),
    bytesField(3, a.description ?? ''),
    varintField(4, a.required),
    varintField(5, a.optional),
    varintField(6, a.computed),
    varintField(7, a.sensitive),
    varintField(8, a.description_kind === 'markdown' ? 1 : 0),
    varintField(9, a.deprecated),
    varintField(11, a.write_only),
  ]);
}

const NESTING = { single: 1, list: 2, set: 3, map: 4, group: 5 };

function encodeBlock(block, version = 0) {
  return Buffer.concat([
    varintField(1, version),
    ...Object.entries(block.attributes ?? {}).map(([name, a]) => bytesField(2, encodeAttribute(name, a))),
    ...Object.entries(block.block_types ?? {}).map(([name, nb]) =>
      bytesField(
        3,
        Buffer.concat([bytesField(1, name), bytesField(2, encodeBlock(nb.block)), varintField(3, NESTING[nb.nesting_mode]), varintField(4, nb.min_items), varintField(5, nb.max_items)]),
      ),
    ),
    bytesField(4, block.description ?? ''),
    varintField(5, block.description_kind === 'markdown' ? 1 : 0),
    varintField(6, block.deprecated),
  ]);
}

const encodeSchema = (s) => Buffer.concat([varintField(1, s.version), bytesField(2, encodeBlock(s.block, s.version))]);
const mapEntry = (no, key, value) => bytesField(no, Buffer.concat([bytesField(1, key), bytesField(2, value)]));
// As the real provider: no destroy plans, schemas cacheable across instances, no state moves.
const CAPABILITIES = Buffer.concat([varintField(2, true)]);

function providerSchemaResponse(p) {
  return Buffer.concat([
    bytesField(1, encodeSchema(p.provider)),
    ...Object.entries(p.resource_schemas ?? {}).map(([name, s]) => mapEntry(2, name, encodeSchema(s))),
    ...Object.entries(p.data_source_schemas ?? {}).map(([name, s]) => mapEntry(3, name, encodeSchema(s))),
    bytesField(6, CAPABILITIES),
  ]);
}

function metadataResponse(p) {
  return Buffer.concat([
    bytesField(1, CAPABILITIES),
    ...Object.keys(p.data_source_schemas ?? {}).map((name) => bytesField(3, bytesField(1, name))),
    ...Object.keys(p.resource_schemas ?? {}).map((name) => bytesField(4, bytesField(1, name))),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The services

const EMPTY = Buffer.alloc(0);

/** Request bytes → response bytes, per RPC of tfplugin6.Provider. */
function providerHandlers(schema) {
  return {
    GetMetadata: () => metadataResponse(schema),
    GetProviderSchema: () => providerSchemaResponse(schema),
    ValidateProviderConfig: () => EMPTY,
    ValidateResourceConfig: () => EMPTY,
    ValidateDataResourceConfig: () => EMPTY,
    ConfigureProvider: () => EMPTY,
    StopProvider: () => EMPTY,
    // RawState.json (field 1 of field 3) → DynamicValue.json (field 2 of field 1).
    UpgradeResourceState: (req) => bytesField(1, bytesField(2, readFields(readFields(req)[3] ?? EMPTY)[1] ?? EMPTY)),
    ReadResource: (req) => {
      const f = readFields(req);
      return Buffer.concat([bytesField(1, f[2]), bytesField(3, f[3])]);
    },
    PlanResourceChange: (req) => {
      const f = readFields(req);
      return Buffer.concat([bytesField(1, f[3]), bytesField(3, f[5])]);
    },
    ApplyResourceChange: (req) => {
      const f = readFields(req);
      return Buffer.concat([bytesField(1, f[3]), bytesField(2, f[5])]);
    },
    ReadDataSource: (req) => bytesField(1, readFields(req)[2]),
  };
}

function service(name, handlers) {
  const def = {};
  const impl = {};
  const identity = (b) => b;
  for (const [method, handle] of Object.entries(handlers)) {
    def[method] = {
      path: `/${name}/${method}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    };
    impl[method] = (call, callback) => {
      let response;
      try {
        response = handle(call.request);
      } catch (e) {
        return callback({ code: grpc.status.INTERNAL, details: String(e && e.message) });
      }
      callback(null, response);
    };
  }
  return [def, impl];
}

/** Serves until Terraform calls Shutdown. */
function serve(schema, env = process.env) {
  if (env.TF_PLUGIN_MAGIC_COOKIE !== MAGIC_COOKIE) {
    process.stderr.write('The bench echo provider is started by Terraform only.\n');
    process.exit(1);
  }
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 256 << 20, 'grpc.max_send_message_length': 256 << 20 });
  server.addService(...service('tfplugin6.Provider', providerHandlers(schema)));
  const shutdown = () => {
    const force = setTimeout(() => process.exit(0), 250);
    server.tryShutdown(() => {
      clearTimeout(force);
      process.exit(0);
    });
  };
  const [controller, controllerImpl] = service('plugin.GRPCController', { Shutdown: () => EMPTY });
  server.addService(controller, {
    Shutdown: (call, callback) => {
      controllerImpl.Shutdown(call, callback);
      shutdown();
    },
  });
  // grpc.health.v1.HealthCheckResponse { status: SERVING }
  server.addService(...service('grpc.health.v1.Health', { Check: () => Buffer.from([0x08, 0x01]) }));

  const clientCert = env.PLUGIN_CLIENT_CERT;
  const cert = clientCert ? generateServerCertificate() : undefined;
  const credentials = cert
    ? grpc.ServerCredentials.createSsl(Buffer.from(clientCert), [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }], true)
    : grpc.ServerCredentials.createInsecure();
  server.bindAsync('127.0.0.1:0', credentials, (err, port) => {
    if (err) {
      process.stderr.write(`echo provider: ${err.message}\n`);
      process.exit(1);
    }
    const certText = cert ? cert.certDer.toString('base64').replace(/=+$/, '') : '';
    process.stdout.write(`1|6|tcp|127.0.0.1:${port}|grpc|${certText}\n`);
  });
}

/**
 * The entry module to bundle for a schema: `schemaJson` is the `provider_schemas` entry of
 * `terraform providers schema -json` for the provider ({ provider, resource_schemas, ... }).
 */
function makeEchoEntry(schemaJson) {
  return `'use strict';\nrequire(${JSON.stringify(__filename)}).serve(${JSON.stringify(schemaJson)});\n`;
}

module.exports = { serve, makeEchoEntry, providerSchemaResponse, readFields };
