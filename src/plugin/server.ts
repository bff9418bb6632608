// The provider executable's main loop: go-plugin's handshake with Terraform (magic cookie, protocol
// version, TLS certificate on the first stdout line), signal handling, and prompt exit on Shutdown.

import type { Provider } from './framework';
import { type RunningServer, startServer } from './grpc';
import { logger as defaultLogger, type Logger } from './log';

/** go-plugin's handshake cookie for Terraform providers (Terraform sets it when it starts one). */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

const CORE_PROTOCOL_VERSION = 1; // go-plugin's own
const APP_PROTOCOL_VERSION = 6; // tfplugin6

export interface ServeOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Writes the handshake line; stdout by default. */
  writeHandshake?: (line: string) => void;
  /** Ends the process; process.exit by default. */
  exit?: (code: number) => void;
  /**
   * How long a handler may go on after its request was cancelled (StopProvider, shutdown, a
   * crash) before its RPC is answered with an "Operation cancelled" error; 5 s by default.
   */
  cancelGraceMs?: number;
}

/**
 * Serves `provider` to the Terraform that started this process and returns once the handshake is
 * out; the process then lives until Terraform calls Shutdown (or goes away).
 */
export async function serve<D>(provider: Provider<D>, options: ServeOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const log = options.logger ?? defaultLogger;
  const exit = options.exit ?? ((code: number) => process.exit(code));

  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write(
      `This is a Terraform provider plugin (${provider.typeName} ${provider.version}). It is not meant to be ` +
        'run directly: Terraform starts it when a configuration uses the provider.\n' +
        'Install it in a plugin directory and run "terraform init -plugin-dir=<dir>".\n',
    );
    exit(1);
    return;
  }
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  if (offered.length > 0 && !offered.includes(String(APP_PROTOCOL_VERSION))) {
    process.stderr.write(
      `This provider speaks Terraform plugin protocol ${APP_PROTOCOL_VERSION}, but this Terraform offers only ${offered.join(', ')}. Use Terraform 1.0 or later.\n`,
    );
    exit(1);
    return;
  }

  // stdout carries the handshake and nothing else: stray console output goes to stderr.
  for (const method of ['log', 'info', 'debug', 'trace'] as const) console[method] = console.error.bind(console);
  // Ctrl-C reaches the whole process group; Terraform answers it with StopProvider, which we honour.
  process.on('SIGINT', () => log.debug('Ignoring SIGINT: Terraform stops providers with StopProvider'));
  // An uncaught exception ends the process, after answering the requests in flight. It was thrown
  // from a callback (a timer, a socket event), so code that a request may be waiting on never ran
  // to its end, and Node documents the process state as undefined afterwards. Serving on could
  // leave an RPC unanswered, and Terraform waits for provider RPCs without a deadline: it would
  // hang. Instead: log it (message and stack only, never values), refuse new requests, give the
  // requests in flight the cancel grace period (then they are answered "Operation cancelled"), and
  // exit 1, so that Terraform reports that the plugin crashed rather than waiting forever. A create
  // that finished in the meantime is still answered, and so recorded in state.
  // An unhandled promise rejection is different: nobody awaits that promise (else it would be
  // handled), so no request can be waiting on it. It is logged and serving goes on.
  let running: RunningServer<D> | undefined;
  let crashing = false;
  process.on('uncaughtException', (e: unknown) => {
    log.error('Uncaught exception: the provider will exit once the requests in flight are answered', errorFields(e));
    if (crashing) return;
    crashing = true;
    const server = running;
    if (!server) {
      exit(1);
      return;
    }
    void server.provider.drain('the provider hit an internal error and is exiting').finally(() => {
      log.error('Exiting after an uncaught exception', { requests_unanswered: server.provider.requestsInFlight });
      // Let the last answers reach Terraform before the process goes.
      const force = setTimeout(() => exit(1), 1000);
      server.shutdown(() => {
        clearTimeout(force);
        exit(1);
      });
    });
  });
  process.on('unhandledRejection', (e: unknown) => log.error('Unhandled promise rejection (serving on)', errorFields(e)));

  let exiting = false;
  const shutdown = (reason: string) => {
    if (exiting) return;
    exiting = true;
    log.debug('Exiting', { reason });
    // Let the Shutdown answer reach Terraform: go-plugin closes its connection right after it,
    // which lets tryShutdown finish; the timer covers a client that does not.
    const force = setTimeout(() => exit(0), 250);
    running!.shutdown(() => {
      clearTimeout(force);
      exit(0);
    });
  };

  try {
    running = await startServer(provider, {
      clientCertPem: env.PLUGIN_CLIENT_CERT || undefined,
      logger: log,
      onShutdown: () => shutdown('Terraform called Shutdown'),
      cancelGraceMs: options.cancelGraceMs,
    });
  } catch (e) {
    // Terraform reports "plugin exited before handshake" and shows our stderr.
    process.stderr.write(`The ${provider.typeName} provider could not start its gRPC server: ${e instanceof Error ? e.message : String(e)}\n`);
    exit(1);
    return;
  }

  // If Terraform dies without calling Shutdown we are re-parented: do not linger.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown('Terraform went away');
  }, 1000).unref();

  const cert = running.certDer ? running.certDer.toString('base64').replace(/=+$/, '') : '';
  const line = `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|tcp|127.0.0.1:${running.port}|grpc|${cert}\n`;
  (options.writeHandshake ?? ((l: string) => process.stdout.write(l)))(line);
  // The Node.js bundle's code-cache loader (scripts/code-cache.js) says whether compiled code was read back.
  const codeCache = (globalThis as Record<symbol, unknown>)[Symbol.for('terraform-provider-workato.codeCache')];
  log.debug('Provider started', {
    port: running.port,
    tls: Boolean(running.certDer),
    uptime_ms: Math.round(performance.now()),
    ...(typeof codeCache === 'string' ? { code_cache: codeCache } : {}),
  });
}

/** What to log of a thrown value: its message (capped) and stack frames; never anything else. */
function errorFields(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { error: String(e).slice(0, 500) };
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return { error: `${e.name}: ${e.message}`.slice(0, 500), stack: frames.join('\n') };
}
