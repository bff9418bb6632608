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
 * a query or a fragment, or is not https:// (http:// is allowed for a loopback host only).
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
    throw new ConfigError(`base_url ${JSON.stringify(raw)} is not a valid URL: expected e.g. https://www.workato.com`, 'base_url');
  }
  if (url.username || url.password) {
    // Do not echo the URL: the credentials in it may be real.
    throw new ConfigError('base_url must not contain a user name or password: authentication uses the API token.', 'base_url');
  }
  const shown = JSON.stringify(raw);
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
    throw new ConfigError(`base_url ${shown} must not contain a query string or fragment.`, 'base_url');
  }
  // Accept the host root with or without a trailing "/api": both name the same API.
  let path = url.pathname.replace(/\/+$/, '');
  if (path.toLowerCase().endsWith('/api')) path = path.slice(0, -'/api'.length);
  return `${url.protocol}//${url.host}${path}`;
}
