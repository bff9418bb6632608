// How the client reaches Workato from a corporate network, as Go providers do (net/http's
// ProxyFromEnvironment and Go's certificate loading on Linux): which proxy the environment chooses
// for the base URL (HTTPS_PROXY / NO_PROXY), a CONNECT tunnel through it in an agent of our own,
// the extra trusted roots of SSL_CERT_FILE / SSL_CERT_DIR, and the error of a proxy that refused.
// axios's own proxy handling is switched off (`proxy: false` in transport.ts): only this applies.
//
// Only light modules load with this file (provider start-up matters): node:http, node:https and
// node:tls are required when the first agent is made.

import type * as httpTypes from 'node:http';
import type * as httpsTypes from 'node:https';
import type { Duplex } from 'node:stream';
import type * as tlsTypes from 'node:tls';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import * as net from 'node:net';
import { domainToASCII } from 'node:url';
import { isLoopbackHost, redactUrlText } from './config';
import { ConfigError, NetworkError, WorkatoError, type WorkatoErrorInit } from './errors';
import type { AttemptOutcome } from './retry';

/** The environment the network settings are read from (process.env unless a test passes one). */
export type NetworkEnv = Readonly<Record<string, string | undefined>>;

/** A variable's value and the name it was read under (HTTPS_PROXY or https_proxy). */
export interface EnvSetting {
  name: string;
  value: string;
}

/**
 * The first of `names` that is set to a non-empty value, as Go's httpproxy reads them: the
 * upper-case name first, then the lower-case one (an empty HTTPS_PROXY lets https_proxy apply).
 */
export function envAny(env: NetworkEnv, ...names: string[]): EnvSetting | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// IP addresses, as 16 bytes (an IPv4 address as ::ffff:a.b.c.d, as Go's net.IP holds it)

/** Parses an IPv4 or IPv6 address (no brackets, no zone); undefined for anything else. */
export function parseIp(text: string): Uint8Array | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.');
    // Like Go since 1.17: no leading zeros (they meant octal to some parsers).
    if (parts.some((p) => p.length > 1 && p.startsWith('0')) || parts.some((p) => Number(p) > 255)) return undefined;
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    parts.forEach((p, i) => (out[12 + i] = Number(p)));
    return out;
  }
  if (!net.isIPv6(text) || text.includes('%')) return undefined;
  let groups: number[] = [];
  const toGroups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const v4 = parseIp(piece);
        if (!v4) throw new Error('bad embedded IPv4');
        out.push((v4[12] << 8) | v4[13], (v4[14] << 8) | v4[15]);
      } else {
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  try {
    const halves = text.split('::');
    if (halves.length === 2) {
      const head = toGroups(halves[0]);
      const tail = toGroups(halves[1]);
      groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
    } else {
      groups = toGroups(text);
    }
  } catch {
    return undefined;
  }
  if (groups.length !== 8) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

function isV4Mapped(ip: Uint8Array): boolean {
  return ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
}

function isLoopbackIp(ip: Uint8Array): boolean {
  if (isV4Mapped(ip)) return ip[12] === 127;
  return ip.subarray(0, 15).every((b) => b === 0) && ip[15] === 1;
}

/** Whether the first `bits` bits of a and b agree. */
function samePrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a[i] & mask) !== (b[i] & mask)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// NO_PROXY

type NoProxyEntry =
  | { kind: 'all'; text: string }
  | { kind: 'cidr'; text: string; ip: Uint8Array; bits: number; v4: boolean }
  | { kind: 'ip'; text: string; ip: Uint8Array; port: string }
  | { kind: 'domain'; text: string; domain: string; port: string };

/** Splits `host:port` and `[v6]:port`; a text with no port or with several colons (a bare IPv6) is all host. */
function splitEntry(entry: string): { host: string; port: string } {
  if (entry.startsWith('[')) {
    const end = entry.indexOf(']');
    if (end > 0) {
      const rest = entry.slice(end + 1);
      if (rest === '') return { host: entry.slice(1, end), port: '' };
      if (rest.startsWith(':')) return { host: entry.slice(1, end), port: rest.slice(1) };
    }
    return { host: entry, port: '' };
  }
  const colon = entry.indexOf(':');
  if (colon >= 0 && colon === entry.lastIndexOf(':')) return { host: entry.slice(0, colon), port: entry.slice(colon + 1) };
  return { host: entry, port: '' };
}

/**
 * NO_PROXY's hosts, as Go's httpproxy reads them: a comma-separated list; `*` alone matches
 * every host; an IP address or a CIDR range matches addresses; a domain name matches itself and
 * its subdomains, with or without a leading `.` (or `*.`); an entry may end in `:port` (IP
 * addresses as `[v6]:port`), and then only requests to that port match. Entries are
 * case-insensitive, blanks around them are ignored, and one that cannot be read is skipped.
 *
 * One deviation from Go, as DESIGN.md says: Go's `.example.com` matches only subdomains; here it
 * matches example.com itself too.
 */
export class NoProxy {
  readonly entries: readonly NoProxyEntry[];

  constructor(text: string) {
    const entries: NoProxyEntry[] = [];
    for (const raw of text.split(',')) {
      const entry = raw.trim().toLowerCase();
      if (entry === '') continue;
      if (entry === '*') {
        entries.push({ kind: 'all', text: entry });
        continue;
      }
      const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
      if (cidr) {
        const ip = parseIp(cidr[1]);
        const v4 = ip !== undefined && !cidr[1].includes(':');
        const bits = Number(cidr[2]);
        if (ip && bits <= (v4 ? 32 : 128)) entries.push({ kind: 'cidr', text: entry, ip, bits: v4 ? 96 + bits : bits, v4 });
        continue;
      }
      const { host, port } = splitEntry(entry);
      if (host === '') continue;
      const ip = parseIp(host);
      if (ip) {
        entries.push({ kind: 'ip', text: entry, ip, port });
        continue;
      }
      let domain = host.startsWith('*.') ? host.slice(2) : host.startsWith('.') ? host.slice(1) : host;
      domain = domain.replace(/\.$/, '');
      if (domain === '') continue;
      const ascii = domainToASCII(domain);
      entries.push({ kind: 'domain', text: entry, domain: ascii || domain, port });
    }
    this.entries = entries;
  }

  /**
   * The entry that matches a request to `host` (a URL's hostname: lower case, IDNA, IPv6 with or
   * without brackets) on `port` (the URL's, or the scheme's default), or undefined.
   */
  match(host: string, port: string): string | undefined {
    const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const ip = parseIp(name);
    for (const entry of this.entries) {
      switch (entry.kind) {
        case 'all':
          return entry.text;
        case 'cidr':
          if (ip && (!entry.v4 || isV4Mapped(ip)) && samePrefix(ip, entry.ip, entry.bits)) return entry.text;
          break;
        case 'ip':
          if (ip && samePrefix(ip, entry.ip, 128) && (entry.port === '' || entry.port === port)) return entry.text;
          break;
        case 'domain': {
          if (ip) break;
          const bare = name.replace(/\.$/, '');
          if ((bare === entry.domain || bare.endsWith(`.${entry.domain}`)) && (entry.port === '' || entry.port === port)) return entry.text;
          break;
        }
      }
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The proxy and the route

/** A proxy the environment named, without its credentials except in `authorization`. */
export interface ProxyEndpoint {
  /** The variable that named it, e.g. HTTPS_PROXY. */
  variable: string;
  protocol: 'http:' | 'https:';
  /** Host name or IP address (an IPv6 address without brackets). */
  host: string;
  port: number;
  /** scheme://host[:port], never the user name or password: for messages and logs. */
  shown: string;
  /** `Basic …` from the URL's user info, sent to the proxy alone; undefined without user info. */
  authorization?: string;
  /** The user name, the password and the Basic token: what a redactor must hide. */
  secrets: string[];
}

/**
 * Reads a proxy URL as Go does: a value without a scheme is read with "http://" in front (so
 * `proxy.corp:3128` is http://proxy.corp:3128); a port
 * defaults to the scheme's (80, 443). Throws ConfigError naming the variable for a value that is
 * not a URL, or a socks5 proxy (not supported); the message never repeats the user info.
 */
export function parseProxyUrl(setting: EnvSetting): ProxyEndpoint {
  const { name, value } = setting;
  const parse = (text: string): URL | undefined => {
    try {
      return new URL(text);
    } catch {
      return undefined;
    }
  };
  // `host:port` (which URL would read as a scheme "host:") is an http:// proxy, as in Go.
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? parse(value) : parse(`http://${value}`);
  const shownRaw = JSON.stringify(redactUrlText(value));
  if (!url || !url.hostname) {
    throw new ConfigError(`${name} (${shownRaw}) is not a proxy URL: expected e.g. http://proxy.example.com:3128.`);
  }
  if (url.protocol === 'socks5:' || url.protocol === 'socks5h:') {
    throw new ConfigError(`${name} names a SOCKS proxy (${shownRaw}): only http:// and https:// proxies are supported.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} (${shownRaw}) must be an http:// or https:// proxy URL.`);
  }
  const protocol = url.protocol;
  const port = url.port ? Number(url.port) : protocol === 'https:' ? 443 : 80;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const endpoint: ProxyEndpoint = { variable: name, protocol, host, port, shown: `${protocol}//${url.host}`, secrets: [] };
  if (url.username || url.password) {
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const user = decode(url.username);
    const password = decode(url.password);
    const token = Buffer.from(`${user}:${password}`).toString('base64');
    endpoint.authorization = `Basic ${token}`;
    endpoint.secrets = [...new Set([url.username, user, url.password, password, token, `${user}:${password}`].filter((s) => s !== ''))];
  }
  return endpoint;
}

/** Where requests to the base URL go, and why. */
export type Route =
  | { kind: 'proxy'; proxy: ProxyEndpoint }
  | {
      kind: 'direct';
      /** `loopback`: never proxied; `no-proxy`: NO_PROXY matched; `no-proxy-variable`: no proxy variable set. */
      reason: 'loopback' | 'no-proxy' | 'no-proxy-variable';
      /** The proxy variable that NO_PROXY overrode, or that a loopback host ignored. */
      proxyVariable?: string;
      /** NO_PROXY's variable and its matching entry. */
      noProxyVariable?: string;
      noProxyEntry?: string;
    };

/**
 * The route of requests to `target`, as Go's ProxyFromEnvironment chooses it: HTTPS_PROXY /
 * https_proxy for an https URL, HTTP_PROXY / http_proxy for an http URL (no fallback from one to
 * the other), none for a loopback host (localhost, 127.0.0.0/8, ::1), none where NO_PROXY /
 * no_proxy matches the host and port. Throws ConfigError for a proxy URL it cannot use.
 */
export function selectRoute(target: URL, env: NetworkEnv): Route {
  const names = target.protocol === 'https:' ? ['HTTPS_PROXY', 'https_proxy'] : target.protocol === 'http:' ? ['HTTP_PROXY', 'http_proxy'] : [];
  const setting = envAny(env, ...names);
  if (!setting) return { kind: 'direct', reason: 'no-proxy-variable' };
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const ip = parseIp(host);
  if (host === 'localhost' || isLoopbackHost(target.hostname) || (ip && isLoopbackIp(ip))) {
    return { kind: 'direct', reason: 'loopback', proxyVariable: setting.name };
  }
  const noProxy = envAny(env, 'NO_PROXY', 'no_proxy');
  if (noProxy) {
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    const entry = new NoProxy(noProxy.value).match(target.hostname, port);
    if (entry !== undefined) return { kind: 'direct', reason: 'no-proxy', proxyVariable: setting.name, noProxyVariable: noProxy.name, noProxyEntry: entry };
  }
  return { kind: 'proxy', proxy: parseProxyUrl(setting) };
}

/** The route in words, for a log line or an error's note. */
export function describeRoute(route: Route, host: string): string {
  if (route.kind === 'proxy') return `through the proxy ${route.proxy.shown} from ${route.proxy.variable}`;
  switch (route.reason) {
    case 'no-proxy':
      return `directly, not through the proxy of ${route.proxyVariable}: ${route.noProxyVariable} entry ${JSON.stringify(route.noProxyEntry)} matches ${host}`;
    case 'loopback':
      return `directly, not through the proxy of ${route.proxyVariable}: ${host} is a loopback host`;
    case 'no-proxy-variable':
      return 'directly (no proxy variable is set)';
  }
}

// ---------------------------------------------------------------------------------------------
// Trusted roots

/** Certificates added to Node's own roots, and where they came from. */
export interface ExtraRoots {
  /** PEM blocks. */
  pems: string[];
  /** e.g. `SSL_CERT_FILE /etc/corp/ca.pem (2 certificates)`, for the log. */
  sources: string[];
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM certificate blocks in a text. */
export function pemCertificates(text: string): string[] {
  return text.match(PEM_CERTIFICATE)?.map((block) => `${block}\n`) ?? [];
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}

/**
 * The roots of SSL_CERT_FILE (one PEM bundle) and SSL_CERT_DIR (directories separated by ":",
 * each file in them a PEM bundle), read now. A file named by SSL_CERT_FILE that cannot be read or
 * holds no PEM certificate, and a directory of SSL_CERT_DIR that exists but cannot be listed, are
 * a ConfigError naming the variable. As in Go, a directory that does not exist is skipped, and so
 * are files in a directory that cannot be read or hold no certificate (hash links, READMEs).
 */
export function loadExtraRoots(env: NetworkEnv): ExtraRoots {
  const pems: string[] = [];
  const sources: string[] = [];
  const file = env.SSL_CERT_FILE;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`SSL_CERT_FILE names ${JSON.stringify(file)}, which cannot be read (${errorCode(err)}): set it to a PEM file of CA certificates, or unset it.`);
    }
    const found = pemCertificates(text);
    if (found.length === 0) {
      throw new ConfigError(
        `SSL_CERT_FILE names ${JSON.stringify(file)}, which holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block): ` +
          'set it to a PEM file of CA certificates, or unset it.',
      );
    }
    pems.push(...found);
    sources.push(`SSL_CERT_FILE ${file} (${found.length} certificate${found.length === 1 ? '' : 's'})`);
  }
  const dirs = (env.SSL_CERT_DIR ?? '').split(':').filter((d) => d !== '');
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      if (errorCode(err) === 'ENOENT') {
        sources.push(`SSL_CERT_DIR ${dir} (does not exist, skipped)`);
        continue;
      }
      throw new ConfigError(`SSL_CERT_DIR names ${JSON.stringify(dir)}, which cannot be read as a directory (${errorCode(err)}): fix or unset SSL_CERT_DIR.`);
    }
    let count = 0;
    for (const name of names) {
      const path = `${dir.replace(/\/+$/, '')}/${name}`;
      try {
        if (!statSync(path).isFile()) continue;
        const found = pemCertificates(readFileSync(path, 'utf8'));
        pems.push(...found);
        count += found.length;
      } catch {
        // As Go: an unreadable entry (a dangling link, no permission) is skipped.
      }
    }
    sources.push(`SSL_CERT_DIR ${dir} (${count} certificate${count === 1 ? '' : 's'})`);
  }
  return { pems, sources };
}

/**
 * Node's own roots, which a `ca` option would otherwise replace: with tls.getCACertificates
 * (Node 22.15 and later) exactly what Node trusts by default (its bundled roots, the system's
 * with --use-system-ca, and NODE_EXTRA_CA_CERTS); on older Node its bundled roots and the file of
 * NODE_EXTRA_CA_CERTS, read here. An unreadable NODE_EXTRA_CA_CERTS file is skipped, as Node
 * itself does (it warns at start-up).
 */
export function nodeDefaultRoots(env: NetworkEnv): string[] {
  const tls = loadTls();
  const getCACertificates = (tls as { getCACertificates?: (type?: string) => string[] }).getCACertificates;
  if (typeof getCACertificates === 'function') return [...getCACertificates('default')];
  const roots = [...tls.rootCertificates];
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (extra) {
    try {
      roots.push(...pemCertificates(readFileSync(extra, 'utf8')));
    } catch {
      // Node warned about it at start-up and runs without them: so does the client.
    }
  }
  return roots;
}

// ---------------------------------------------------------------------------------------------
// Failures of the proxy, and the error they become

/** How talking to the proxy failed, before any byte went to Workato. */
export type ProxyFailureKind =
  /** The proxy answered CONNECT with a status other than 2xx. */
  | 'status'
  /** No connection to the proxy (refused, unknown host, unreachable, reset before an answer). */
  | 'unreachable'
  /** The TLS handshake with an https:// proxy failed. */
  | 'tls'
  /** The proxy closed the connection without answering. */
  | 'closed'
  /** No answer within the request timeout. */
  | 'timeout'
  /** Not an HTTP/1.x answer, or one too long. */
  | 'protocol';

/**
 * The socket-level error of a failed CONNECT, as the agent reports it to the request (axios
 * keeps it as the `cause` of its error). Its message holds no credentials.
 */
export class ProxyConnectFailure extends Error {
  override readonly name: string = 'ProxyConnectFailure';
  constructor(
    readonly kind: ProxyFailureKind,
    readonly proxy: ProxyEndpoint,
    /** `host:port` of the tunnel asked for. */
    readonly target: string,
    readonly details: {
      status?: number;
      /** The status's standard reason phrase, or the proxy's own (cleaned) if there is none. */
      statusText?: string;
      /** The socket or TLS error code. */
      code?: string;
      /** The schemes of Proxy-Authenticate headers (a 407): Basic, Negotiate, NTLM, … */
      authSchemes?: string[];
      timeoutMs?: number;
      /** The underlying error's message, for `unreachable` and `tls`. */
      cause?: string;
    } = {},
  ) {
    super(describeFailure(kind, proxy, target, details));
  }

  get code(): string | undefined {
    return this.details.code;
  }

  /** Whether the request is worth sending again: a proxy that could not be reached or was busy. */
  get transient(): boolean {
    switch (this.kind) {
      case 'unreachable':
      case 'closed':
      case 'timeout':
        return true;
      case 'status':
        return this.details.status === 502 || this.details.status === 503 || this.details.status === 504;
      case 'tls':
      case 'protocol':
        return false;
    }
  }

  /** The outcome the retry policy decides on: nothing reached Workato, so even a create may be resent. */
  get attemptOutcome(): AttemptOutcome {
    return { kind: 'network', requestSent: false, transient: this.transient };
  }
}

function describeFailure(kind: ProxyFailureKind, proxy: ProxyEndpoint, target: string, d: ProxyConnectFailure['details']): string {
  const who = `the proxy ${proxy.shown} from ${proxy.variable}`;
  switch (kind) {
    case 'status':
      return `${who} answered ${d.status}${d.statusText ? ` ${d.statusText}` : ''} to CONNECT ${target}`;
    case 'unreachable':
      return `could not connect to ${who}${d.code ? ` (${d.code})` : d.cause ? ` (${d.cause})` : ''}`;
    case 'tls':
      return `the TLS connection to ${who} failed${d.code ? ` (${d.code}${d.cause ? `: ${d.cause}` : ''})` : d.cause ? ` (${d.cause})` : ''}`;
    case 'closed':
      return `${who} closed the connection without answering CONNECT ${target}`;
    case 'timeout':
      return `${who} did not answer CONNECT ${target} within ${(d.timeoutMs ?? 0) / 1000} s`;
    case 'protocol':
      return `${who} did not answer CONNECT ${target} with HTTP/1.x${d.cause ? ` (${d.cause})` : ''}`;
  }
}

/** The ProxyConnectFailure behind an error (itself, or its `cause`, as axios wraps it). */
export function findProxyFailure(err: unknown): ProxyConnectFailure | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    if (current instanceof ProxyConnectFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A request that failed at the proxy the environment chose (HTTPS_PROXY): it never reached
 * Workato. A NetworkError, so that what handles those handles it, with its own message.
 */
export class ProxyError extends NetworkError {
  override readonly name: string = 'ProxyError';
  /** The proxy, scheme://host[:port], without credentials. */
  readonly proxy: string;
  /** The variable that named the proxy: HTTPS_PROXY or https_proxy. */
  readonly proxyVariable: string;
  readonly kind: ProxyFailureKind;
  /** The proxy's status answer to CONNECT (e.g. 407). */
  declare readonly proxyStatus?: number;

  /** `init` and `summary` must already be scrubbed (see transport.ts). */
  constructor(init: WorkatoErrorInit, failure: ProxyConnectFailure, summary: string = failure.message) {
    super({ ...init, status: undefined, statusText: undefined }, failure.code);
    this.proxy = failure.proxy.shown;
    this.proxyVariable = failure.proxy.variable;
    this.kind = failure.kind;
    if (failure.details.status !== undefined) this.proxyStatus = failure.details.status;
    const facts = ['The request did not reach Workato.'];
    if (failure.details.status === 407) {
      facts.push(
        failure.proxy.authorization
          ? `The user name and password in ${failure.proxy.variable} were sent (Basic) and refused.`
          : `${failure.proxy.variable} holds no user name and password (http://USER:PASSWORD@host:port).`,
      );
      const schemes = failure.details.authSchemes ?? [];
      if (schemes.length > 0 && !schemes.some((s) => s.toLowerCase() === 'basic')) {
        facts.push(`The proxy asks for ${schemes.join(', ')} authentication; only Basic is supported.`);
      }
    }
    // The message as WorkatoError composes it, with the proxy's words in place of NetworkError's.
    this.message = new WorkatoError({ ...init, status: undefined, statusText: undefined, detail: undefined }, summary, facts.join(' ')).message;
  }
}

// ---------------------------------------------------------------------------------------------
// The agents

function loadTls(): typeof tlsTypes {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:tls') as typeof tlsTypes;
}

/** The longest answer head to CONNECT the client reads. */
const MAX_CONNECT_HEAD_BYTES = 16 * 1024;

/** Printable ASCII only, cut: text from the proxy that may reach a message. */
function clean(text: string, max = 80): string {
  return text.replace(/[^\x20-\x7e]/g, '').trim().slice(0, max);
}

export interface NetworkOptions {
  /** How long the CONNECT exchange with the proxy may take. */
  connectTimeoutMs: number;
  /** Sent to the proxy with CONNECT. */
  userAgent?: string;
}

/** The network settings of one base URL: its route, extra roots, and the agents that apply them. */
export interface Network {
  readonly route: Route;
  readonly extraRoots: ExtraRoots;
  /** The proxy's credentials, for redactors: empty without a proxy or without user info. */
  readonly secrets: readonly string[];
  /** The route and the trust, in words, for a debug log line. */
  readonly summary: Record<string, unknown>;
  /** The agents for axios (made on first call; they need node:http, node:https and node:tls). */
  agents(): { httpAgent: httpTypes.Agent; httpsAgent: httpsTypes.Agent };
}

/**
 * Reads the network environment for `baseUrl` now (the route, SSL_CERT_FILE and SSL_CERT_DIR),
 * so that a wrong setting is a ConfigError when the client is made, not at its first request.
 */
export function resolveNetwork(baseUrl: string, env: NetworkEnv, options: NetworkOptions): Network {
  const target = new URL(baseUrl);
  const route = selectRoute(target, env);
  if (route.kind === 'proxy' && target.protocol !== 'https:') {
    // Unreachable: base_url allows http:// only for a loopback host, which is never proxied.
    throw new ConfigError(`${route.proxy.variable} cannot be used for ${target.protocol}// base URLs.`, 'base_url');
  }
  const extraRoots = target.protocol === 'https:' ? loadExtraRoots(env) : { pems: [], sources: [] };
  let agents: { httpAgent: httpTypes.Agent; httpsAgent: httpsTypes.Agent } | undefined;
  return {
    route,
    extraRoots,
    secrets: route.kind === 'proxy' ? route.proxy.secrets : [],
    summary: {
      route: describeRoute(route, target.hostname),
      ...(extraRoots.sources.length > 0 ? { extraRoots: extraRoots.sources.join('; ') } : {}),
    },
    agents() {
      return (agents ??= makeAgents(route, extraRoots, env, options));
    },
  };
}

function makeAgents(route: Route, extraRoots: ExtraRoots, env: NetworkEnv, options: NetworkOptions) {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const http = require('node:http') as typeof httpTypes;
  const https = require('node:https') as typeof httpsTypes;
  const tls = loadTls();
  /* eslint-enable @typescript-eslint/no-require-imports */

  // One secure context for every connection (a `ca` per connection would parse every root again).
  let context: tlsTypes.SecureContext | undefined;
  const secureContext = (): tlsTypes.SecureContext | undefined => {
    if (extraRoots.pems.length === 0) return undefined;
    return (context ??= tls.createSecureContext({ ca: [...nodeDefaultRoots(env), ...extraRoots.pems] }));
  };
  // As Node's global agents: keep-alive, free sockets closed after 5 s.
  const poolOptions = { keepAlive: true, scheduling: 'lifo' as const, timeout: 5_000 };

  class WorkatoHttpsAgent extends https.Agent {
    override createConnection(
      connectOptions: httpsTypes.RequestOptions,
      callback?: (err: Error | null, stream: Duplex) => void,
    ): Duplex | null | undefined {
      const ctx = secureContext();
      const given = connectOptions as httpsTypes.RequestOptions & { secureContext?: tlsTypes.SecureContext };
      const opts = ctx && !given.secureContext ? { ...given, secureContext: ctx } : given;
      if (route.kind !== 'proxy') return super.createConnection(opts, callback);
      const reply = once((err: Error | null, stream?: Duplex) => (stream ? callback?.(null, stream) : callback?.(err ?? new Error('no connection'), undefined as unknown as Duplex)));
      openTunnel(route.proxy, opts, ctx, options, tls, (err, socket) => {
        if (err || !socket) return reply(err ?? new Error('no tunnel'));
        try {
          // TLS to Workato inside the tunnel, with Node's own session reuse and host name check.
          const secured = super.createConnection({ ...opts, socket } as unknown as httpsTypes.RequestOptions, () => undefined);
          if (!secured) return reply(new Error('no TLS socket'));
          reply(null, secured);
        } catch (e) {
          socket.destroy();
          reply(e instanceof Error ? e : new Error(String(e)));
        }
      });
      return undefined;
    }
  }

  return { httpAgent: new http.Agent(poolOptions), httpsAgent: new WorkatoHttpsAgent(poolOptions) };
}

function once<A extends unknown[]>(fn: ((...args: A) => void) | undefined): (...args: A) => void {
  let called = false;
  return (...args: A) => {
    if (called || !fn) return;
    called = true;
    fn(...args);
  };
}

/**
 * Opens a CONNECT tunnel to the request's host and port through `proxy` (over TLS for an https://
 * proxy) and hands the connected socket on, or a ProxyConnectFailure. Proxy-Authorization goes
 * on the CONNECT request only: what follows is TLS to Workato, which the proxy cannot read.
 */
export function openTunnel(
  proxy: ProxyEndpoint,
  request: { host?: string | null; hostname?: string | null; port?: number | string | null },
  secureContext: tlsTypes.SecureContext | undefined,
  options: NetworkOptions,
  tls: typeof tlsTypes,
  callback: (err: Error | null, socket?: net.Socket) => void,
): void {
  const host = String(request.hostname || request.host || '').replace(/^\[(.*)\]$/, '$1');
  const port = Number(request.port) || 443;
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const done = once(callback);
  const fail = (kind: ProxyFailureKind, details: ProxyConnectFailure['details'] = {}): void => {
    socket.destroy();
    done(new ProxyConnectFailure(kind, proxy, target, details));
  };

  const socket: net.Socket =
    proxy.protocol === 'https:'
      ? tls.connect({
          host: proxy.host,
          port: proxy.port,
          servername: net.isIP(proxy.host) ? undefined : proxy.host,
          ...(secureContext ? { secureContext } : {}),
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect({ host: proxy.host, port: proxy.port });
  let connected = false;
  socket.setTimeout(options.connectTimeoutMs, () => fail('timeout', { timeoutMs: options.connectTimeoutMs }));
  socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
    connected = true;
    const lines = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`];
    if (proxy.authorization) lines.push(`Proxy-Authorization: ${proxy.authorization}`);
    if (options.userAgent) lines.push(`User-Agent: ${options.userAgent}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
  const onError = (err: Error): void => {
    const code = (err as { code?: string }).code;
    const tlsFailure = proxy.protocol === 'https:' && !connected && code !== undefined && !/^E[A-Z]+$/.test(code);
    if (tlsFailure) return fail('tls', { code, cause: clean(err.message, 200) });
    if (connected && (code === 'ECONNRESET' || code === 'EPIPE')) return fail('closed', { code });
    fail('unreachable', { code, cause: clean(err.message, 200) });
  };
  const onEnd = (): void => fail('closed');
  socket.on('error', onError);
  socket.once('end', onEnd);
  socket.once('close', onEnd);

  let head = Buffer.alloc(0);
  const onReadable = (): void => {
    let chunk: Buffer | null;
    while ((chunk = socket.read() as Buffer | null) !== null) {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_CONNECT_HEAD_BYTES) return fail('protocol', { cause: 'the answer head is too long' });
        continue;
      }
      socket.removeListener('readable', onReadable);
      const text = head.subarray(0, end).toString('latin1');
      const [statusLine, ...headerLines] = text.split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
      if (!m) return fail('protocol', { cause: `it said ${JSON.stringify(clean(statusLine, 40))}` });
      const status = Number(m[1]);
      if (status < 200 || status > 299) {
        const authSchemes = headerLines
          .filter((l) => /^proxy-authenticate\s*:/i.test(l))
          .map((l) => clean(l.slice(l.indexOf(':') + 1)).split(/[\s,]/)[0])
          .filter((s) => s !== '');
        return fail('status', { status, statusText: STATUS_CODES[status] ?? clean(m[2] ?? ''), authSchemes });
      }
      if (head.length > end + 4) {
        // Nothing may come before Workato's TLS answer to our hello, which is not sent yet.
        return fail('protocol', { cause: 'it sent data before the tunnel was used' });
      }
      socket.setTimeout(0);
      socket.removeAllListeners('timeout');
      socket.removeListener('error', onError);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onEnd);
      // From here the TLS socket to Workato reports the errors; this keeps a late one on the
      // tunnel's own socket from going unhandled.
      socket.on('error', () => undefined);
      done(null, socket);
      return;
    }
  };
  socket.on('readable', onReadable);
}
