// The Workato API client's public surface: the client, its options and types, data centers,
// typed errors, and the pure retry/pacing pieces (exported for tests and for the provider's docs).

export {
  WorkatoClient,
  DEFAULT_REQUESTS_PER_MINUTE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  DEFAULT_CREATE_SETTLE_MS,
  DEFAULT_CANCEL_CHECK_TIMEOUT_MS,
  MAX_PER_PAGE,
  type ClientLogger,
  type Profile,
  type ProfilePayload,
  type WrittenProfile,
  type RequestOptions,
  type WorkatoClientOptions,
} from './client';
export { DATA_CENTERS, DEFAULT_DATA_CENTER, isLoopbackHost, resolveBaseUrl, type DataCenter } from './config';
export {
  AmbiguousCreateError,
  CancelledError,
  ConfigError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnexpectedResponseError,
  UnreadableWriteAnswerError,
  ValidationError,
  WorkatoError,
  REDACTED,
  createRedactor,
  type ConfigSetting,
  type FieldErrors,
  type UnexpectedReason,
  type WorkatoErrorInit,
} from './errors';
export { CustomOAuthProfiles, PROFILES_PATH } from './custom-oauth-profiles';
export {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  classifyNetworkError,
  parseRetryAfter,
  shouldRetry,
  type AttemptOutcome,
  type HttpMethod,
  type RetryDecision,
  type RetryPolicy,
} from './retry';
export { SlidingWindowLimiter, type Permit } from './limiter';
export { systemClock, type Clock } from './clock';
