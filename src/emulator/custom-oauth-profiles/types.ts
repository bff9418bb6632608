// The custom OAuth profile as the emulator keeps it (secrets included), as the API returns it, and
// the inputs of the out-of-band hooks `seed` and `modify`.

/** A profile as the emulator stores it: the API's shape plus the secrets it never returns. */
export interface StoredProfile {
  id: number;
  user_id: number;
  name: string;
  provider: string;
  data: { client_id: string; client_secret: string; token?: string };
  shared_accounts_count: number;
  oem_customers_count: number;
  /** ISO 8601 with milliseconds and offset, e.g. "2023-01-15T18:50:32.986+00:00". */
  created_at: string;
  updated_at: string;
}

/** A profile as every endpoint returns it: no `client_secret`, no `token`. */
export interface PublicProfile {
  id: number;
  user_id: number;
  name: string;
  provider: string;
  data: { client_id: string };
  shared_accounts_count: number;
  oem_customers_count: number;
  created_at: string;
  updated_at: string;
}

/** Input of `seed`: a profile created out of band, as if someone used the Workato UI. */
export interface SeedInput {
  name: string;
  provider: string;
  client_id: string;
  client_secret: string;
  token?: string;
  shared_accounts_count?: number;
  oem_customers_count?: number;
}

/** Input of `modify`: an out-of-band edit; `token: null` removes the token. */
export interface ModifyPatch {
  name?: string;
  provider?: string;
  client_id?: string;
  client_secret?: string;
  token?: string | null;
  shared_accounts_count?: number;
  oem_customers_count?: number;
}
