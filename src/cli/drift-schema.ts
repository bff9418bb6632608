// Which attributes workato-drift compares, hides and ignores, read from the provider's own schema
// so that the report follows it: the resource's type, the fields Workato returns that a
// configuration sets, its sensitive attributes, and its computed-only ones.

import type { Attribute } from '../plugin';
import { customOAuthProfileDataSource, customOAuthProfileResource } from '../provider';

const attributes: Array<[string, Attribute]> = Object.entries(customOAuthProfileResource.schema.block.attributes);
// The data source reads a profile by id: its attributes are what Workato returns.
const returnedByWorkato = new Set(Object.keys(customOAuthProfileDataSource.schema.block.attributes));

export const RESOURCE_TYPE: string = customOAuthProfileResource.typeName;

/**
 * The attributes a reviewer can compare: set in the configuration and returned by Workato (the data
 * source has them), not sensitive. Secrets are never listed: Workato never returns them.
 */
export const COMPARED_FIELDS: readonly string[] = attributes
  .filter(([name, a]) => (a.required || a.optional) && !a.sensitive && returnedByWorkato.has(name))
  .map(([name]) => name);

/** Attributes whose values the report must never show (only their names). */
export const SECRET_FIELDS: readonly string[] = attributes.filter(([, a]) => a.sensitive).map(([name]) => name);

/** Computed-only attributes: Workato moves them in ordinary use (counts, updated_at); no change of apply's. */
export const COMPUTED_FIELDS: readonly string[] = attributes
  .filter(([, a]) => a.computed && !a.required && !a.optional)
  .map(([name]) => name);
