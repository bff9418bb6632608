// Workato's app identifier (`provider_name`, the API's `provider` field), in one place for the
// provider's validation and the CDKTF construct's: the pattern it must match and the suggestion
// offered when it does not. Pure functions with no imports, so any layer may use them.

/** Workato's identifier of an app: lower-case letters, digits and underscores (`google_drive`). */
export const PROVIDER_NAME_PATTERN = /^[a-z0-9_]+$/;

/** Examples for messages that explain the pattern. */
export const PROVIDER_NAME_EXAMPLES = '"hubspot", "google_drive"';

export function isProviderName(value: string): boolean {
  return PROVIDER_NAME_PATTERN.test(value);
}

/**
 * The identifier a user probably meant ("HubSpot CRM" → "hubspot_crm"), or '' when nothing is left
 * of the value: for "did you mean …?".
 */
export function suggestProviderName(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** `Did you mean "x"?` (with the given capitalisation of "did"), or '' when there is no suggestion. */
export function didYouMean(suggestion: string, capital = true): string {
  return suggestion ? `${capital ? 'Did' : 'did'} you mean "${suggestion}"?` : '';
}
