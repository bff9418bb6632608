// What the resource and both data sources share: the non-secret attributes of a profile, their
// schema, and the mapping from the client's profile to those attributes.
import type { Profile } from '../client/client';
import type { Attribute, Model } from '../plugin/framework';

type Kind = 'computed' | 'required' | 'optional';

function flag(kind: Kind): { computed: true } | { required: true } | { optional: true } {
  return kind === 'computed' ? { computed: true } : kind === 'required' ? { required: true } : { optional: true };
}

/** The profile's attributes that the API returns (everything but the secrets). */
export function profileAttributes(kinds: { id: Kind; name: Kind; provider_name: Kind; client_id: Kind }) {
  return {
    id: {
      type: 'string',
      ...flag(kinds.id),
      description: 'The profile\'s Workato id (an integer, as a string).',
    },
    name: {
      type: 'string',
      ...flag(kinds.name),
      description: 'The profile\'s name, as shown in Workato.',
    },
    provider_name: {
      type: 'string',
      ...flag(kinds.provider_name),
      description:
        'The app the profile belongs to, in Workato\'s words (`hubspot`, `salesforce`, `slack`, …). ' +
        'It is the API\'s `provider` field: Terraform reserves `provider` in resource blocks.',
    },
    client_id: {
      type: 'string',
      ...flag(kinds.client_id),
      description: 'The OAuth app\'s client id (`data.client_id`).',
    },
    user_id: {
      type: 'number',
      integer: true,
      computed: true,
      description: 'The id of the Workato user that owns the profile (a whole number).',
    },
    shared_accounts_count: {
      type: 'number',
      integer: true,
      computed: true,
      description: 'How many connections share this profile (a whole number).',
    },
    oem_customers_count: {
      type: 'number',
      integer: true,
      computed: true,
      description: 'How many embedded (OEM) customers use this profile (a whole number).',
    },
    created_at: { type: 'string', computed: true, description: 'When the profile was created (ISO 8601).' },
    updated_at: { type: 'string', computed: true, description: 'When the profile was last changed (ISO 8601).' },
  } as const satisfies Record<string, Attribute>;
}

/** The model of a profile's non-secret attributes (the same in every schema that has them). */
export type ProfileModel = Model<ReturnType<typeof profileAttributes>>;

/** The non-secret attributes of a profile, as Terraform values (the client checks each field). */
export function profileToAttributes(p: Profile): ProfileModel {
  return {
    id: String(p.id),
    name: p.name,
    provider_name: p.provider,
    client_id: p.data.client_id,
    user_id: p.user_id,
    shared_accounts_count: p.shared_accounts_count,
    oem_customers_count: p.oem_customers_count,
    created_at: p.created_at,
    updated_at: p.updated_at,
  };
}

/** Parses a profile id as Terraform holds it ("321"); null when it is not a positive integer. */
export function parseProfileId(id: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(id.trim())) return null;
  const n = Number(id.trim());
  return Number.isSafeInteger(n) ? n : null;
}
