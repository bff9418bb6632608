// The emulator's HTTP plumbing, the same for every endpoint: the shape of an answer, reading and
// parsing request bodies, request targets and headers, and writing answers (also for broken HTTP).

import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';

/** Bodies above this many bytes get 413 (1 MiB; profiles are a few hundred bytes). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** An answer before it is written (or dropped). */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** `{"message": text}` with a status: Workato's shape for every error but validation. */
export function message(status: number, text: string, headers?: Record<string, string>): Reply {
  return { status, body: { message: text }, headers };
}

/** Workato's 400: `{"message":"Validation failed","errors":{"field":["message", …]}}`. */
export function validationFailed(errors: Record<string, string[]>): Reply {
  return { status: 400, body: { message: 'Validation failed', errors } };
}

/** 200 with the API's `result` wrapper. */
export function ok(result: unknown): Reply {
  return { status: 200, body: { result } };
}

export function newCorrelationId(): string {
  return randomBytes(12).toString('hex');
}

/**
 * Writes a reply as JSON; every answer carries the content type, an `x-correlation-id`, and a
 * `Date` from the emulator's clock (Node would use the real one; clients compare it with
 * `created_at`, which comes from the emulator's clock).
 */
export function writeReply(res: http.ServerResponse, reply: Reply, correlationId: string, date: Date): void {
  // 204 and 304 carry no body by definition (only a status fault can produce them).
  const body = reply.status === 204 || reply.status === 304 ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    date: date.toUTCString(),
    'x-correlation-id': correlationId,
    ...reply.headers,
  });
  res.end(body);
}

/**
 * Node answers unparseable HTTP itself with a bare 400; answer in the API's shape instead, so
 * even that response is JSON with a correlation id.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, date: Date): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request header fields too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request timeout']
        : [400, 'Bad request: malformed HTTP'];
  const body = JSON.stringify({ message: text });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      `date: ${date.toUTCString()}\r\n` +
      `x-correlation-id: ${newCorrelationId()}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}

/** Splits a request target by hand: `new URL('//x', base)` would read "//x" as a host. */
export function splitTarget(target: string): { path: string; query: Record<string, string> } {
  const q = target.indexOf('?');
  let path = q < 0 ? target : target.slice(0, q);
  // Rails routes ignore one trailing slash; so does the emulator.
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : target.slice(q + 1)));
  return { path, query };
}

export function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** A URL host for what the server listens on: wildcard addresses become loopback, IPv6 gets brackets. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  if (host.includes(':') && !host.startsWith('[')) return `[${host}]`;
  return host;
}

/** A request body once read: the bytes kept, whether it was over the limit, and its JSON. */
export interface Body {
  raw: Buffer;
  tooLarge: boolean;
  /** The parsed body; undefined when empty, too large, not JSON, or not kept. */
  json: unknown;
  malformed: boolean;
}

/**
 * Reads the whole body, keeping at most MAX_BODY_BYTES (the rest is drained so keep-alive works),
 * and parses it as JSON. With `keep` false it only measures it: the answer will not depend on it.
 */
export async function readBody(req: http.IncomingMessage, keep: boolean): Promise<Body> {
  const { raw, tooLarge } = await readBytes(req, keep);
  let json: unknown;
  let malformed = false;
  if (!tooLarge && raw.length > 0) {
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      malformed = true;
    }
  }
  return { raw, tooLarge, json, malformed };
}

function readBytes(req: http.IncomingMessage, keep: boolean): Promise<{ raw: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
      } else if (keep) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve({ raw: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}
