// The `workato` provider: its configuration (with environment fallbacks), validation, and the
// configured API client handed to every resource, data source and list resource.
// Only the light parts of the client load at start-up: see loadClient below.
import type { WorkatoClient } from '../client/client';
import { DATA_CENTERS, resolveBaseUrl } from '../client/config';
import { ConfigError } from '../client/errors';
import {
  ConfigureProviderRequest,
  ConfigureProviderResponse,
  defineSchema,
  Diagnostics,
  getModel,
  isUnknown,
  ModelOf,
  Provider,
  TfBigNumber,
  Unknown,
  ValidateConfigRequest,
  ValidateConfigResponse,
} from '../plugin/framework';
import { logger } from '../plugin/log';
import { customOAuthProfileDataSource } from './custom-oauth-profile-data-source';
import { customOAuthProfileListResource } from './custom-oauth-profile-list-resource';
import { customOAuthProfileResource } from './custom-oauth-profile-resource';
import { customOAuthProfilesDataSource } from './custom-oauth-profiles-data-source';
import { known, knownNumber } from './values';
import { PROVIDER_VERSION } from './version';

/** What `configure` hands to resources and data sources. */
export interface WorkatoProviderData {
  client: WorkatoClient;
}

const DATA_CENTER_NAMES = Object.keys(DATA_CENTERS);

export const providerSchema = defineSchema({
  version: 0,
  block: {
    description:
      'Manages Workato Custom OAuth profiles through the Workato Developer API. ' +
      'The token, data center, base URL and request rate may instead come from environment variables.',
    attributes: {
      api_token: {
        type: 'string',
        optional: true,
        sensitive: true,
        description:
          'The token of a Workato API client whose role includes custom OAuth profiles. ' +
          'Defaults to the environment variable `WORKATO_API_TOKEN`.',
      },
      data_center: {
        type: 'string',
        optional: true,
        description:
          `The Workato data center of the workspace: one of ${DATA_CENTER_NAMES.map((n) => `\`${n}\``).join(', ')}. ` +
          'Defaults to the environment variable `WORKATO_DATA_CENTER`, else `us`.',
      },
      base_url: {
        type: 'string',
        optional: true,
        description:
          'The API host, overriding `data_center` (private deployments, the local emulator), e.g. ' +
          '`https://workato.example.com`. Must be `https://`, except for a loopback host, where `http://` ' +
          'is allowed. Defaults to the environment variable `WORKATO_BASE_URL`.',
      },
      requests_per_minute: {
        type: 'number',
        integer: true,
        optional: true,
        description:
          'Client-side pacing of API calls: at most this many requests in any 60 seconds, a whole number from 1 to ' +
          '1,000,000, shared by all concurrent operations of one provider process. ' +
          'Workato allows 60 requests per minute on these endpoints. Defaults to the environment variable ' +
          '`WORKATO_REQUESTS_PER_MINUTE`, else 60.',
      },
      max_retries: {
        type: 'number',
        integer: true,
        optional: true,
        description:
          'How many times a request is retried (a whole number from 0 to 100) after a 429, a 5xx, a timeout or a ' +
          'network fault, waiting as `Retry-After` asks or with exponential backoff. A create is retried only ' +
          'once it is certain that Workato did not create the profile. Defaults to 5.',
      },
      request_timeout_seconds: {
        type: 'number',
        integer: true,
        optional: true,
        description:
          'How long one attempt of a request may take before it is abandoned and retried (see `max_retries`), ' +
          'in seconds: a whole number from 1 to 2,147,483 (almost 25 days). ' +
          'Workato itself gives up after 40 seconds. Defaults to 60.',
      },
    },
  },
});

type ProviderModel = ModelOf<typeof providerSchema>;
type NumberValue = number | TfBigNumber | null | Unknown;

/** Checks the arguments that are known; run at validate time and again at configure time. */
function validateProviderConfig(config: ProviderModel, diags: Diagnostics): void {
  const dataCenter = known(config.data_center);
  if (dataCenter !== null && !DATA_CENTER_NAMES.includes(dataCenter.trim().toLowerCase())) {
    diags.addError(
      'Unknown Workato data center',
      `data_center is "${dataCenter}"; use one of ${DATA_CENTER_NAMES.join(', ')}, ` +
        'or set base_url for a private deployment.',
      ['data_center'],
    );
  }
  const baseUrl = known(config.base_url);
  if (baseUrl !== null && baseUrl.trim() === '') {
    // Not "unset": an empty value would otherwise fall back to data_center and send the token there.
    diags.addError(
      'Empty base_url',
      'base_url is set but empty. Set it to the API host (e.g. https://workato.example.com), or leave it out ' +
        'to use data_center or the environment variable WORKATO_BASE_URL.',
      ['base_url'],
    );
  } else if (baseUrl !== null) {
    try {
      resolveBaseUrl({ baseUrl });
    } catch (e) {
      diags.addError('Invalid base_url', e instanceof Error ? e.message : String(e), ['base_url']);
    }
  }
  const apiToken = known(config.api_token);
  if (apiToken !== null && apiToken.trim() === '') {
    diags.addError(
      'Empty Workato API token',
      'api_token is set but empty. Set it to the token of a Workato API client, or leave it out and set WORKATO_API_TOKEN.',
      ['api_token'],
    );
  }
  checkWholeNumber(config.requests_per_minute, 'requests_per_minute', 1, diags);
  checkWholeNumber(config.max_retries, 'max_retries', 0, diags);
  checkWholeNumber(config.request_timeout_seconds, 'request_timeout_seconds', 1, diags);
}

/** The framework refuses fractions (the schema declares these `integer`); the minimum is ours. */
function checkWholeNumber(value: NumberValue, name: string, min: number, diags: Diagnostics): void {
  const v = knownNumber(value);
  if (v !== null && (!Number.isInteger(v) || v < min)) {
    diags.addError(`Invalid ${name}`, `${name} must be a whole number of at least ${min}; got ${v}.`, [name]);
  }
}

/** An argument's value from config, else from its environment variable. */
function fromConfigOrEnv(value: string | null | Unknown, envName: string): string | undefined {
  const v = known(value);
  if (v !== null) return v;
  const env = process.env[envName];
  return env === undefined || env === '' ? undefined : env;
}

function numberFromConfigOrEnv(
  value: NumberValue,
  name: string,
  envName: string | undefined,
  diags: Diagnostics,
): number | undefined {
  const v = knownNumber(value);
  if (v !== null) return v;
  if (!envName) return undefined;
  const env = process.env[envName];
  if (env === undefined || env === '') return undefined;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1) {
    diags.addError(`Invalid ${envName}`, `The environment variable ${envName} must be a whole number of at least 1; got "${env}".`, [name]);
    return undefined;
  }
  return n;
}

/**
 * The API client module, loaded on first configure: it brings axios, the largest part of start-up,
 * and Terraform starts several provider processes per command that only validate or read schemas.
 */
function loadClient(): typeof import('../client/client') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../client/client');
}

function configure(req: ConfigureProviderRequest, resp: ConfigureProviderResponse<WorkatoProviderData>): void {
  const diagnostics = resp.diagnostics;
  const config = getModel(providerSchema, req.config, diagnostics, 'configuration');
  if (diagnostics.hasErrors()) return;
  for (const name of Object.keys(providerSchema.block.attributes) as Array<keyof ProviderModel>) {
    if (isUnknown(config[name])) {
      diagnostics.addError(
        `${name} is not known yet`,
        `The provider's ${name} depends on a value that is known only after apply. ` +
          'Use a value known at plan time, such as a variable or an environment variable.',
        [name],
      );
    }
  }
  validateProviderConfig(config, diagnostics);
  if (diagnostics.hasErrors()) return;

  const apiToken = fromConfigOrEnv(config.api_token, 'WORKATO_API_TOKEN');
  if (apiToken === undefined || apiToken.trim() === '') {
    diagnostics.addError(
      'Missing Workato API token',
      'Set api_token in the provider "workato" block (from a sensitive variable) or the environment variable ' +
        'WORKATO_API_TOKEN to the token of a Workato API client whose role includes custom OAuth profiles.',
      ['api_token'],
    );
    return;
  }
  const dataCenter = fromConfigOrEnv(config.data_center, 'WORKATO_DATA_CENTER');
  const baseUrl = fromConfigOrEnv(config.base_url, 'WORKATO_BASE_URL');
  const requestsPerMinute = numberFromConfigOrEnv(config.requests_per_minute, 'requests_per_minute', 'WORKATO_REQUESTS_PER_MINUTE', diagnostics);
  const maxRetries = numberFromConfigOrEnv(config.max_retries, 'max_retries', undefined, diagnostics);
  const timeoutSeconds = numberFromConfigOrEnv(config.request_timeout_seconds, 'request_timeout_seconds', undefined, diagnostics);
  if (diagnostics.hasErrors()) return;

  try {
    const { WorkatoClient: Client } = loadClient();
    const client: WorkatoClient = new Client({
      apiToken,
      dataCenter,
      baseUrl,
      requestsPerMinute,
      maxRetries,
      requestTimeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
      userAgent: `terraform-provider-workato/${PROVIDER_VERSION} (Terraform ${req.terraformVersion || 'unknown'})`,
      logger: logger.named('client'),
    });
    resp.providerData = { client };
    // The client loads axios on its first request; load it as soon as this answer is out instead,
    // while Terraform prepares the reads and plans that will need it (see preloadAxios).
    setTimeout(() => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require('../client/transport') as typeof import('../client/transport')).preloadAxios();
      } catch {
        // The first request reports what went wrong.
      }
    }, 0).unref();
  } catch (e) {
    // Config values were validated above, so this is a setting that came from the environment.
    const setting = e instanceof ConfigError ? e.setting : undefined;
    const attribute =
      setting && setting in providerSchema.block.attributes ? setting : baseUrl !== undefined ? 'base_url' : 'data_center';
    diagnostics.addError(
      'Invalid Workato provider configuration',
      e instanceof Error ? e.message : String(e),
      [attribute],
    );
  }
}

/** The provider, as the plugin server serves it. */
export function workatoProvider(): Provider<WorkatoProviderData> {
  return {
    typeName: 'workato',
    version: PROVIDER_VERSION,
    schema: providerSchema,
    validate(req: ValidateConfigRequest, resp: ValidateConfigResponse) {
      const config = getModel(providerSchema, req.config, resp.diagnostics, 'configuration');
      if (resp.diagnostics.hasErrors()) return;
      validateProviderConfig(config, resp.diagnostics);
    },
    configure,
    resources: [customOAuthProfileResource],
    dataSources: [customOAuthProfileDataSource, customOAuthProfilesDataSource],
    // `terraform query` (Terraform ≥ 1.14); older Terraform and OpenTofu never ask for it.
    listResources: [customOAuthProfileListResource],
  };
}
