// Turns API client errors into Terraform diagnostics: a summary that says what failed, the
// client's message (what failed: status, Workato's message, field errors, correlation id), the
// attribute when Workato named a field, and the advice: which setting or command fixes it.
import {
  AmbiguousCreateError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnexpectedResponseError,
  ValidationError,
  WorkatoError,
} from '../client/errors';
// Only the type: network.ts is loaded with the client, not at start-up (see provider.ts).
import type { ProxyError } from '../client/network';
import { AttributePath, Diagnostics } from '../plugin/framework';

/** Workato payload fields → the resource attribute that sets them. */
export type FieldMap = Record<string, string>;

const BASE_URL_ADVICE = 'Check base_url: it must be the Workato host root, e.g. https://www.workato.com.';

/** A failure at the proxy that HTTPS_PROXY / https_proxy chose (see src/client/network.ts). */
function isProxyError(err: unknown): err is ProxyError {
  return err instanceof NetworkError && err.name === 'ProxyError';
}

/** TLS errors that mean "no trusted root for this certificate" (a private CA, or a TLS-inspecting proxy). */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/** The advice for an error of the network or the proxy: what to check, never base_url for the proxy's. */
function networkAdvice(err: NetworkError): string {
  if (isProxyError(err)) {
    const variable = err.proxyVariable;
    if (err.proxyStatus === 407) {
      return (
        `Check the user name and password in ${variable} (http://USER:PASSWORD@host:port, percent-encoded), ` +
        `or, if Workato should be reached without the proxy, add its host to NO_PROXY.`
      );
    }
    if (err.kind === 'tls') {
      return (
        `Check the scheme of ${variable} (most proxies take http://, even for https:// targets), and, if the proxy's ` +
        'certificate comes from a private CA, trust it with SSL_CERT_FILE (a PEM file), SSL_CERT_DIR or NODE_EXTRA_CA_CERTS.'
      );
    }
    return `Check ${variable} (the proxy's address, and that it allows CONNECT to Workato's host on port 443), or, if Workato should be reached without the proxy, add its host to NO_PROXY.`;
  }
  if (err.code !== undefined && UNTRUSTED_CERTIFICATE_CODES.has(err.code)) {
    return (
      "The server's certificate is not signed by a trusted CA. If your network uses a private CA (or a proxy that " +
      'inspects TLS), add its certificate with SSL_CERT_FILE (a PEM file), SSL_CERT_DIR or NODE_EXTRA_CA_CERTS.'
    );
  }
  return 'Check base_url / data_center and the network connection (HTTPS_PROXY and NO_PROXY, firewall, DNS).';
}

/** What a Terraform user can do about an API error, in the provider's words; '' when nothing. */
export function apiErrorAdvice(err: unknown): string {
  if (err instanceof AmbiguousCreateError) {
    return (
      'Several identical profiles (same name, provider and client_id) exist. Check these profiles in Workato, ' +
      'import the one to manage (terraform import) and delete any extra.'
    );
  }
  if (err instanceof ValidationError) return 'Fix the values Workato rejected and try again.';
  if (err instanceof UnauthorizedError) {
    return "Check the API token (and the data center or base URL it belongs to), and that the API client's role includes custom OAuth profiles.";
  }
  if (err instanceof ForbiddenError) {
    return "Check that custom OAuth profiles are enabled for the Workato account and that the API client's role allows this action.";
  }
  if (err instanceof NotFoundError) return 'The custom OAuth profile does not exist: it may have been deleted in Workato.';
  if (err instanceof RateLimitError) {
    return 'Lower requests_per_minute (other tools using the same Workato account share the limit), or retry later.';
  }
  if (err instanceof ServerError) {
    return 'This is usually temporary: retry later, and contact Workato support with the correlation id if it persists.';
  }
  if (err instanceof NetworkError) return networkAdvice(err);
  if (err instanceof TimeoutError) {
    return 'Workato gives up on a request after 40 s on its side; raise request_timeout_seconds if the network is slow, or retry later.';
  }
  if (err instanceof UnexpectedResponseError) {
    if (err.reason === 'misrouted') return `${BASE_URL_ADVICE} Requests went to ${err.url ?? err.path}.`;
    if (err.reason === 'no-pagination') return 'The server does not seem to support pagination: check base_url.';
    return BASE_URL_ADVICE;
  }
  return '';
}

/** The client's message followed by the provider's advice. */
export function apiErrorDetail(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const advice = apiErrorAdvice(err);
  return advice ? `${message} ${advice}` : message;
}

export function addApiError(diags: Diagnostics, summary: string, err: unknown, fields: FieldMap = {}): void {
  if (err instanceof ValidationError) {
    const fieldErrors = err.fieldErrors ?? {};
    let placed = false;
    for (const [field, messages] of Object.entries(fieldErrors)) {
      const attribute = fields[field];
      if (!attribute) continue;
      placed = true;
      const path: AttributePath = [attribute];
      diags.addError(
        summary,
        `Workato rejected ${attribute}: ${[messages].flat().join(', ')}.\n\n${apiErrorDetail(err)}`,
        path,
      );
    }
    if (placed) return;
  }
  if (err instanceof WorkatoError || err instanceof Error) {
    diags.addError(summary, apiErrorDetail(err));
    return;
  }
  diags.addError(summary, String(err));
}
