// The V8 start-up snapshot of the standalone executable for the machine that builds the release
// (Node's single-executable `useSnapshot`, see scripts/release/standalone.js). Node runs the script
// made here once, at build time, and the executable starts from the heap it left: every module of
// the provider's start-up already loaded and evaluated (grpc-js, protobufjs and the protocol, the
// plugin framework, the provider and its schemas), so a start no longer parses or runs any of it;
// and, compiled, the code of a plan's calls, which a warm-up (src/plugin/warm-up.ts) ran in memory.
//
// What the snapshot must not hold, and how each is kept out:
// - Sockets, timers, the TLS key and certificate, anything of the environment Terraform passes
//   (magic cookie, PLUGIN_CLIENT_CERT, PLUGIN_PROTOCOL_VERSIONS, TF_LOG...): the provider's entry
//   (src/cli/terraform-provider-workato.ts) does not serve at load; it hands its main function to
//   this script's hook instead, and that function runs only after restore: it reads the environment,
//   makes the key and certificate, binds the port and writes the handshake.
// - Node's http, https, http2 and tls modules: their native bindings cannot be serialized (building
//   fails with "global handle not serialized" / "Unknown external reference"). The bundle gets each
//   as a stand-in that loads the real module on first use, after restore; while building, any use
//   fails the build with the module's and property's name. One read is answered at build time:
//   http2.constants (grpc-js reads it at load), a copy taken from the same Node binary beforehand.
// - Values read from the environment at load: while the bundle is evaluated, process.env records
//   the names read. The snapshot is built with an empty environment, so every such value is the
//   default. After restore, if one of them is set (GRPC_TRACE, TF_LOG, ...; except NO_EFFECT), the
//   snapshot's modules may hold a stale reading: the executable then evaluates the bundle afresh
//   (what an executable without a snapshot always does) and serves from that, so every variable
//   means what it means for the Node.js bundle.
// - Errors made at load (a module's sentinel error): Node 22.23 cannot serialize an Error whose
//   stack was captured but not yet formatted (the build aborts with std::length_error), so no stack
//   is captured while the bundle is evaluated (Error.stackTraceLimit undefined); such errors have no
//   `stack`. The limit is restored before the snapshot is taken.
// A snapshot is specific to one Node binary (version, platform, architecture): only the executable
// of the platform that builds it carries one; the other platforms' run their bundle as before.
'use strict';

/**
 * Variables a module reads at load whose value cannot change what the provider does, so a start
 * from the snapshot ignores them (each one a grpc-js setting of gRPC clients, or of the default
 * roots, which a server given Terraform's certificate never uses).
 */
const NO_EFFECT = [
  'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', // roots used only where no root certificate is given
  'GRPC_NODE_USE_ALTERNATIVE_RESOLVER', // client channels' name resolution
  'GRPC_EXPERIMENTAL_ENABLE_OUTLIER_DETECTION', // client channels' load balancing
];

/** Node built-ins that cannot be in a snapshot: the bundle gets stand-ins for them. */
const DEFERRED_BUILTINS = ['http', 'https', 'http2', 'tls'];

/** The global through which the provider's entry hands its main function to the snapshot builder. */
const HOOK = 'terraform-provider-workato.snapshot';

/**
 * The snapshot builder script for `bundleCode` (the provider's CommonJS bundle, without its #!
 * line). `http2Constants` is `require('http2').constants` of the Node binary that builds it.
 */
function snapshotMain(bundleCode, { http2Constants }) {
  if (bundleCode.startsWith('#!')) throw new Error('snapshotMain: strip the #! line first');
  return `'use strict';
// Made by scripts/release/snapshot.js: the start-up snapshot builder of terraform-provider-workato.
(${builder.toString()})(require, ${JSON.stringify({ http2Constants, noEffect: NO_EFFECT, deferred: DEFERRED_BUILTINS, hook: HOOK })}, function (require, module, exports, __filename, __dirname) {
${bundleCode}
}, __filename, __dirname);
`;
}

/**
 * Runs in the snapshot builder (its source is copied into the script above, so it may use nothing
 * from this file's scope). `builtinRequire` is the builder's require (Node's built-ins only);
 * `bundle` evaluates the provider's bundle with the require it is given.
 */
function builder(builtinRequire, settings, bundle, filename, dirname) {
  const { startupSnapshot } = builtinRequire('v8');
  if (!startupSnapshot || !startupSnapshot.isBuildingSnapshot()) {
    throw new Error('this script builds a start-up snapshot (useSnapshot); it does not run on its own');
  }
  let building = true;

  // Stand-ins for the built-ins that cannot be in a snapshot: loaded on first use after restore.
  const deferred = new Set(settings.deferred);
  const standIns = new Map();
  const standIn = (name) => {
    let real;
    const load = (what) => {
      if (real) return real;
      if (building) {
        throw new Error(`the bundle used ${name}.${String(what)} while the start-up snapshot was being built; ${name} cannot be in a snapshot (see scripts/release/snapshot.js)`);
      }
      return (real = builtinRequire(name));
    };
    const handler = {
      get: (_, prop) => (!real && name === 'http2' && prop === 'constants' ? settings.http2Constants : Reflect.get(load(prop), prop)),
      set: (_, prop, value) => Reflect.set(load(prop), prop, value),
      has: (_, prop) => Reflect.has(load(prop), prop),
      ownKeys: () => Reflect.ownKeys(load('(keys)')),
      getOwnPropertyDescriptor: (_, prop) => {
        const d = Reflect.getOwnPropertyDescriptor(load(prop), prop);
        if (d) d.configurable = true; // the stand-in's own target has no such property
        return d;
      },
      defineProperty: (_, prop, d) => Reflect.defineProperty(load(prop), prop, d),
      deleteProperty: (_, prop) => Reflect.deleteProperty(load(prop), prop),
      getPrototypeOf: () => Reflect.getPrototypeOf(load('(prototype)')),
    };
    return new Proxy(Object.create(null), handler);
  };
  const snapshotRequire = (id) => {
    const name = typeof id === 'string' && id.startsWith('node:') ? id.slice(5) : id;
    if (!deferred.has(name)) return builtinRequire(id);
    if (!standIns.has(name)) standIns.set(name, standIn(name));
    return standIns.get(name);
  };

  // The environment the modules read at load, by name.
  const realEnv = process.env;
  const readAtLoad = new Set();
  const note = (k) => {
    if (building && typeof k === 'string') readAtLoad.add(k);
  };
  const recordingEnv = new Proxy(realEnv, {
    get: (t, k) => (note(k), Reflect.get(t, k)),
    has: (t, k) => (note(k), Reflect.has(t, k)),
    getOwnPropertyDescriptor: (t, k) => (note(k), Reflect.getOwnPropertyDescriptor(t, k)),
    ownKeys: (t) => (note('*'), Reflect.ownKeys(t)),
  });

  let main;
  let warmUp;
  globalThis[Symbol.for(settings.hook)] = (fn, warm) => {
    main = fn;
    warmUp = warm;
  };
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = undefined;
  process.env = recordingEnv;
  const fresh = () => {
    const m = { exports: {}, id: '.', filename, loaded: false, children: [], paths: [] };
    return { module: m, run: (req) => bundle.call(m.exports, req, m, m.exports, filename, dirname) };
  };
  const done = () => {
    process.env = realEnv;
    Error.stackTraceLimit = stackTraceLimit;
    delete globalThis[Symbol.for(settings.hook)];
    building = false;
  };
  try {
    const first = fresh();
    first.run(snapshotRequire);
  } catch (e) {
    done();
    throw e;
  }
  if (typeof main !== 'function') {
    done();
    throw new Error(`the bundle did not hand its main function to globalThis[Symbol.for(${JSON.stringify(settings.hook)})]: is it the provider's bundle?`);
  }
  // The warm-up (src/plugin/warm-up.ts) runs a plan's per-call code once, so that the snapshot holds
  // it compiled; in memory only (promises, no timer), done before Node takes the snapshot, with the
  // same guards as the bundle's evaluation (stand-ins that fail the build, the environment recorded,
  // no stacks). A failure fails the build.
  let mayDiffer = [];
  const finish = () => {
    done();
    const names = [...readAtLoad].sort();
    if (names.includes('*')) throw new Error('a module listed the whole environment while loading: a snapshot cannot tell which values it kept');
    const noEffect = new Set(settings.noEffect);
    mayDiffer = names.filter((n) => !noEffect.has(n));
    // Regular expressions compiled at build time stay compiled: Node's listen (and grpc-js) test the
    // address with net.isIPv6, whose large pattern costs a few milliseconds to compile.
    builtinRequire('net').isIPv6('127.0.0.1');
    builtinRequire('net').isIPv6('::1');
    // For scripts/release/standalone.js, which reports what the snapshot will check (fd 1 directly:
    // process.stdout would be a stream to tear down before the snapshot is taken).
    builtinRequire('fs').writeSync(1, `${JSON.stringify({ envReadAtLoad: names, envMakesFreshStart: mayDiffer, warmedUp: typeof warmUp === 'function' })}\n`);
  };
  if (typeof warmUp === 'function') {
    Promise.resolve()
      .then(() => warmUp())
      .then(finish, (e) => {
        done();
        // An unhandled rejection ends the build (exit 1): no snapshot of a half-run warm-up.
        throw new Error(`the warm-up of the start-up snapshot failed: ${e && e.message ? e.message : e}`);
      });
  } else {
    finish();
  }

  startupSnapshot.setDeserializeMainFunction(() => {
    const set = mayDiffer.filter((n) => process.env[n] !== undefined);
    if (set.length === 0) {
      main();
      return;
    }
    // Debug level: Terraform shows it under TF_LOG=debug or trace, as it does the provider's own.
    const line = {
      '@level': 'debug',
      '@message': 'Starting without the start-up snapshot: an environment variable read at load is set',
      '@module': 'provider',
      '@timestamp': new Date().toISOString(),
      variables: set.join(','),
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
    fresh().run(builtinRequire);
  });
}

module.exports = { snapshotMain, NO_EFFECT, DEFERRED_BUILTINS, HOOK };
