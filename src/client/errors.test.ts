// Typed errors: what each message says (facts only: the advice is the provider's), and the redactor
// that keeps secrets out.

import { inspect } from 'node:util';
import {
  AmbiguousCreateError,
  CancelledError,
  createRedactor,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  REDACTED,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnexpectedResponseError,
  ValidationError,
  WorkatoError,
} from './index';
import { redactDeep } from './errors';

const where = { method: 'PUT', path: '/api/custom_oauth_profiles/7' };

describe('error messages', () => {
  it('name the method, path, status, Workato message, field errors and correlation id', () => {
    const e = new ValidationError({
      ...where,
      status: 400,
      statusText: 'Bad Request',
      correlationId: 'abc123',
      workatoMessage: 'Validation failed',
      fieldErrors: { name: ["can't be blank"], provider: ['is not included in the list'] },
      attempts: 1,
    });
    expect(e).toBeInstanceOf(WorkatoError);
    expect(e.name).toBe('ValidationError');
    expect(e.message).toBe(
      'Workato API PUT /api/custom_oauth_profiles/7 failed with 400 Bad Request. Workato says: "Validation failed". ' +
        "Field errors: name can't be blank; provider is not included in the list [x-correlation-id: abc123].",
    );
    expect(e.fieldErrors).toEqual({ name: ["can't be blank"], provider: ['is not included in the list'] });
    expect(e.status).toBe(400);
    expect(e.correlationId).toBe('abc123');
  });

  it.each([
    [new UnauthorizedError({ ...where, status: 401 }), /failed with 401\.$/],
    [new ForbiddenError({ ...where, status: 403 }), /failed with 403\.$/],
    [new NotFoundError({ ...where, status: 404 }), /failed with 404\.$/],
    [new RateLimitError({ ...where, status: 429, attempts: 6 }, 30), /failed with 429: rate limit exceeded \(after 6 attempts\)\. Workato asked to wait 30 s\.$/],
    [new ServerError({ ...where, status: 502 }), /502: Workato server error\.$/],
    [new TimeoutError(where, 60_000), /failed: no answer within 60 s\.$/],
    [new NetworkError({ ...where, detail: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' }, 'ECONNREFUSED'), /could not get an answer from Workato \(ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:9\)\.$/],
    [new CancelledError(where), /PUT \/api\/custom_oauth_profiles\/7 failed: cancelled\.$/],
    [new UnexpectedResponseError({ ...where, status: 302 }, 'redirect'), /failed with 302: unexpected redirect\.$/],
  ])('#%# says what failed, and names no Terraform setting or command', (error, pattern) => {
    expect(error).toBeInstanceOf(WorkatoError);
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain('PUT /api/custom_oauth_profiles/7');
    expect(error.message).not.toMatch(/base_url|requests_per_minute|request_timeout_seconds|terraform /);
  });

  it('show the full URL in place of the path when it is known', () => {
    const url = 'https://vpc.example.com/workato/api/custom_oauth_profiles/7';
    const e = new NotFoundError({ ...where, url, status: 404, statusText: 'Not Found' });
    expect(e.message).toMatch(/^Workato API PUT https:\/\/vpc\.example\.com\/workato\/api\/custom_oauth_profiles\/7 failed with 404 Not Found\./);
    expect(e.url).toBe(url);
    expect(e.path).toBe(where.path);
  });

  it('an ambiguous create lists the ids that may be the caller\'s, lowest first', () => {
    const e = new AmbiguousCreateError({ method: 'POST', path: '/api/custom_oauth_profiles' }, [9, 4]);
    expect(e).toBeInstanceOf(WorkatoError);
    expect(e.name).toBe('AmbiguousCreateError');
    expect(e.candidateIds).toEqual([4, 9]);
    expect(e.message).toMatch(/ambiguous, these ids may be yours: 4, 9\. .*It was not sent again\.$/);
  });

  it('keep typed extras', () => {
    expect(new RateLimitError(where, 12).retryAfterSeconds).toBe(12);
    expect(new NetworkError(where, 'ECONNRESET').code).toBe('ECONNRESET');
    expect(new TimeoutError(where, 1500).message).toContain('1.5 s');
  });

  it('show only what is known in JSON and inspect', () => {
    const e = new NotFoundError({ ...where, status: 404 });
    expect(JSON.parse(JSON.stringify(e))).toEqual({ name: 'NotFoundError', method: 'PUT', path: where.path, status: 404 });
    expect(inspect(e)).not.toContain('undefined');
  });
});

describe('createRedactor', () => {
  it('replaces every occurrence of every secret, longest first', () => {
    const redact = createRedactor(['abc', 'abcdef', undefined, '']);
    expect(redact('x abcdef y abc z')).toBe(`x ${REDACTED} y ${REDACTED} z`);
    expect(redact('nothing here')).toBe('nothing here');
  });

  it('reaches into plain data', () => {
    const redact = createRedactor(['s3cret']);
    expect(redactDeep({ a: ['is s3cret'], b: { s3cret: 1 }, n: 2 }, redact)).toEqual({
      a: [`is ${REDACTED}`],
      b: { [REDACTED]: 1 },
      n: 2,
    });
  });
});

describe('createRedactor: encoded forms of a secret', () => {
  const secret = 'wrkprod-Secret/Value+with?chars=1';
  const redact = createRedactor([secret]);

  it.each(['', 'a', 'ab', 'abc', 'user:', 'Bearer '])('base64 and base64url of the secret after %j (each byte alignment)', (prefix) => {
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = Buffer.from(`${prefix}${secret}`).toString(encoding);
      const out = redact(`Authorization: Basic ${encoded}`);
      expect(out).toContain(REDACTED);
      // What is left is the prefix's encoding and at most two bytes of the secret at either end.
      const leftover = out.replace('Authorization: Basic ', '').split(REDACTED).join('');
      expect(leftover.length).toBeLessThanOrEqual(Math.ceil((prefix.length * 4) / 3) + 8);
    }
  });

  it('URL-encoded (once, twice, with + for spaces) and hex', () => {
    const spaced = 'a secret with spaces & more';
    const r = createRedactor([spaced]);
    for (const form of [encodeURIComponent(spaced), encodeURIComponent(encodeURIComponent(spaced)), encodeURIComponent(spaced).replace(/%20/g, '+'), Buffer.from(spaced).toString('hex')]) {
      expect(r(`x=${form}&y=1`)).toBe(`x=${REDACTED}&y=1`);
    }
  });
});
