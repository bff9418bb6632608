// resolveBaseUrl: data centers, custom base URLs, and the https-unless-loopback rule.

import { ConfigError, DATA_CENTERS, isLoopbackHost, resolveBaseUrl } from './index';

describe('resolveBaseUrl', () => {
  it('defaults to the US data center', () => {
    expect(resolveBaseUrl({})).toBe('https://www.workato.com');
    expect(resolveBaseUrl({ dataCenter: '', baseUrl: '' })).toBe('https://www.workato.com');
  });

  it.each(Object.entries(DATA_CENTERS))('maps data center %s to %s', (dc, url) => {
    expect(resolveBaseUrl({ dataCenter: dc })).toBe(url);
    expect(resolveBaseUrl({ dataCenter: ` ${dc.toUpperCase()} ` })).toBe(url);
  });

  it('knows the documented hosts', () => {
    expect(DATA_CENTERS).toEqual({
      us: 'https://www.workato.com',
      eu: 'https://app.eu.workato.com',
      jp: 'https://app.jp.workato.com',
      sg: 'https://app.sg.workato.com',
      au: 'https://app.au.workato.com',
      il: 'https://app.il.workato.com',
      trial: 'https://app.trial.workato.com',
    });
  });

  it('rejects an unknown data center, listing the valid ones', () => {
    expect(() => resolveBaseUrl({ dataCenter: 'mars' })).toThrow(ConfigError);
    expect(() => resolveBaseUrl({ dataCenter: 'mars' })).toThrow(/"mars".*us, eu, jp, sg, au, il, trial/);
    expect(() => resolveBaseUrl({ dataCenter: 'mars' })).toThrow(expect.objectContaining({ setting: 'data_center' }));
  });

  it('prefers base_url over data_center', () => {
    expect(resolveBaseUrl({ dataCenter: 'mars', baseUrl: 'https://workato.internal.example' })).toBe('https://workato.internal.example');
  });

  it.each([
    ['https://www.workato.com/', 'https://www.workato.com'],
    ['https://www.workato.com/api', 'https://www.workato.com'],
    ['https://www.workato.com/api/', 'https://www.workato.com'],
    ['https://vpc.example.com/workato/api', 'https://vpc.example.com/workato'],
    ['https://vpc.example.com:8443/', 'https://vpc.example.com:8443'],
    ['https://www.workato.com:443', 'https://www.workato.com'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.8.9.10:4010/api', 'http://127.8.9.10:4010'],
    ['http://localhost:4010/', 'http://localhost:4010'],
    ['http://[::1]:4010', 'http://[::1]:4010'],
  ])('normalises %s to %s', (input, expected) => {
    expect(resolveBaseUrl({ baseUrl: input })).toBe(expected);
  });

  it.each([
    ['http://www.workato.com', /must use https:\/\/.*loopback/],
    ['http://10.0.0.1:8080', /must use https:\/\//],
    ['http://localhost.example.com', /must use https:\/\//],
    ['ftp://www.workato.com', /must use https:\/\//],
    ['www.workato.com', /not a valid URL/],
    ['https://', /not a valid URL/],
    ['https://www.workato.com/?x=1', /query string or fragment/],
    ['https://www.workato.com/#top', /query string or fragment/],
  ])('rejects %s', (input, message) => {
    expect(() => resolveBaseUrl({ baseUrl: input })).toThrow(ConfigError);
    expect(() => resolveBaseUrl({ baseUrl: input })).toThrow(message);
    expect(() => resolveBaseUrl({ baseUrl: input })).toThrow(expect.objectContaining({ setting: 'base_url' }));
  });

  it('rejects credentials in the URL without echoing them', () => {
    let error: unknown;
    try {
      resolveBaseUrl({ baseUrl: 'https://user:hunter2@www.workato.com' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('resolveBaseUrl: API paths', () => {
  it.each([
    'http://127.0.0.1:4010/api/custom_oauth_profiles',
    'https://www.workato.com/api/custom_oauth_profiles/',
    'https://www.workato.com/api/custom_oauth_profiles/12',
    'https://www.workato.com/custom_oauth_profiles',
    'https://www.workato.com/API/v1',
    'https://vpc.example.com/workato/api/custom_oauth_profiles',
  ])('rejects %s: a base URL is the host root', (input) => {
    expect(() => resolveBaseUrl({ baseUrl: input })).toThrow(ConfigError);
    expect(() => resolveBaseUrl({ baseUrl: input })).toThrow(/must be the host root, e\.g\. https:\/\/www\.workato\.com/);
    expect(() => resolveBaseUrl({ baseUrl: input })).toThrow(expect.objectContaining({ setting: 'base_url' }));
  });

  it('keeps accepting a trailing /api (stripped) and a private prefix', () => {
    expect(resolveBaseUrl({ baseUrl: 'http://127.0.0.1:4010/api' })).toBe('http://127.0.0.1:4010');
    expect(resolveBaseUrl({ baseUrl: 'https://vpc.example.com/workato/api/' })).toBe('https://vpc.example.com/workato');
    expect(resolveBaseUrl({ baseUrl: 'https://vpc.example.com/apis' })).toBe('https://vpc.example.com/apis');
  });
});

describe('resolveBaseUrl: no secrets in messages', () => {
  function messageOf(baseUrl: string): string {
    try {
      resolveBaseUrl({ baseUrl });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect(e).toMatchObject({ setting: 'base_url' });
      return (e as Error).message;
    }
    throw new Error(`expected ${baseUrl} to be refused`);
  }

  it.each([
    ['https://user:s3cretpass@exa mple.com', ['user', 's3cretpass'], /not a valid URL/],
    ['https://tok3nvalue@exa mple.com/x', ['tok3nvalue'], /not a valid URL/],
    ['https://exa mple.com/?api_token=s3cretpass', ['s3cretpass', 'api_token'], /not a valid URL/],
    ['https://www.workato.com/?api_token=s3cretpass', ['s3cretpass', 'api_token'], /query string or fragment/],
    ['https://www.workato.com/#access_token=s3cretpass', ['s3cretpass', 'access_token'], /query string or fragment/],
    ['http://www.workato.com/s3cretpath', ['s3cretpath'], /must use https:\/\//],
    ['ftp://www.workato.com/s3cretpath', ['s3cretpath'], /must use https:\/\//],
    ['https://www.workato.com/t/s3cretpath/api/custom_oauth_profiles', ['s3cretpath'], /host root/],
  ])('%s: the message repeats no user info, path or query', (input, secrets, pattern) => {
    const message = messageOf(input);
    expect(message).toMatch(pattern);
    for (const secret of secrets) expect(message).not.toContain(secret);
  });

  it('still shows the scheme and host, which is what the user needs to find the mistake', () => {
    expect(messageOf('https://user:s3cretpass@exa mple.com')).toContain('"https://…@exa mple.com"');
    expect(messageOf('https://www.workato.com/?api_token=s3cretpass')).toContain('https://www.workato.com');
    expect(messageOf('http://10.0.0.1:8080/x')).toContain('"http://10.0.0.1:8080"');
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.255.255.254', 'localhost', 'LOCALHOST', '[::1]'])('%s is loopback', (h) => {
    expect(isLoopbackHost(h)).toBe(true);
  });
  it.each(['128.0.0.1', '10.0.0.1', 'localhost.example.com', '[::2]', 'www.workato.com'])('%s is not', (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });
});
