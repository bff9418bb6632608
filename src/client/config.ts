// Where the client sends requests: Workato's data centers and the checks on a custom base URL.

import { ConfigError } from './errors';

export type DataCenter = 'us' | 'eu' | 'jp' | 'sg' | 'au' | 'il' | 'trial';

/** Base URL (host root, no trailing slash, no `/api`) of each Workato data center. */
export const DATA_CENTERS: Record<DataCenter, string> = {
  us: 'https://www.workato.com',
  eu: 'https://app.eu.workato.com',
  jp: 'https://app.jp.workato.com',
  sg: 'https://app.sg.workato.com',
  au: 'https://app.au.workato.com',
  il: 'https://app.il.workato.com',
  trial: 'https://app.trial.workato.com',
};

export const DEFAULT_DATA_CENTER: DataCenter = 'us';

function isDataCenter(value: string): value is DataCenter {
  return Object.prototype.hasOwnProperty.call(DATA_CENTERS, value);
}

/** True for hosts where plain http:// is acceptable: 127.0.0.0/8, localhost and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  // WHATWG URL parsing has already normalised IPv4 forms such as 127.1 to dotted quads.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The base URL requests go to: the host root (optionally with a path prefix for a private
 * deployment), without a trailing slash and without `/api` (paths are `/api/custom_oauth_profiles…`).
 * `baseUrl` wins over `dataCenter`; an empty string counts as unset; neither gives the US data center.
 * Throws ConfigError on an unknown data center or a base URL that is malformed, carries credentials,
 * a query or a fragment, points below the API root (a path containing `/api/` or ending in
 * `custom_oauth_profiles`), or is not https:// (http:// is allowed for a loopback host only).
 * Messages repeat the scheme and host of a bad base URL, never its user info, path or query.
 */
export function resolveBaseUrl(opts: { dataCenter?: string; baseUrl?: string }): string {
  const baseUrl = opts.baseUrl?.trim();
  if (baseUrl) return checkBaseUrl(baseUrl);

  const dataCenter = (opts.dataCenter?.trim() || DEFAULT_DATA_CENTER).toLowerCase();
  if (!isDataCenter(dataCenter)) {
    throw new ConfigError(
      `Unknown Workato data center ${JSON.stringify(opts.dataCenter)}: use one of ${Object.keys(DATA_CENTERS).join(', ')}, ` +
        'or set base_url for a private deployment.',
      'data_center',
    );
  }
  return DATA_CENTERS[dataCenter];
}

function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`base_url ${JSON.stringify(redactUrlText(raw))} is not a valid URL: expected e.g. https://www.workato.com`, 'base_url');
  }
  if (url.username || url.password) {
    // Do not echo the URL: the credentials in it may be real.
    throw new ConfigError('base_url must not contain a user name or password: authentication uses the API token.', 'base_url');
  }
  // Only the scheme and host are ever repeated: a query (?api_token=…) or a path may hold secrets.
  const shown = JSON.stringify(`${url.protocol}//${url.host}`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`base_url ${shown} must use https://`, 'base_url');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      `base_url ${shown} must use https:// (the API token would travel in clear text); ` +
        'http:// is allowed only for a loopback host (127.0.0.0/8, localhost, [::1]).',
      'base_url',
    );
  }
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) {
    throw new ConfigError(`base_url (${shown}…) must not contain a query string or fragment.`, 'base_url');
  }
  // Accept the host root with or without a trailing "/api": both name the same API.
  let path = url.pathname.replace(/\/+$/, '');
  const lower = path.toLowerCase();
  // Anything deeper is a copied endpoint URL: every request would 404, and a 404 on a read looks
  // like a profile deleted in Workato.
  if (lower.includes('/api/') || lower.endsWith('custom_oauth_profiles')) {
    throw new ConfigError(
      `base_url (${shown}…) must be the host root, e.g. https://www.workato.com, not an API path: ` +
        'its path must not contain "/api/" or end in "custom_oauth_profiles" (the client adds /api/custom_oauth_profiles itself).',
      'base_url',
    );
  }
  if (lower.endsWith('/api')) path = path.slice(0, -'/api'.length);
  return `${url.protocol}//${url.host}${path}`;
}

/**
 * A text that failed to parse as a URL, fit to repeat: user info (anything before an "@") and
 * everything from a "?" or "#" on are replaced, since they may hold credentials or tokens.
 */
export function redactUrlText(raw: string): string {
  let text = raw;
  const cut = text.search(/[?#]/);
  if (cut >= 0) text = `${text.slice(0, cut)}${text[cut]}…`;
  const at = text.lastIndexOf('@');
  if (at >= 0) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/*/i.exec(text)?.[0] ?? '';
    text = `${scheme}…@${text.slice(at + 1)}`;
  }
  return text;
}

export function checkApiToken(token: unknown): string {
  const value = typeof token === 'string' ? token.trim() : '';
  if (value === '') {
    throw new ConfigError(
      'The Workato API token is empty: set api_token (or WORKATO_API_TOKEN) to the token of a Workato API client.',
      'api_token',
    );
  }
  // Do not echo the token: say only what is wrong with it.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    throw new ConfigError(
      'The Workato API token contains whitespace or control characters: copy it again from the API client page.',
      'api_token',
    );
  }
  // It travels in an HTTP header, where anything else fails (ERR_INVALID_CHAR) or is mangled.
  if (/[^\x21-\x7e]/.test(value)) {
    throw new ConfigError(
      'The Workato API token may contain only printable ASCII characters, and it contains others (for example a ' +
        'typographic quote, a non-breaking or zero-width space, or an accented letter): copy it again from the API client page.',
      'api_token',
    );
  }
  return value;
}

/** A duration option in ms: 0 or more, finite, within what a timer can wait. */
export function checkDuration(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0 && value <= 2 ** 31 - 1)) throw new RangeError(`${name} must be a number of milliseconds >= 0, got ${value}`);
  return value;
}

export function checkInteger(name: 'requests_per_minute' | 'max_retries', value: number, min: number, max: number): number {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got ${value}`, name);
  }
  return value;
}
