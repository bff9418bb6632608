// Unit tests of the bounded request record and its counters.

import { RequestLog, checkRecordingLimit, estimateRecordBytes } from './request-log';
import type { ReceivedRequest } from './types';

function request(n: number, method = 'GET', path = '/api/custom_oauth_profiles'): ReceivedRequest {
  return { method, path, query: {}, headers: {}, body: undefined, status: 200, at: new Date(n), correlationId: String(n) };
}

describe('RequestLog', () => {
  it('keeps the most recent maxRequests, oldest first, across many evictions', () => {
    const log = new RequestLog(10, Infinity);
    for (let i = 0; i < 5000; i++) log.add(request(i), 1);
    expect(log.list().map((r) => r.correlationId)).toEqual(Array.from({ length: 10 }, (_, i) => String(4990 + i)));
    expect(log.count()).toBe(5000);
  });

  it('forgets the oldest to stay within maxBytes, and never keeps a record larger than it', () => {
    const log = new RequestLog(Infinity, 100);
    log.add(request(1), 40);
    log.add(request(2), 40);
    log.add(request(3), 40);
    expect(log.list().map((r) => r.correlationId)).toEqual(['2', '3']);
    log.add(request(4), 101);
    expect(log.list().map((r) => r.correlationId)).toEqual(['2', '3']);
    log.add(request(5), 100);
    expect(log.list().map((r) => r.correlationId)).toEqual(['5']);
    expect(log.count()).toBe(5);
  });

  it('counts every request by method exactly, and refuses a path count once some were forgotten', () => {
    const log = new RequestLog(2, Infinity);
    log.add(request(1, 'POST'), 1);
    log.add(request(2, 'GET', '/nope'), 1);
    expect(log.count({ path: '/nope' })).toBe(1);
    log.add(request(3, 'GET'), 1);
    expect(log.count()).toBe(3);
    expect(log.count({ method: 'post' })).toBe(1);
    expect(log.count({ method: 'GET' })).toBe(2);
    expect(log.count({ method: 'PUT' })).toBe(0);
    expect(() => log.count({ path: '/nope' })).toThrow(/path filter counts recorded requests only, and 1 of 3 requests are no longer recorded/);
    log.clear();
    expect(log.list()).toEqual([]);
    expect(log.count()).toBe(0);
    expect(log.count({ path: '/nope' })).toBe(0);
  });

  it('records nothing with maxRequests 0, but still counts', () => {
    const log = new RequestLog(0, Infinity);
    log.add(request(1), 1);
    expect(log.list()).toEqual([]);
    expect(log.count({ method: 'GET' })).toBe(1);
  });

  it('estimates a record from its strings and body size', () => {
    const small = estimateRecordBytes(request(1), 0);
    expect(estimateRecordBytes(request(1), 1000)).toBe(small + 1000);
    expect(estimateRecordBytes({ ...request(1), headers: { authorization: 'x'.repeat(500) } }, 0)).toBeGreaterThan(small + 500);
  });

  it.each([-1, 1.5, NaN])('refuses the limit %p', (n) => {
    expect(() => checkRecordingLimit('maxRecordedRequests', n)).toThrow(RangeError);
    expect(() => new RequestLog(n, 1)).toThrow(/maxRecordedRequests must be a non-negative integer or Infinity/);
    expect(() => new RequestLog(1, n)).toThrow(/maxRecordedBytes/);
  });
});
